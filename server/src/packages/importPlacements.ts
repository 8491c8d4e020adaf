/**
 * Import existing placements (a social care system's export, CSV or xlsx) as live service
 * agreements. Every row is checked and every problem reported with its row and column before
 * anything is written; then all rows are written in one transaction (all or nothing), with one
 * audit entry. Each placement's id in the source system is the agreement's import key: a row
 * imported before with the same values is left as it is (re-importing a file changes nothing),
 * and one imported before with different values is refused (a change is a variation, never an
 * edit). The columns are documented in server/README.md ("Importing placements") and shown by
 * test/fixtures/placements-import.csv.
 */
import { randomUUID } from 'node:crypto';
import type { AuditLog } from '../platform/audit/auditLog';
import { actorOf } from '../platform/auth/organisations';
import type { Principal } from '../platform/auth/roles';
import type { Database, Queryable } from '../platform/db/database';
import { HttpError } from '../platform/http/errors';
import { checkCancelled, DetailedError, type ReportProgress } from '../platform/http/progress';
import type { Cell, UploadedTable } from '../platform/files/spreadsheet';
import { excelSerialToIso, isIsoDate } from '../../../shared/src/dates';
import { CareFeeError } from '../../../shared/src/errors';
import { Decimal, toMoney } from '../../../shared/src/money';
import { slugSchema } from '../../../shared/src/rateCard';
import { FUNDING_STREAMS, type FundingStream } from '../../../shared/src/contract/packages';
import { buildFundingSplit } from './repository';
import { lockPackageBook } from './locks';

/** The columns, in the order the sample file has them; `required` ones must be in the header. */
export const IMPORT_COLUMNS = [
  { name: 'placement_id', required: true },
  { name: 'person_reference', required: true },
  { name: 'provider', required: true },
  { name: 'category', required: true },
  { name: 'funding', required: true },
  { name: 'start_date', required: true },
  { name: 'end_date', required: false },
  { name: 'weekly_price', required: true },
  { name: 'receipt_frequency', required: false },
  { name: 'council_net', required: false },
  { name: 'client_contribution', required: false },
  { name: 'chc_share', required: false },
  { name: 'joint_nhs_share', required: false },
  { name: 'fnc', required: false },
] as const;
type Column = (typeof IMPORT_COLUMNS)[number]['name'];

const SHARES = ['council_net', 'client_contribution', 'chc_share', 'joint_nhs_share'] as const;
const MAX_ROWS = 100_000;
const BATCH = 1000;

export interface RowError {
  row: number;
  column: Column | null;
  message: string;
}

interface PlacementRow {
  row: number;
  placementId: string;
  personReference: string;
  providerRef: string;
  category: string;
  funding: FundingStream;
  startDate: string;
  endDate: string | null;
  weeklyPrice: string;
  receiptFrequency: 'weekly' | 'four-weekly';
  shares: Partial<Record<(typeof SHARES)[number], string>>;
  fnc: boolean;
}

export interface ImportReport {
  importId: string;
  dryRun: boolean;
  rows: number;
  imported: number;
  unchanged: number;
  ignoredColumns: string[];
  items: Array<{
    row: number;
    placementId: string;
    agreementId: string | null;
    outcome: 'imported' | 'unchanged' | 'would-import';
  }>;
}

/** Headers compared without case, spaces or punctuation: "Placement ID" is placement_id. */
const norm = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

const text = (c: Cell | undefined): string => {
  if (c === null || c === undefined) return '';
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c).trim();
};

/** A date as YYYY-MM-DD, DD/MM/YYYY (as UK systems export them), or an Excel date cell. */
function dateOf(c: Cell | undefined): string {
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  if (typeof c === 'number') return excelSerialToIso(c);
  const t = text(c);
  if (isIsoDate(t)) return t;
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (uk) {
    const iso = `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`;
    if (isIsoDate(iso)) return iso;
  }
  throw new Error(`"${t}" is not a date (YYYY-MM-DD or DD/MM/YYYY)`);
}

/** Pounds and pence: "812.50", "£1,234.00" or a number cell; never fractions of a penny. */
function moneyOf(c: Cell | undefined): string {
  const raw = typeof c === 'number' ? String(c) : text(c).replace(/^£/, '').replace(/,/g, '');
  try {
    const v = toMoney(raw, 'the amount');
    if (v.isNegative()) throw new Error(`"${text(c)}" is negative`);
    return v.toFixed(2);
  } catch (e) {
    if (e instanceof CareFeeError)
      throw new Error(`"${text(c)}" is not an amount in pounds and pence`, { cause: e });
    throw e;
  }
}

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0', '']);

