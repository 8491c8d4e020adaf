/**
 * The organisation's live service agreements as a sheet table whose fees stay live: each row's
 * card fee is =CARE.FEE(card, category, band, provider_or_location, start_date) beside the
 * agreed price, and a note cell holds =CARE.COMMITMENT(year) for the financial year.
 */
import type { RateCard } from '../../../shared/src';
import { DATE_FORMAT, MONEY_FORMAT, type SheetTableSpec } from './excelActions';
import type { AgreementSummary, ProviderListItem, RequirementSummary } from './services';

/** The financial year a date falls in, by the year it starts (1 April). */
export function financialYear(date: string): number {
  const [year, month] = date.split('-').map(Number) as [number, number];
  return month >= 4 ? year : year - 1;
}

/** The band a requirement's needs name (category needs only), else blank. */
export function bandOf(requirement: RequirementSummary | undefined): string {
  const needs = requirement?.needs as { kind?: string; band?: unknown } | undefined;
  return needs?.kind === 'category' && typeof needs.band === 'string' ? needs.band : '';
}

/** Text written as a formula stays text, even when it starts like one ("=", "+", "-", "@"). */
export function asText(value: string): string {
  return /^[=+\-@]/.test(value) ? `'${value}` : value;
}

export const AGREEMENT_TABLE_HEADERS = [
  'Agreement',
  'Person reference',
  'Provider',
  'Provider or location',
  'Category',
  'Band',
  'Funding',
  'Start date',
  'End date',
  'Agreed weekly price',
  'Card weekly fee',
  'Agreed minus card',
];

/** Where the card id sits, for every row's CARE.FEE. */
const CARD_CELL = '$B$2';

export function agreementTableSpec(input: {
  card: RateCard;
  agreements: readonly AgreementSummary[];
  providers: readonly ProviderListItem[];
  requirements: readonly RequirementSummary[];
  today: string;
}): SheetTableSpec {
  const { card, agreements, today } = input;
  const providers = new Map(input.providers.map((p) => [p.id, p]));
  const requirements = new Map(input.requirements.map((r) => [r.id, r]));
  const fy = financialYear(today);
  /** The reference CARE.FEE reads the rating from: the CQC location ID when there is one. */
  const refOf = (a: AgreementSummary) => {
    const location = providers.get(a.providerId)?.locations.find((l) => l.id === a.locationId);
    return location?.cqcLocationId ?? a.locationId ?? a.providerId;
  };
  return {
    sheetName: `Agreements ${today}`,
    tableName: `Agreements_${today}`,
    notes: [
      [`Live service agreements on ${today}: ${agreements.length}`, ''],
      ['Rate card', card.id],
      [`Commitment ${fy}/${String((fy + 1) % 100).padStart(2, '0')}`, `=CARE.COMMITMENT(${fy})`],
      [
        'Card weekly fee: =CARE.FEE(card, category, band, provider_or_location, start_date), the rating from the provider record on the start date',
        '',
      ],
    ],
    noteFormats: { 2: MONEY_FORMAT },
    headers: AGREEMENT_TABLE_HEADERS,
    count: agreements.length,
    formulas: true,
    row: (i, r) => {
      const a = agreements[i]!;
      return [
        a.id,
        asText(a.personReference),
        asText(providers.get(a.providerId)?.name ?? a.providerId),
        refOf(a),
        asText(a.category),
        asText(bandOf(a.requirementId ? requirements.get(a.requirementId) : undefined)),
        a.funding,
        a.startDate,
        a.endDate ?? '',
        Number(a.weeklyPrice),
        `=CARE.FEE(${CARD_CELL},E${r},F${r},D${r},H${r})`,
        `=J${r}-K${r}`,
      ];
    },
    columnFormats: {
      7: DATE_FORMAT,
      8: DATE_FORMAT,
      9: MONEY_FORMAT,
      10: MONEY_FORMAT,
      11: MONEY_FORMAT,
    },
  };
}
