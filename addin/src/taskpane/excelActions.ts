/**
 * Every write to and read from the workbook, in one module over the Excel JavaScript API, so
 * the React tree never touches `Excel` and the unit tests drive this with office-addin-mock.
 *
 * Figures come from the engine (feeSchedule, weeklyFee); this module only lays them out.
 */
import { feeSchedule, type RateCard, type ScheduleRow } from '../../../shared/src';
import type { CardSummary } from './services';

/** Pounds and pence, as the commissioners publish them. */
export const MONEY_FORMAT = '"£"#,##0.00';
/** Dates as the rate cards write them. */
export const DATE_FORMAT = 'yyyy-mm-dd';
/** Rows written per `context.sync()`: large inserts report progress between chunks. */
export const DEFAULT_CHUNK_ROWS = 200;

export type Progress = (done: number, total: number) => void;

/** A long insert stopped by the user: the partial sheet is removed, so nothing half-written stays. */
export class InsertCancelled extends Error {
  constructor(
    readonly done: number,
    readonly total: number,
  ) {
    super(`Cancelled after ${done} of ${total} rows; the partial sheet was removed.`);
    this.name = 'InsertCancelled';
  }
}

/**
 * A table on a new sheet: notes above it (column A, with a value or formula in B), a header row,
 * then one row per item. Rows are written as formulas when `formulas` is set, so a cell such as
 * "=CARE.FEE(...)" calculates; `row` receives the 1-based sheet row for same-row references.
 */
export interface SheetTableSpec {
  sheetName: string;
  tableName: string;
  notes: [string, string | number][];
  /** Number formats of the notes' column B, by 0-based note index. */
  noteFormats?: Record<number, string>;
  headers: string[];
  count: number;
  row(index: number, sheetRow: number): (string | number)[];
  formulas?: boolean;
  /** Number formats by 0-based column. */
  columnFormats?: Record<number, string>;
}

export interface InsertOptions {
  onProgress?: Progress;
  /** Aborting stops before the next chunk and removes the partial sheet (InsertCancelled). */
  signal?: AbortSignal;
}

export interface PlacementLine {
  row: number;
  category: string;
  band: string | null;
  rating: string | null;
  weeks: number;
}

export interface ExcelActions {
  insertSchedule(
    card: RateCard,
    meta: CardSummary | null,
    onProgress?: Progress,
  ): Promise<{ sheetName: string; tableName: string }>;
  insertPlacementsTemplate(card: RateCard): Promise<{ sheetName: string; tableName: string }>;
  /** Add the CAREFEE LAMBDA name; says why when this Excel cannot. */
  addCarefeeName(): Promise<{ ok: true; existed: boolean } | { ok: false; reason: string }>;
  /** Names of the tables in the workbook, for the price review's placements picker. */
  listTables(): Promise<string[]>;
  readPlacements(tableName: string): Promise<PlacementLine[]>;
  insertPriceReview(
    input: PriceReviewSheet,
    onProgress?: Progress,
  ): Promise<{ sheetName: string; tableName: string }>;
  /** Recalculate every formula (after a pin changes the card CARE.FEE reads). */
  recalculate(): Promise<void>;
  /** Put a formula in the active cell (the formula builder); returns the cell's address. */
  insertFormula(formula: string): Promise<{ address: string }>;
  /** Any row-per-item table on a new sheet, in chunks, cancellable (providers, agreements). */
  insertTable(
    spec: SheetTableSpec,
    options?: InsertOptions,
  ): Promise<{ sheetName: string; tableName: string; rows: number }>;
  /** A consultation's responses on a new sheet: one line per comment and per cost figure. */
  insertResponses?(
    title: string,
    lines: ResponseLines,
    onProgress?: Progress,
  ): Promise<{ sheetName: string; tableName: string }>;
}

/** Rows for the responses sheet (see consultationLines): headers, values, the amount column. */
export interface ResponseLines {
  headers: string[];
  values: (string | number)[][];
  /** 0-based column of the £ amounts. */
  amountColumn: number;
}

export interface PriceReviewSheet {
  current: RateCard;
  uplifted: RateCard;
  reviewYear: number;
  cpihChange: string;
  careChange: string;
  budget?: {
    tableName: string;
    current: string;
    uplifted: string;
    change: string;
    lines: number;
  } | null;
}