/** Each row as a placement, or the problems with it (every one, not just the first). */
export function readPlacementRows(table: UploadedTable): {
  rows: PlacementRow[];
  errors: RowError[];
  ignoredColumns: string[];
} {
  const index = new Map<string, number>();
  table.header.forEach((h, i) => {
    if (!index.has(norm(h))) index.set(norm(h), i);
  });
  const known = new Set(IMPORT_COLUMNS.map((c) => norm(c.name)));
  const ignoredColumns = table.header.filter((h) => h !== '' && !known.has(norm(h)));
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !index.has(norm(c.name)));
  if (missing.length)
    return {
      rows: [],
      ignoredColumns,
      errors: missing.map((c) => ({
        row: 1,
        column: c.name,
        message: `the header has no ${c.name} column`,
      })),
    };
  if (table.rows.length > MAX_ROWS)
    throw new HttpError(
      413,
      'TOO_LARGE',
      `the file has ${table.rows.length} rows; import at most ${MAX_ROWS} at a time`,
      ['file'],
    );

  const errors: RowError[] = [];
  const rows: PlacementRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    const cell = (c: Column) => {
      const i = index.get(norm(c));
      return i === undefined ? null : (cells[i] ?? null);
    };
    const problems: RowError[] = [];
    const field = <T>(c: Column, read: (v: Cell) => T): T | undefined => {
      try {
        return read(cell(c));
      } catch (e) {
        problems.push({ row, column: c, message: (e as Error).message });
        return undefined;
      }
    };
    const required = (c: Column, max: number) =>
      field(c, (v) => {
        const t = text(v);
        if (t === '') throw new Error(`${c} is empty`);
        if (t.length > max) throw new Error(`${c} is longer than ${max} characters`);
        return t;
      });
    const placementId = required('placement_id', 100);
    if (placementId !== undefined) {
      const first = firstRowOf.get(placementId);
      if (first !== undefined)
        problems.push({
          row,
          column: 'placement_id',
          message: `placement ${placementId} is also on row ${first}`,
        });
      else firstRowOf.set(placementId, row);
    }
    const personReference = required('person_reference', 100);
    const providerRef = required('provider', 100);
    const category = field('category', (v) => {
      const t = text(v).toLowerCase();
      if (!slugSchema.safeParse(t).success)
        throw new Error(`"${text(v)}" is not a category id (e.g. older-residential)`);
      return t;
    });
    const funding = field('funding', (v) => {
      const t = text(v).toLowerCase();
      if (!(FUNDING_STREAMS as readonly string[]).includes(t))
        throw new Error(`"${text(v)}" is not a funding stream: council, chc or joint`);
      return t as FundingStream;
    });
    const startDate = field('start_date', dateOf);
    const endDate = field('end_date', (v) => (text(v) === '' ? null : dateOf(v)));
    if (startDate && endDate && endDate < startDate)
      problems.push({
        row,
        column: 'end_date',
        message: `end_date ${endDate} is before start_date ${startDate}`,
      });
    const weeklyPrice = field('weekly_price', (v) => {
      const p = moneyOf(v);
      if (new Decimal(p).isZero()) throw new Error('weekly_price must be more than zero');
      return p;
    });
    const receiptFrequency = field('receipt_frequency', (v) => {
      const t = text(v).toLowerCase() || 'weekly';
      if (t !== 'weekly' && t !== 'four-weekly')
        throw new Error(`"${text(v)}" is not weekly or four-weekly`);
      return t;
    });
    const shares: PlacementRow['shares'] = {};
    for (const s of SHARES) {
      const v = field(s, (c) => (text(c) === '' ? undefined : moneyOf(c)));
      if (v !== undefined) shares[s] = v;
    }
    const fnc = field('fnc', (v) => {
      const t = text(v).toLowerCase();
      if (YES.has(t)) return true;
      if (NO.has(t)) return false;
      throw new Error(`"${text(v)}" is not yes or no`);
    });
    if (problems.length) {
      errors.push(...problems);
      continue;
    }
    rows.push({
      row,
      placementId: placementId!,
      personReference: personReference!,
      providerRef: providerRef!,
      category: category!,
      funding: funding!,
      startDate: startDate!,
      endDate: endDate!,
      weeklyPrice: weeklyPrice!,
      receiptFrequency: receiptFrequency!,
      shares,
      fnc: fnc!,
    });
  }
  return { rows, errors, ignoredColumns };
}

