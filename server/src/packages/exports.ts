/**
 * The payment schedule for the finance system: one row per receipt ready to pay (approved or
 * invoiced by default), as CSV (csv-stringify) or an xlsx table with £ formats. Amounts are the
 * receipts' exact pence; text a spreadsheet would run as a formula is defused.
 */
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { Queryable } from '../platform/db/database';
import { POUNDS_FORMAT } from '../scenarios/exports';

export interface PaymentRow {
  receiptId: string;
  agreementId: string;
  providerId: string;
  personReference: string;
  category: string;
  funding: string;
  periodStart: string;
  periodEnd: string;
  amount: string;
  status: string;
  approvedAt: string | null;
  invoiceReference: string | null;
}

const HEADERS: Array<[keyof PaymentRow, string]> = [
  ['receiptId', 'Receipt'],
  ['agreementId', 'Agreement'],
  ['providerId', 'Provider'],
  ['personReference', 'Person reference'],
  ['category', 'Category'],
  ['funding', 'Funding'],
  ['periodStart', 'Period start'],
  ['periodEnd', 'Period end'],
  ['amount', 'Amount (£)'],
  ['status', 'Status'],
  ['approvedAt', 'Approved at'],
  ['invoiceReference', 'Invoice reference'],
];

export async function paymentScheduleRows(
  q: Queryable,
  organisationId: string,
  status?: string,
): Promise<PaymentRow[]> {
  const { rows } = await q.query<Record<string, string | Date | null>>(
    `SELECT r.id, r.agreement_id, r.provider_id, a.person_reference, a.category, a.funding,
       to_char(r.period_start, 'YYYY-MM-DD') AS period_start, to_char(r.period_end, 'YYYY-MM-DD') AS period_end,
       r.amount::text AS amount, r.status, r.approved_at, r.invoice_reference
       FROM service_receipts r JOIN service_agreements a ON a.id = r.agreement_id
      WHERE r.organisation_id = $1 AND ($2::text IS NULL AND r.status IN ('approved', 'invoiced') OR r.status = $2)
      ORDER BY r.provider_id, r.period_start, r.agreement_id`,
    [organisationId, status ?? null],
  );
  return rows.map((r) => ({
    receiptId: String(r.id),
    agreementId: String(r.agreement_id),
    providerId: String(r.provider_id),
    personReference: String(r.person_reference),
    category: String(r.category),
    funding: String(r.funding),
    periodStart: String(r.period_start),
    periodEnd: String(r.period_end),
    amount: String(r.amount),
    status: String(r.status),
    approvedAt: r.approved_at ? new Date(r.approved_at).toISOString() : null,
    invoiceReference: r.invoice_reference ? String(r.invoice_reference) : null,
  }));
}

/** Text a spreadsheet would run as a formula gets a leading apostrophe. */
const defuse = (v: string | null) => (v !== null && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export function paymentScheduleCsv(rows: PaymentRow[]): string {
  return stringify(
    rows.map((r) => HEADERS.map(([k]) => (k === 'amount' ? r.amount : defuse(r[k])))),
    { header: true, columns: HEADERS.map(([, label]) => label), record_delimiter: '\r\n' },
  );
}

export async function paymentScheduleXlsx(rows: PaymentRow[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Payment schedule');
  sheet.addTable({
    name: 'PaymentSchedule',
    ref: 'A1',
    headerRow: true,
    totalsRow: false,
    columns: HEADERS.map(([, name]) => ({ name, filterButton: true })),
    rows: rows.map((r) => HEADERS.map(([k]) => (k === 'amount' ? Number(r.amount) : r[k]))),
  });
  sheet.getColumn(9).numFmt = POUNDS_FORMAT;
  sheet.columns.forEach((c) => (c.width = 18));
  return Buffer.from(await book.xlsx.writeBuffer());
}