export const SCHEDULE_HEADERS = [
  'Category',
  'Category name',
  'Band',
  'Band name',
  'Hotel',
  'Care',
  'Base',
  'Gold',
  'Silver',
  'Bronze after deadline',
];
const SCHEDULE_MONEY_FROM = 4; // Hotel onwards

export const CAREFEE_LAMBDA =
  '=LAMBDA(card,category,[band],[rating],[date],CARE.FEE(card,category,band,rating,date))';

/** A1 column letters for a 0-based column index. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
export function safeSheetName(wanted: string, taken: readonly string[]): string {
  const clean = wanted.replace(/[:\\/?*[\]]/g, '-').slice(0, 31) || 'Sheet';
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  if (!lower.has(clean.toLowerCase())) return clean;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const candidate = clean.slice(0, 31 - suffix.length) + suffix;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
}

/** Table names: letters, digits, underscores, starting with a letter, unique. */
export function safeTableName(wanted: string, taken: readonly string[]): string {
  const clean = ('T_' + wanted).replace(/[^A-Za-z0-9_]/g, '_').slice(0, 200);
  const lower = new Set(taken.map((t) => t.toLowerCase()));
  if (!lower.has(clean.toLowerCase())) return clean;
  for (let i = 2; ; i++) if (!lower.has(`${clean}_${i}`.toLowerCase())) return `${clean}_${i}`;
}

export function provenanceLines(card: RateCard, meta: CardSummary | null): string[] {
  const period = `effective ${card.effectiveFrom}${card.effectiveTo ? ` to ${card.effectiveTo}` : ' onwards'}`;
  const approval = meta
    ? meta.approvedBy
      ? `approved by ${meta.approvedBy}${meta.approvedAt ? ` on ${meta.approvedAt.slice(0, 10)}` : ''}`
      : `status ${meta.status}, not approved`
    : 'approval not known';
  return [
    `${card.title} (${card.commissioner})`,
    `Rate card ${card.id} version ${card.version}, ${meta?.status ?? 'status unknown'}, ${approval}; ${period}.`,
    `Weekly fees from carefee; Bronze is the reduced fee once the improvement deadline has passed.`,
  ];
}

export function scheduleValues(rows: readonly ScheduleRow[]): (string | number)[][] {
  return rows.map((r) => [
    r.category,
    r.categoryName,
    r.band ?? '',
    r.bandName ?? '',
    Number(r.hotel),
    Number(r.care),
    Number(r.base),
    Number(r.gold),
    Number(r.silver),
    Number(r.bronze),
  ]);
}

async function existingNames(
  context: Excel.RequestContext,
): Promise<{ sheets: string[]; tables: string[] }> {
  const sheets = context.workbook.worksheets;
  const tables = context.workbook.tables;
  sheets.load('items/name');
  tables.load('items/name');
  await context.sync();
  return { sheets: sheets.items.map((s) => s.name), tables: tables.items.map((t) => t.name) };
}

/**
 * Write a block of rows under a header, chunk by chunk, then make it a table with money
 * formats. Returns the table name.
 */
