/**
 * The pane's formula builder: a =CARE.FEE(...) call for a card, category, band and rating, as a
 * user would type it (ids, not names, so a renamed category never breaks it; trailing blanks left
 * out; Bronze with its improvement deadline as DATE(y, m, d), which every locale reads alike).
 */
import type { IsoDate } from '../../../shared/src';

export interface FeeFormulaChoice {
  card: string;
  category: string;
  band?: string | null;
  rating: 'Gold' | 'Silver' | 'Bronze';
  /** Required for Bronze: the fee is standard up to it and 3% less after it. */
  bronzeDeadline?: IsoDate | null;
}

/** A text argument in an Excel formula: quotes doubled. */
const text = (value: string) => `"${value.replace(/"/g, '""')}"`;

export function feeFormula(choice: FeeFormulaChoice): string {
  if (choice.rating === 'Bronze' && !choice.bronzeDeadline)
    throw new Error('Bronze needs the improvement deadline: the fee drops 3% after it.');
  const deadline =
    choice.rating === 'Bronze' && choice.bronzeDeadline
      ? (() => {
          const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(choice.bronzeDeadline);
          if (!m) throw new Error(`The deadline must be a date, got "${choice.bronzeDeadline}".`);
          return `DATE(${Number(m[1])},${Number(m[2])},${Number(m[3])})`;
        })()
      : '';
  // card, category, band, rating, date (blank: today), bronze_deadline
  const args = [
    text(choice.card),
    text(choice.category),
    choice.band ? text(choice.band) : '',
    choice.rating === 'Silver' ? '' : text(choice.rating),
    '',
    deadline,
  ];
  while (args.length > 2 && args[args.length - 1] === '') args.pop();
  return `=CARE.FEE(${args.join(',')})`;
}