/** Providers on the record by each id a file may carry: provider or location id, or a CQC id. */
async function providerIndex(q: Queryable, organisationId: string) {
  const { rows } = await q.query<{
    provider_id: string;
    location_id: string | null;
    id: string;
    cqc: string | null;
  }>(
    `SELECT id AS provider_id, NULL AS location_id, id, cqc_provider_id AS cqc FROM providers WHERE organisation_id = $1
     UNION ALL
     SELECT provider_id, id, id, cqc_location_id FROM locations WHERE organisation_id = $1`,
    [organisationId],
  );
  const index = new Map<string, { providerId: string; locationId: string | null }>();
  for (const r of rows) {
    const at = { providerId: r.provider_id, locationId: r.location_id };
    index.set(r.id, at);
    if (r.cqc) index.set(r.cqc, at);
  }
  return index;
}

interface ExistingRow {
  id: string;
  import_key: string;
  provider_id: string;
  location_id: string | null;
  person_reference: string;
  category: string;
  funding: string;
  start_date: string;
  end_date: string | null;
  weekly_price: string;
  receipt_frequency: string;
}

async function existingImports(q: Queryable, organisationId: string, keys: string[]) {
  const { rows } = await q.query<ExistingRow>(
    `SELECT id, import_key, provider_id, location_id, person_reference, category, funding,
            to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date,
            weekly_price::text AS weekly_price, receipt_frequency
       FROM service_agreements
      WHERE organisation_id = $1 AND import_key IN (SELECT jsonb_array_elements_text($2::jsonb))`,
    [organisationId, JSON.stringify(keys)],
  );
  return new Map(rows.map((r) => [r.import_key, r]));
}

/** The columns whose values differ from the agreement an earlier import made. */
function differences(
  r: PlacementRow,
  at: { providerId: string },
  e: ExistingRow,
): Array<[Column, string]> {
  const out: Array<[Column, string]> = [];
  if (at.providerId !== e.provider_id) out.push(['provider', e.provider_id]);
  if (r.personReference !== e.person_reference) out.push(['person_reference', e.person_reference]);
  if (r.category !== e.category) out.push(['category', e.category]);
  if (r.funding !== e.funding) out.push(['funding', e.funding]);
  if (r.startDate !== e.start_date) out.push(['start_date', e.start_date]);
  if (r.endDate !== e.end_date) out.push(['end_date', e.end_date ?? '(none)']);
  if (!new Decimal(r.weeklyPrice).eq(e.weekly_price)) out.push(['weekly_price', e.weekly_price]);
  if (r.receiptFrequency !== e.receipt_frequency)
    out.push(['receipt_frequency', e.receipt_frequency]);
  return out;
}

const invalidRows = (errors: RowError[], rows: number) => {
  const bad = new Set(errors.map((e) => e.row)).size;
  return new DetailedError(
    422,
    'INVALID_ROWS',
    `${errors.length} problem${errors.length === 1 ? '' : 's'} in ${bad} of ${rows} row${rows === 1 ? '' : 's'}: nothing was imported; correct the file and import it again`,
    ['file'],
    { errors },
  );
};

/**
 * Check every row and, if all are good (and this is not a dry run), write them: one
 * transaction, one audit entry. Progress is reported as rows checked, then rows written;
 * the signal is checked between batches, and a cancelled import writes nothing.
 */