async function writeTable(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  opts: {
    headerRow: number; // 1-based
    headers: string[];
    values: (string | number)[][];
    formulas?: (row: number) => (string | number)[]; // per 1-based sheet row, overrides values
    moneyFrom?: number;
    moneyTo?: number;
    /** Number formats by 0-based column (besides the money columns). */
    columnFormats?: Record<number, string>;
    tableName: string;
    onProgress?: Progress;
    signal?: AbortSignal;
    chunkRows?: number;
  },
): Promise<void> {
  const width = opts.headers.length;
  const last = columnLetter(width - 1);
  sheet.getRange(`A${opts.headerRow}:${last}${opts.headerRow}`).values = [opts.headers];
  const total = opts.values.length;
  const chunk = Math.max(1, opts.chunkRows ?? DEFAULT_CHUNK_ROWS);
  opts.onProgress?.(0, total);
  for (let start = 0; start < total; start += chunk) {
    if (opts.signal?.aborted) throw new InsertCancelled(start, total);
    const block = opts.values.slice(start, start + chunk);
    const first = opts.headerRow + 1 + start;
    const end = first + block.length - 1;
    const range = sheet.getRange(`A${first}:${last}${end}`);
    if (opts.formulas) range.formulas = block.map((_, i) => opts.formulas!(first + i));
    else range.values = block;
    if (opts.moneyFrom !== undefined) {
      const moneyFrom = opts.moneyFrom;
      const moneyTo = opts.moneyTo ?? width - 1;
      sheet.getRange(
        `${columnLetter(moneyFrom)}${first}:${columnLetter(moneyTo)}${end}`,
      ).numberFormat = block.map(() =>
        Array.from({ length: moneyTo - moneyFrom + 1 }, () => MONEY_FORMAT),
      );
    }
    for (const [column, format] of Object.entries(opts.columnFormats ?? {})) {
      const letter = columnLetter(Number(column));
      sheet.getRange(`${letter}${first}:${letter}${end}`).numberFormat = block.map(() => [format]);
    }
    await context.sync();
    opts.onProgress?.(Math.min(total, start + block.length), total);
  }
  // Cancelled during the last chunk: still before the table exists.
  if (opts.signal?.aborted) throw new InsertCancelled(total, total);
  const lastRow = opts.headerRow + Math.max(total, 1);
  const table = sheet.tables.add(`A${opts.headerRow}:${last}${lastRow}`, true);
  table.name = opts.tableName;
  sheet.getRange(`A${opts.headerRow}:${last}${lastRow}`).format.autofitColumns();
  await context.sync();
}

