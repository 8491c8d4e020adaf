/**
 * Files people take away: the scenario's rates (for providers, from the share link) and the
 * responses (for commissioners). CSV for any tool; xlsx with a formatted table, £ number
 * formats and a notes sheet carrying the assumptions and provenance.
 */
import ExcelJS from 'exceljs';
import type { StoredResponse } from './model';
import type { ResponseSummary } from './summary';
import {
  POSITION_LABELS,
  POSITIONS,
  type PublicScenario,
  type ScenarioRow,
} from '../../../shared/src/contract/scenarioView';
import { longDate } from './view';

export const POUNDS_FORMAT = '"£"#,##0.00';
const PERCENT_FORMAT = '0.00%';

/** A CSV field: quoted when needed; text a spreadsheet would run as a formula is defused. */
export function csvField(value: string | number | null | undefined, { text = false } = {}): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (text && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csvLine = (cells: string[]) => cells.join(',');
const t = (v: string | null | undefined) => csvField(v, { text: true });

const RATE_HEADERS = [
  'Category',
  'Band',
  'Current hotel (£/week)',
  'Current care (£/week)',
  'Current weekly fee (£)',
  'Proposed hotel (£/week)',
  'Proposed care (£/week)',
  'Proposed weekly fee (£)',
  'Change (£/week)',
  'Change (%)',
];

const bandLabel = (row: ScenarioRow) =>
  row.band === null ? '' : (row.bandName ?? `Band ${row.band}`);

/** One rate row in RATE_HEADERS order, as exact text: the CSV and the xlsx each encode these. */
function rateColumns(row: ScenarioRow): {
  category: string;
  band: string;
  figures: Array<string | null | undefined>;
} {
  return {
    category: row.categoryName,
    band: bandLabel(row),
    figures: [
      row.current?.hotel,
      row.current?.care,
      row.current?.weekly,
      row.proposed?.hotel,
      row.proposed?.care,
      row.proposed?.weekly,
      row.change?.pounds,
      row.change?.percent,
    ],
  };
}

export function scenarioCsv(view: PublicScenario): string {
  const lines = [csvLine(RATE_HEADERS)];
  for (const row of view.rows) {
    const { category, band, figures } = rateColumns(row);
    lines.push(csvLine([t(category), t(band), ...figures.map((f) => csvField(f))]));
  }
  return lines.join('\r\n') + '\r\n';
}

/** Exact pence as an Excel number (figures are 2-place decimals, well inside double precision). */
const num = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));

function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.alignment = { vertical: 'middle', wrapText: true };
}

function provenanceLines(view: PublicScenario): Array<[string, string]> {
  const ref = (r: PublicScenario['current']) =>
    `${r.title} (card ${r.id}${r.version === null ? '' : ` version ${r.version}`}, ${r.status}${r.approvedOn ? ` on ${longDate(r.approvedOn)}` : ''}; in force from ${longDate(r.effectiveFrom)})`;
  return [
    ['Scenario', view.title],
    ['Commissioner', view.commissioner],
    ['Current rates', ref(view.current)],
    [
      'Proposed rates',
      `${ref(view.proposed)}${view.proposed.status === 'approved' ? '' : ' — a proposal, not approved'}`,
    ],
    ['Consultation opens', new Date(view.opensAt).toUTCString()],
    ['Consultation closes', new Date(view.closesAt).toUTCString()],
  ];
}