export async function importPlacements(
  db: Database,
  audit: AuditLog,
  principal: Principal,
  table: UploadedTable,
  options: { dryRun?: boolean; signal?: AbortSignal; onProgress?: ReportProgress } = {},
): Promise<ImportReport> {
  const org = principal.organisationId;
  const what = 'the import';
  const report = options.onProgress ?? (() => undefined);
  const total = table.rows.length;
  report({ phase: 'checking', done: 0, total });
  const { rows, errors, ignoredColumns } = readPlacementRows(table);
  if (errors.some((e) => e.row === 1)) throw invalidRows(errors, total);
  checkCancelled(options.signal, what);
  const importId = randomUUID();
  return db.transaction(async (tx) => {
    await lockPackageBook(tx, org);
    const providers = await providerIndex(tx, org);
    const existing = await existingImports(
      tx,
      org,
      rows.map((r) => r.placementId),
    );
    const items: ImportReport['items'] = [];
    const toWrite: Array<{
      r: PlacementRow;
      at: { providerId: string; locationId: string | null };
      split: unknown;
    }> = [];
    for (const r of rows) {
      const at = providers.get(r.providerRef);
      if (!at) {
        errors.push({
          row: r.row,
          column: 'provider',
          message: `no provider or location "${r.providerRef}" on the provider record (a provider or location id, or a CQC ID)`,
        });
        continue;
      }
      const before = existing.get(r.placementId);
      if (before) {
        const diff = differences(r, at, before);
        if (diff.length === 0) {
          items.push({
            row: r.row,
            placementId: r.placementId,
            agreementId: before.id,
            outcome: 'unchanged',
          });
          continue;
        }
        for (const [column, was] of diff)
          errors.push({
            row: r.row,
            column,
            message: `placement ${r.placementId} was imported before (agreement ${before.id}) with ${column} ${was}: a change is a variation of the agreement, never an edit`,
          });
        continue;
      }
      const given = Object.keys(r.shares).length > 0;
      if (!given && r.funding === 'joint') {
        errors.push({
          row: r.row,
          column: 'council_net',
          message: `a jointly funded placement needs its weekly shares: ${SHARES.join(', ')}`,
        });
        continue;
      }
      // Without shares, the stream pays it all (the council net, or CHC), as an award does.
      const whole = (stream: FundingStream) =>
        given || r.funding !== stream ? '0.00' : r.weeklyPrice;
      let split: unknown;
      try {
        split = buildFundingSplit(r.funding, r.weeklyPrice, r.startDate, {
          councilNet: r.shares.council_net ?? whole('council'),
          clientContribution: r.shares.client_contribution ?? '0.00',
          chcShare: r.shares.chc_share ?? whole('chc'),
          jointNhsShare: r.shares.joint_nhs_share ?? '0.00',
          fnc: r.fnc,
        });
      } catch (e) {
        if (!(e instanceof HttpError || e instanceof CareFeeError)) throw e;
        errors.push({ row: r.row, column: 'council_net', message: e.message });
        continue;
      }
      toWrite.push({ r, at, split });
      items.push({
        row: r.row,
        placementId: r.placementId,
        agreementId: null,
        outcome: options.dryRun ? 'would-import' : 'imported',
      });
    }
    report({ phase: 'checking', done: total, total });
    if (errors.length) {
      errors.sort((a, b) => a.row - b.row);
      throw invalidRows(errors, total);
    }
    const result: ImportReport = {
      importId,
      dryRun: options.dryRun ?? false,
      rows: total,
      imported: toWrite.length,
      unchanged: items.length - toWrite.length,
      ignoredColumns,
      items: items.sort((a, b) => a.row - b.row),
    };
    if (options.dryRun) return result;

    const now = new Date().toISOString();
    const ids = new Map<string, string>();
    for (let at = 0; at < toWrite.length; at += BATCH) {
      checkCancelled(options.signal, what);
      report({ phase: 'writing', done: at, total: toWrite.length });
      const batch = toWrite.slice(at, at + BATCH).map(({ r, at: where, split }) => {
        const id = randomUUID();
        ids.set(r.placementId, id);
        return {
          id,
          provider_id: where.providerId,
          location_id: where.locationId,
          person_reference: r.personReference,
          category: r.category,
          funding: r.funding,
          start_date: r.startDate,
          end_date: r.endDate,
          weekly_price: r.weeklyPrice,
          price_provenance: { source: 'import', importId, row: r.row, placementId: r.placementId },
          funding_split: split,
          receipt_frequency: r.receiptFrequency,
          import_key: r.placementId,
        };
      });
      // One statement a batch: the rows travel as one JSON document.
      await tx.query(
        `INSERT INTO service_agreements (id, organisation_id, provider_id, location_id, person_reference, category,
           funding, start_date, end_date, weekly_price, price_provenance, funding_split, receipt_frequency, status,
           responded_at, import_key, created_by, created_at)
         SELECT x.id, $2, x.provider_id, x.location_id, x.person_reference, x.category, x.funding, x.start_date,
                x.end_date, x.weekly_price, x.price_provenance, x.funding_split, x.receipt_frequency, 'active',
                $3::timestamptz, x.import_key, $4, $3::timestamptz
           FROM jsonb_to_recordset($1::jsonb) AS x(id text, provider_id text, location_id text, person_reference text,
                category text, funding text, start_date date, end_date date, weekly_price numeric,
                price_provenance jsonb, funding_split jsonb, receipt_frequency text, import_key text)`,
        [JSON.stringify(batch), org, now, principal.userId],
      );
    }
    checkCancelled(options.signal, what);
    report({ phase: 'writing', done: toWrite.length, total: toWrite.length });
    for (const item of result.items)
      if (item.outcome === 'imported') item.agreementId = ids.get(item.placementId)!;
    await audit.record(tx, actorOf(principal), {
      action: 'agreements.import',
      entityType: 'agreement-import',
      entityId: importId,
      after: {
        rows: result.rows,
        imported: result.imported,
        unchanged: result.unchanged,
        agreements: result.items
          .filter((i) => i.outcome === 'imported')
          .map((i) => ({ placementId: i.placementId, agreementId: i.agreementId })),
      },
    });
    return result;
  });
}
