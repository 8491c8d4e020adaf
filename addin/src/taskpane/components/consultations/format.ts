/** Consultation display helpers: dates in en-GB, UK time; the responses as sheet rows. */
import type { ConsultationPosition, ConsultationResponse } from '../../services';
import type { ResponseLines } from '../../excelActions';

const UK = 'Europe/London';

/** "5 January 2026" */
export function ukDate(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: UK,
  });
}

/** "5 January 2026, 09:00" */
export function ukDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: UK,
  });
}

/** A date input's "2026-01-05" → the start of that day (or its end) in the user's time zone, as ISO. */
export function dayStart(day: string): string {
  return new Date(`${day}T00:00:00`).toISOString();
}
export function dayEnd(day: string): string {
  return new Date(`${day}T23:59:59`).toISOString();
}

/** "2026-01-05" for a date input, n days from now (local). */
export function dayFromNow(days: number, now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export const POSITION_TEXT: Record<ConsultationPosition, string> = {
  support: 'support',
  'support-with-changes': 'support with changes',
  oppose: 'oppose',
};

export function positionsLine(positions: Record<ConsultationPosition, number>): string {
  return (Object.keys(POSITION_TEXT) as ConsultationPosition[])
    .map((p) => `${POSITION_TEXT[p]} ${positions[p] ?? 0}`)
    .join(', ');
}

const UNIT_TEXT: Record<ConsultationResponse['costEvidence'][number]['unit'], string> = {
  'per-week': 'a week',
  'per-hour': 'an hour',
  'per-year': 'a year',
  'one-off': 'one-off',
};
export const unitText = (u: keyof typeof UNIT_TEXT) => UNIT_TEXT[u] ?? u;

export const rowText = (category: string | null, band: string | null) =>
  category === null ? 'General' : band === null ? category : `${category} band ${band}`;

const RESPONSE_HEADERS = [
  'Reference',
  'Organisation',
  'Contact name',
  'Contact email',
  'CQC location ID',
  'Position',
  'Sent',
  'Last changed',
  'Link',
  'Row',
  'Comment',
  'Cost evidence',
  'Amount',
  'Per',
];

/** One sheet row per comment and per cost figure (a response with neither still gets one). */
export function consultationLines(responses: readonly ConsultationResponse[]): ResponseLines {
  const values: (string | number)[][] = [];
  for (const r of responses) {
    const head = [
      r.reference,
      r.organisationName,
      r.contactName,
      r.contactEmail,
      r.cqcLocationId ?? '',
      POSITION_TEXT[r.position],
      ukDateTime(r.submittedAt),
      ukDateTime(r.updatedAt),
      r.linkLabel,
    ];
    const before = values.length;
    for (const c of r.comments)
      values.push([...head, rowText(c.category, c.band), c.text, '', '', '']);
    for (const e of r.costEvidence)
      values.push([
        ...head,
        rowText(e.category, e.band),
        '',
        e.description,
        Number(e.amount),
        unitText(e.unit),
      ]);
    if (values.length === before) values.push([...head, '', '', '', '', '']);
  }
  return { headers: RESPONSE_HEADERS, values, amountColumn: RESPONSE_HEADERS.indexOf('Amount') };
}