export async function scenarioXlsx(view: PublicScenario): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'carefee';
  wb.title = view.title;
  const ws = wb.addWorksheet('Rates', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addTable({
    name: 'Rates',
    ref: 'A1',
    headerRow: true,
    style: { theme: 'TableStyleMedium2', showRowStripes: true },
    columns: RATE_HEADERS.map((name) => ({ name, filterButton: true })),
    rows: view.rows.map((row) => {
      const { category, band, figures } = rateColumns(row);
      const values = figures.map(num);
      // Excel percentages are fractions: 3.10% is 0.031 (the last column).
      const percent = values.pop();
      return [
        category,
        band,
        ...values,
        percent === null || percent === undefined ? null : percent / 100,
      ];
    }),
  });
  ws.getColumn(1).width = 34;
  ws.getColumn(2).width = 22;
  for (let c = 3; c <= 9; c++) {
    ws.getColumn(c).width = 16;
    ws.getColumn(c).numFmt = POUNDS_FORMAT;
  }
  ws.getColumn(10).width = 12;
  ws.getColumn(10).numFmt = PERCENT_FORMAT;
  styleHeader(ws.getRow(1));

  const notes = wb.addWorksheet('Notes');
  notes.getColumn(1).width = 24;
  notes.getColumn(2).width = 110;
  notes.addRow(['Assumptions']).font = { bold: true, size: 13 };
  view.assumptionText.forEach(
    (line) => (notes.addRow(['', line]).getCell(2).alignment = { wrapText: true }),
  );
  notes.addRow([]);
  notes.addRow(['Provenance']).font = { bold: true, size: 13 };
  for (const [k, v] of provenanceLines(view)) {
    const r = notes.addRow([k, v]);
    r.getCell(1).font = { bold: true };
    r.getCell(2).alignment = { wrapText: true };
  }
  notes.addRow([]);
  notes.addRow([
    '',
    'Weekly fee is the standard (Silver) fee: hotel cost plus care cost. Figures are pounds a week.',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const RESPONSE_HEADERS = [
  'Reference',
  'Submitted at',
  'Last changed',
  'Link',
  'Organisation',
  'Contact name',
  'Contact email',
  'CQC location id',
  'Position',
  'Category',
  'Band',
  'Comment',
  'Evidence',
  'Amount (£)',
  'Unit',
];

/** The index of the amount column: a number in the xlsx, not text. */
const AMOUNT = RESPONSE_HEADERS.indexOf('Amount (£)');

/** One line per comment and per cost figure (a response with neither still gets one line). */
function responseLines(r: StoredResponse): Array<Array<string | number | null>> {
  const head = [
    r.reference,
    r.submittedAt,
    r.updatedAt,
    r.linkLabel,
    r.organisationName,
    r.contactName,
    r.contactEmail,
    r.cqcLocationId,
    POSITION_LABELS[r.position],
  ];
  const out: Array<Array<string | number | null>> = [];
  for (const c of r.comments) out.push([...head, c.category, c.band, c.text, null, null, null]);
  for (const e of r.costEvidence)
    out.push([...head, e.category, e.band, null, e.description, e.amount, e.unit]);
  if (out.length === 0) out.push([...head, null, null, null, null, null, null]);
  return out;
}

export function responsesCsv(responses: ReadonlyArray<StoredResponse>): string {
  const lines = [csvLine(RESPONSE_HEADERS)];
  for (const r of responses) {
    for (const cells of responseLines(r)) {
      lines.push(
        csvLine(cells.map((v, i) => (i === AMOUNT ? csvField(v) : csvField(v, { text: true })))),
      );
    }
  }
  return lines.join('\r\n') + '\r\n';
}

export async function responsesXlsx(
  title: string,
  responses: ReadonlyArray<StoredResponse>,
  summary: ResponseSummary,
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'carefee';
  wb.title = `Responses: ${title}`;
  const ws = wb.addWorksheet('Responses', { views: [{ state: 'frozen', ySplit: 1 }] });
  const lines = responses
    .flatMap(responseLines)
    .map((cells) => cells.map((v, i) => (i === AMOUNT && v !== null ? Number(v) : v)));
  if (lines.length > 0) {
    ws.addTable({
      name: 'Responses',
      ref: 'A1',
      headerRow: true,
      style: { theme: 'TableStyleMedium2', showRowStripes: true },
      columns: RESPONSE_HEADERS.map((name) => ({ name, filterButton: true })),
      rows: lines,
    });
  } else {
    ws.addRow(RESPONSE_HEADERS);
  }
  styleHeader(ws.getRow(1));
  ws.getColumn(AMOUNT + 1).numFmt = POUNDS_FORMAT;
  [12, 24, 24, 20, 30, 22, 28, 16, 20, 16, 10, 60, 40, 14, 10].forEach(
    (w, i) => (ws.getColumn(i + 1).width = w),
  );

  const sum = wb.addWorksheet('Summary');
  sum.addRow(['Responses', summary.responses]).font = { bold: true };
  sum.addRow(['Line', ...POSITIONS.map((p) => POSITION_LABELS[p]), 'Comments']);
  styleHeader(sum.getRow(2));
  sum.addRow(['All responses', ...POSITIONS.map((p) => summary.positions[p]), null]);
  for (const row of summary.rows) {
    const name =
      row.key === 'general'
        ? 'General comments'
        : `${row.categoryName ?? row.category}${row.band === null ? '' : ` — ${row.bandName ?? `band ${row.band}`}`}`;
    sum.addRow([name, ...POSITIONS.map((p) => row.positions[p]), row.comments.length]);
  }
  sum.getColumn(1).width = 44;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
