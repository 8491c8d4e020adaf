/**
 * Money results as Excel shows money. Where the Excel build supports formatted values from
 * custom functions, an amount arrives as a number formatted "£#,##0.00" (a Double with a number
 * format from ExcelApi 1.19; a FormattedNumber in 1.16-1.18); elsewhere (older builds, tests
 * outside Office) it is the plain number, which sums, compares and formats like any other.
 */
const POUNDS = '£#,##0.00';

type Support = 'double' | 'formatted' | 'plain';
let support: Support | undefined;

interface Requirements {
  isSetSupported(name: string, version?: string): boolean;
}

function detect(): Support {
  if (support) return support;
  const office = (globalThis as { Office?: { context?: { requirements?: Requirements } } }).Office;
  const requirements = office?.context?.requirements;
  // Before Office.onReady there is no context: answer plainly now and ask again next time.
  if (!requirements) return 'plain';
  try {
    support = requirements.isSetSupported('ExcelApi', '1.19')
      ? 'double'
      : requirements.isSetSupported('ExcelApi', '1.16')
        ? 'formatted'
        : 'plain';
  } catch {
    support = 'plain';
  }
  return support;
}

/** For tests: forget what was detected. */
export function resetMoneyFormat(): void {
  support = undefined;
}

export type MoneyValue =
  | number
  | { type: 'Double'; basicValue: number; numberFormat: string }
  | { type: 'FormattedNumber'; basicValue: number; numberFormat: string };

/** An engine amount ("580.03") as an Excel money value. */
export function money(text: string): MoneyValue {
  const value = Number(text);
  switch (detect()) {
    case 'double':
      return { type: 'Double', basicValue: value, numberFormat: POUNDS };
    case 'formatted':
      return { type: 'FormattedNumber', basicValue: value, numberFormat: POUNDS };
    default:
      return value;
  }
}