export function createExcelActions(chunkRows = DEFAULT_CHUNK_ROWS): ExcelActions {
  return {
    insertSchedule(card, meta, onProgress) {
      return Excel.run(async (context) => {
        const taken = await existingNames(context);
        const sheetName = safeSheetName(`${card.id} v${card.version}`, taken.sheets);
        const tableName = safeTableName(`${card.id}_v${card.version}`, taken.tables);
        const sheet = context.workbook.worksheets.add(sheetName);
        const notes = provenanceLines(card, meta);
        sheet.getRange(`A1:A${notes.length}`).values = notes.map((n) => [n]);
        sheet.getRange('A1').format.font.bold = true;
        await writeTable(context, sheet, {
          headerRow: notes.length + 2,
          headers: SCHEDULE_HEADERS,
          values: scheduleValues(feeSchedule(card)),
          moneyFrom: SCHEDULE_MONEY_FROM,
          tableName,
          onProgress,
          chunkRows,
        });
        sheet.activate();
        await context.sync();
        return { sheetName, tableName };
      });
    },

    insertPlacementsTemplate(card) {
      return Excel.run(async (context) => {
        const taken = await existingNames(context);
        const sheetName = safeSheetName(`Placements ${card.id}`, taken.sheets);
        const tableName = safeTableName(`Placements_${card.id}`, taken.tables);
        const sheet = context.workbook.worksheets.add(sheetName);
        sheet.getRange('A1:B3').values = [
          ['Placements priced with carefee', ''],
          ['Rate card', card.id],
          [
            'Weekly fee',
            'CARE.FEE(card, category, band, rating, date) from the card pinned to this workbook',
          ],
        ];
        sheet.getRange('A1').format.font.bold = true;
        // One example line per schedule row, so every category and band shows how to write it.
        const examples = feeSchedule(card).slice(0, 20);
        const headerRow = 5;
        const headers = [
          'Reference',
          'Category',
          'Band',
          'Rating',
          'Date',
          'Weeks',
          'Weekly fee',
          'Annual cost',
        ];
        await writeTable(context, sheet, {
          headerRow,
          headers,
          values: examples.map((r, i) => [
            `P${i + 1}`,
            r.category,
            r.band ?? '',
            'Silver',
            card.effectiveFrom,
            52,
            0,
            0,
          ]),
          formulas: (row) => {
            const e = examples[row - headerRow - 1]!;
            return [
              `P${row - headerRow}`,
              e.category,
              e.band ?? '',
              'Silver',
              card.effectiveFrom,
              52,
              `=CARE.FEE($B$2,B${row},C${row},D${row},E${row})`,
              `=G${row}*F${row}`,
            ];
          },
          moneyFrom: 6,
          moneyTo: 7,
          tableName,
          chunkRows,
        });
        if (examples.length > 0) {
          const last = headerRow + examples.length;
          sheet.getRange(`E${headerRow + 1}:E${last}`).numberFormat = examples.map(() => [
            DATE_FORMAT,
          ]);
        }
        sheet.activate();
        await context.sync();
        return { sheetName, tableName };
      });
    },

    async addCarefeeName() {
      const req = typeof Office !== 'undefined' ? Office.context?.requirements : undefined;
      if (req && !req.isSetSupported('ExcelApi', '1.4')) {
        return {
          ok: false,
          reason:
            'This version of Excel cannot add workbook names from an add-in (needs ExcelApi 1.4).',
        };
      }
      try {
        return await Excel.run(async (context) => {
          const existing = context.workbook.names.getItemOrNullObject('CAREFEE');
          existing.load('name');
          await context.sync();
          if (!existing.isNullObject) return { ok: true as const, existed: true };
          context.workbook.names.add(
            'CAREFEE',
            CAREFEE_LAMBDA,
            'carefee: weekly fee from a rate card (LAMBDA over CARE.FEE)',
          );
          await context.sync();
          return { ok: true as const, existed: false };
        });
      } catch (e) {
        return {
          ok: false,
          reason: `This Excel does not accept LAMBDA names (Excel for Microsoft 365 or Excel 2024 and later do). Use =CARE.FEE(...) directly. (${(e as Error).message})`,
        };
      }
    },

    insertFormula(formula) {
      return Excel.run(async (context) => {
        const cell = context.workbook.getActiveCell();
        cell.formulas = [[formula]];
        cell.load('address');
        await context.sync();
        return { address: cell.address };
      });
    },

    recalculate() {
      return Excel.run(async (context) => {
        context.workbook.application.calculate('Full');
        await context.sync();
      });
    },

    listTables() {
      return Excel.run(async (context) => {
        const tables = context.workbook.tables;
        tables.load('items/name');
        await context.sync();
        return tables.items.map((t) => t.name);
      });
    },

    readPlacements(tableName) {
      return Excel.run(async (context) => {
        const table = context.workbook.tables.getItem(tableName);
        const header = table.getHeaderRowRange();
        const body = table.getDataBodyRange();
        header.load('values');
        body.load('values');
        await context.sync();
        return placementLines(header.values[0] ?? [], body.values);
      });
    },

    insertPriceReview(input, onProgress) {
      return Excel.run(async (context) => {
        const taken = await existingNames(context);
        const { current, uplifted } = input;
        const sheetName = safeSheetName(`Review ${input.reviewYear} ${current.id}`, taken.sheets);
        const tableName = safeTableName(`Review_${input.reviewYear}_${current.id}`, taken.tables);
        const sheet = context.workbook.worksheets.add(sheetName);
        const notes: (string | number)[][] = [
          [`Price review ${input.reviewYear}: ${current.title}`, ''],
          [
            `From rate card ${current.id} version ${current.version}; a preview, not an approved card.`,
            '',
          ],
          [`Hotel cost change (CPIH)`, Number(input.cpihChange)],
          [`Care cost change (greater of NLW and local wage)`, Number(input.careChange)],
        ];
        if (input.budget) {
          notes.push(
            [
              `Budget on table ${input.budget.tableName} (${input.budget.lines} placements): current`,
              Number(input.budget.current),
            ],
            ['Budget after uplift', Number(input.budget.uplifted)],
            ['Change', Number(input.budget.change)],
          );
        }
        sheet.getRange(`A1:B${notes.length}`).values = notes;
        sheet.getRange('B3:B4').numberFormat = [['0.0%'], ['0.0%']];
        if (input.budget)
          sheet.getRange('B5:B7').numberFormat = [[MONEY_FORMAT], [MONEY_FORMAT], [MONEY_FORMAT]];
        sheet.getRange('A1').format.font.bold = true;
        const before = feeSchedule(current);
        const after = feeSchedule(uplifted);
        const values = after.map((r, i) => {
          const b = before[i]!;
          return [
            r.category,
            r.band ?? '',
            Number(b.hotel),
            Number(r.hotel),
            Number(b.care),
            Number(r.care),
            Number(b.silver),
            Number(r.silver),
            Number(r.gold),
            Number(r.bronze),
          ];
        });
        await writeTable(context, sheet, {
          headerRow: notes.length + 2,
          headers: [
            'Category',
            'Band',
            'Hotel now',
            'Hotel new',
            'Care now',
            'Care new',
            'Silver now',
            'Silver new',
            'Gold new',
            'Bronze after deadline new',
          ],
          values,
          moneyFrom: 2,
          tableName,
          onProgress,
          chunkRows,
        });
        sheet.activate();
        await context.sync();
        return { sheetName, tableName };
      });
    },

    insertTable(spec, options = {}) {
      return Excel.run(async (context) => {
        const taken = await existingNames(context);
        const sheetName = safeSheetName(spec.sheetName, taken.sheets);
        const tableName = safeTableName(spec.tableName, taken.tables);
        const sheet = context.workbook.worksheets.add(sheetName);
        if (spec.notes.length > 0) {
          // Formulas, so a note such as =CARE.COMMITMENT(2026) calculates.
          sheet.getRange(`A1:B${spec.notes.length}`).formulas = spec.notes;
          sheet.getRange('A1').format.font.bold = true;
          for (const [index, format] of Object.entries(spec.noteFormats ?? {}))
            sheet.getRange(`B${Number(index) + 1}`).numberFormat = [[format]];
        }
        const headerRow = spec.notes.length + 2;
        // Rows are built chunk by chunk by writeTable's callback; values only give the count.
        const placeholder = Array.from({ length: spec.count }, () => []);
        try {
          await writeTable(context, sheet, {
            headerRow,
            headers: spec.headers,
            values: spec.formulas
              ? placeholder
              : placeholder.map((_, i) => spec.row(i, headerRow + 1 + i)),
            formulas: spec.formulas ? (row) => spec.row(row - headerRow - 1, row) : undefined,
            columnFormats: spec.columnFormats,
            tableName,
            onProgress: options.onProgress,
            signal: options.signal,
            chunkRows,
          });
        } catch (e) {
          if (e instanceof InsertCancelled) {
            sheet.delete();
            await context.sync();
          }
          throw e;
        }
        sheet.activate();
        await context.sync();
        return { sheetName, tableName, rows: spec.count };
      });
    },

    insertResponses(title, lines, onProgress) {
      return Excel.run(async (context) => {
        const taken = await existingNames(context);
        const sheetName = safeSheetName(`Responses ${title}`, taken.sheets);
        const tableName = safeTableName(`Responses_${title}`, taken.tables);
        const sheet = context.workbook.worksheets.add(sheetName);
        sheet.getRange('A1').values = [[`Responses: ${title}`]];
        sheet.getRange('A1').format.font.bold = true;
        await writeTable(context, sheet, {
          headerRow: 3,
          headers: lines.headers,
          values: lines.values,
          moneyFrom: lines.amountColumn,
          moneyTo: lines.amountColumn,
          tableName,
          onProgress,
          chunkRows,
        });
        sheet.activate();
        await context.sync();
        return { sheetName, tableName };
      });
    },
  };
}

/** Find the category / band / rating / weeks columns by header, whatever their order. */
export function placementLines(
  headers: readonly unknown[],
  rows: readonly (readonly unknown[])[],
): PlacementLine[] {
  const find = (...names: string[]) =>
    headers.findIndex((h) => names.includes(String(h).trim().toLowerCase()));
  const category = find('category', 'category id');
  const band = find('band');
  const rating = find('rating', 'quality rating', 'overall rating');
  const weeks = find('weeks', 'weeks a year', 'weeks per year');
  if (category < 0) throw new Error('The table has no Category column.');
  const text = (v: unknown) =>
    v === null || v === undefined || String(v).trim() === '' ? null : String(v).trim();
  const lines: PlacementLine[] = [];
  rows.forEach((r, i) => {
    const cat = text(r[category]);
    if (!cat) return;
    const w = weeks >= 0 ? Number(r[weeks]) : 52;
    lines.push({
      row: i + 1,
      category: cat,
      band: band >= 0 ? text(r[band]) : null,
      rating: rating >= 0 ? text(r[rating]) : null,
      weeks: Number.isFinite(w) ? w : 0,
    });
  });
  return lines;
}
