/**
 * An uploaded table (CSV or xlsx) as rows of cells with the row numbers a spreadsheet shows,
 * so an import can name the row and column of every problem. CSV is read by csv-parse (never
 * split by hand), xlsx by exceljs; the format is told by the file's first bytes (an xlsx is a
 * zip), not by a name the client may get wrong.
 */
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { HttpError } from '../http/errors';

export type Cell = string | number | Date | null;

export interface UploadedTable {
  format: 'csv' | 'xlsx';
  header: string[];
  /** The data rows, each with its number as the spreadsheet shows it (the header is row 1). */
  rows: Array<{ row: number; cells: Cell[] }>;
}

const invalidFile = (message: string) => new HttpError(400, 'INVALID_FILE', message, ['file']);

/** An xlsx workbook is a zip: it starts PK\x03\x04. */
export const isXlsx = (data: Buffer) =>
  data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellValue(v.result as ExcelJS.CellValue);
  }
  return String(v);
}

const blank = (cells: Cell[]) => cells.every((c) => c === null || String(c).trim() === '');

/**
 * The table in a CSV or an xlsx (its first sheet, or the one named `sheet`): the first row is
 * the header; wholly blank rows are left out (their numbers are kept by the rest).
 */
export async function readUploadedTable(
  data: Buffer,
  options: { sheet?: string } = {},
): Promise<UploadedTable> {
  let table: Cell[][];
  const format = isXlsx(data) ? 'xlsx' : 'csv';
  if (format === 'csv') {
    try {
      table = parseCsv(data, { bom: true, relax_column_count: true, skip_empty_lines: false });
    } catch (e) {
      throw invalidFile(`the CSV could not be read: ${(e as Error).message}`);
    }
  } else {
    const book = new ExcelJS.Workbook();
    try {
      await book.xlsx.load(data as unknown as ArrayBuffer);
    } catch (e) {
      throw invalidFile(`the file is not an xlsx workbook: ${(e as Error).message}`);
    }
    const wanted = options.sheet?.toLowerCase();
    const sheet =
      (wanted && book.worksheets.find((w) => w.name.toLowerCase() === wanted)) ||
      book.worksheets[0];
    if (!sheet) throw invalidFile('the workbook has no sheets');
    table = [];
    sheet.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col - 1] = cellValue(cell.value);
      });
      table[n - 1] = Array.from(cells, (c) => c ?? null);
    });
    table = Array.from(table, (r) => r ?? []);
  }
  if (table.length === 0 || blank(table[0]!))
    throw invalidFile('the file is empty: its first row must name the columns');
  return {
    format,
    header: table[0]!.map((c) => (c === null ? '' : String(c).trim())),
    rows: table
      .map((cells, i) => ({ row: i + 1, cells }))
      .slice(1)
      .filter((r) => !blank(r.cells)),
  };
}

/** Read a request's whole body (an uploaded file), refusing more than `maxBytes`. */
export async function readUpload(
  req: AsyncIterable<Buffer>,
  maxBytes = 64 * 1024 * 1024,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > maxBytes)
      throw new HttpError(413, 'TOO_LARGE', `the file is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  if (size === 0) throw new HttpError(400, 'INVALID_FILE', 'no file was sent', ['file']);
  return Buffer.concat(chunks);
}
