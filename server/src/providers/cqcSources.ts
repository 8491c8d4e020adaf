/**
 * Where CQC ratings come from: the files the CQC publishes monthly, uploaded by a user ("Latest
 * ratings", sheet `Locations`; "Care directory with filters", sheet `HSCA_Active_Locations`;
 * as xlsx or CSV saved from the published ODS), or, where a deployment holds a subscription key,
 * the CQC API. Each source yields the same rows; the importer does not know which it read.
 */
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse/sync';
import { isIsoDate, excelSerialToIso } from '../../../shared/src/dates';
import { HttpError } from '../platform/http/errors';

/** One location's current CQC overall rating, as any source gives it. */
export interface CqcLocationRating {
  /** Where it came from, for errors: the file row (1-based, as a spreadsheet shows it). */
  row: number;
  locationId: string;
  locationName: string;
  providerId: string;
  providerName: string;
  careHome: boolean | null;
  primaryCategory: string;
  /** 'Outstanding' | 'Good' | 'Requires Improvement' | 'Inadequate', or null when not rated. */
  rating: string | null;
  /** The report's publication date: the inspection's date in the record. */
  publishedOn: string | null;
  inherited: boolean;
  beds: number | null;
  address: string;
  postcode: string;
}

export type CqcFileLayout = 'latest-ratings' | 'care-directory';

export class CqcFileError extends HttpError {
  constructor(message: string, path: Array<string | number>) {
    super(400, 'INVALID_FILE', message, path);
  }
}

type Cell = string | number | Date | null;

/** Headers compared without case, spaces or punctuation: "Care Home?" and "Care home?" match. */
const key = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

const COLUMNS = {
  locationId: ['Location ID'],
  locationName: ['Location Name'],
  providerId: ['Provider ID'],
  providerName: ['Provider Name'],
  careHome: ['Care Home?', 'Care home?'],
  primaryCategory: ['Location Primary Inspection Category'],
  latestRating: ['Latest Rating'],
  overallRating: ['Location Latest Overall Rating'],
  publishedOn: ['Publication Date'],
  inherited: ['Inherited Rating (Y/N)'],
  beds: ['Care homes beds', 'Care Homes Beds'],
  group: ['Service / Population Group'],
  domain: ['Domain'],
  street: ['Location Street Address'],
  line2: ['Location Address Line 2'],
  city: ['Location City'],
  postcode: ['Location Postal Code'],
} as const;
type Column = keyof typeof COLUMNS;

const RATING_WORDS: Record<string, string | null> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requiresimprovement: 'Requires Improvement',
  inadequate: 'Inadequate',
  notrated: null,
  insufficientevidencetorate: null,
  '': null,
};

/** Rows of cells, the first being the header, from an uploaded xlsx or CSV. */
export async function readTable(
  data: Buffer,
  format: 'xlsx' | 'csv',
): Promise<{ header: string[]; rows: Cell[][]; headerRow: number }> {
  let table: Cell[][];
  if (format === 'csv') {
    try {
      table = parseCsv(data, { bom: true, relax_column_count: true, skip_empty_lines: true });
    } catch (e) {
      throw new CqcFileError(`the CSV could not be read: ${(e as Error).message}`, ['file']);
    }
  } else {
    const book = new ExcelJS.Workbook();
    try {
      await book.xlsx.load(data as unknown as ArrayBuffer);
    } catch (e) {
      throw new CqcFileError(`the file is not an xlsx workbook: ${(e as Error).message}`, ['file']);
    }
    const sheet =
      book.worksheets.find((w) => ['locations', 'hscaactivelocations'].includes(key(w.name))) ??
      book.worksheets[0];
    if (!sheet) throw new CqcFileError('the workbook has no sheets', ['file']);
    table = [];
    sheet.eachRow({ includeEmpty: true }, (row, n) => {
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col - 1] = cellValue(cell.value);
      });
      table[n - 1] = cells;
    });
    table = Array.from(table, (r) => r ?? []);
  }
  // The header is the first row naming "Location ID" (the CQC's files may have a title above).
  const at = table
    .slice(0, 20)
    .findIndex((r) => r.some((c) => typeof c === 'string' && key(c) === 'locationid'));
  if (at < 0)
    throw new CqcFileError(
      'no header row with a "Location ID" column in the first 20 rows: is this a CQC ratings file?',
      ['file'],
    );
  return {
    header: table[at]!.map((c) => (c === null ? '' : String(c).trim())),
    rows: table.slice(at + 1),
    headerRow: at + 1,
  };
}

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v;
  if (typeof v === 'boolean') return v ? 'Y' : 'N';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellValue(v.result as ExcelJS.CellValue);
  }
  return String(v);
}

/** The CQC's rows from a table, in either published layout; every problem names row and column. */
export function cqcRatingsFromTable(table: {
  header: string[];
  rows: Cell[][];
  headerRow: number;
}): { layout: CqcFileLayout; ratings: CqcLocationRating[] } {
  const index = new Map<string, number>();
  table.header.forEach((h, i) => {
    if (!index.has(key(h))) index.set(key(h), i);
  });
  const col = (c: Column) => {
    for (const name of COLUMNS[c]) {
      const i = index.get(key(name));
      if (i !== undefined) return { i, name: table.header[i]! };
    }
    return undefined;
  };
  const layout: CqcFileLayout | undefined = col('overallRating')
    ? 'care-directory'
    : col('latestRating')
      ? 'latest-ratings'
      : undefined;
  if (!layout)
    throw new CqcFileError(
      'the file has neither a "Latest Rating" column (Latest ratings) nor a "Location Latest Overall Rating" column (Care directory)',
      ['file', table.headerRow],
    );
  const required: Column[] = [
    'locationId',
    'locationName',
    'providerId',
    'providerName',
    'publishedOn',
    ...(layout === 'latest-ratings' ? (['group', 'domain'] as Column[]) : []),
  ];
  for (const c of required)
    if (!col(c))
      throw new CqcFileError(`the file has no "${COLUMNS[c][0]}" column`, [
        'file',
        table.headerRow,
        COLUMNS[c][0],
      ]);

  const ratings: CqcLocationRating[] = [];
  const errors: Array<{ message: string; path: Array<string | number> }> = [];
  table.rows.forEach((cells, i) => {
    const row = table.headerRow + 1 + i;
    if (cells.every((c) => c === null || c === '')) return;
    const text = (c: Column) => {
      const at = col(c);
      const v = at ? cells[at.i] : null;
      return v === null || v === undefined
        ? ''
        : v instanceof Date
          ? v.toISOString()
          : String(v).trim();
    };
    const fail = (c: Column, message: string) => {
      const name = col(c)?.name ?? COLUMNS[c][0];
      errors.push({
        message: `row ${row}, column "${name}": ${message}`,
        path: ['file', row, name],
      });
    };
    if (
      layout === 'latest-ratings' &&
      !(key(text('group')) === 'overall' && key(text('domain')) === 'overall')
    )
      return;
    const locationId = text('locationId');
    if (!/^1-\d+$/.test(locationId))
      fail('locationId', `"${locationId}" is not a CQC location ID (like 1-123456789)`);
    const providerId = text('providerId');
    if (!/^1-\d+$/.test(providerId))
      fail('providerId', `"${providerId}" is not a CQC provider ID (like 1-123456789)`);
    const locationName = text('locationName');
    if (!locationName) fail('locationName', 'is empty');
    const ratingText = text(layout === 'latest-ratings' ? 'latestRating' : 'overallRating');
    const ratingKey = key(ratingText);
    if (!(ratingKey in RATING_WORDS))
      fail(
        layout === 'latest-ratings' ? 'latestRating' : 'overallRating',
        `"${ratingText}" is not a CQC rating (Outstanding, Good, Requires improvement, Inadequate, Not rated)`,
      );
    const rating = RATING_WORDS[ratingKey] ?? null;
    const publishedAt = col('publishedOn')!;
    const publishedOn = toIsoDate(cells[publishedAt.i] ?? null);
    if (rating !== null && publishedOn === undefined)
      fail('publishedOn', `"${text('publishedOn')}" is not a date (use YYYY-MM-DD or DD/MM/YYYY)`);
    const bedsText = text('beds');
    const beds = bedsText === '' ? null : Number(bedsText);
    if (beds !== null && !(Number.isInteger(beds) && beds >= 0))
      fail('beds', `"${bedsText}" is not a number of beds`);
    const careHomeText = key(text('careHome'));
    ratings.push({
      row,
      locationId,
      locationName,
      providerId,
      providerName: text('providerName'),
      careHome:
        careHomeText === 'y' || careHomeText === 'yes'
          ? true
          : careHomeText === 'n' || careHomeText === 'no'
            ? false
            : null,
      primaryCategory: text('primaryCategory'),
      rating,
      publishedOn: publishedOn ?? null,
      inherited: key(text('inherited')) === 'y',
      beds,
      address: [text('street'), text('line2'), text('city')].filter(Boolean).join(', '),
      postcode: text('postcode'),
    });
  });
  if (errors.length > 0) {
    const first = errors[0]!;
    const more =
      errors.length > 1
        ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})`
        : '';
    throw new CqcFileError(`${first.message}${more}`, first.path);
  }
  return { layout, ratings };
}

/** ISO text, DD/MM/YYYY (the CQC's CSVs), a spreadsheet date or an Excel serial. */
function toIsoDate(v: Cell): string | undefined {
  if (v === null || v === '') return undefined;
  if (v instanceof Date)
    return Number.isNaN(v.getTime()) ? undefined : v.toISOString().slice(0, 10);
  if (typeof v === 'number') {
    try {
      return excelSerialToIso(Math.floor(v));
    } catch {
      return undefined;
    }
  }
  const t = v.trim();
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  const iso = uk
    ? `${uk[3]}-${uk[2]!.padStart(2, '0')}-${uk[1]!.padStart(2, '0')}`
    : t.slice(0, 10);
  return isIsoDate(iso) ? iso : undefined;
}

/** A file the user uploaded: xlsx or CSV. ODS is not read: save it as xlsx or CSV first. */
export async function cqcRatingsFromFile(
  data: Buffer,
  filename: string,
): Promise<{ layout: CqcFileLayout; ratings: CqcLocationRating[] }> {
  const lower = filename.toLowerCase();
  const isZip = data.length > 4 && data[0] === 0x50 && data[1] === 0x4b;
  if (lower.endsWith('.ods'))
    throw new CqcFileError(
      'ODS files are not read: open it and save it as .xlsx or .csv, then upload that',
      ['file'],
    );
  const format = lower.endsWith('.csv') ? 'csv' : lower.endsWith('.xlsx') || isZip ? 'xlsx' : 'csv';
  return cqcRatingsFromTable(await readTable(data, format));
}

// ---------------------------------------------------------------------------------------------
// The CQC API seam: the same rows from /public/v1/locations/{id}, for deployments with a key.

export type FetchLike = (
  url: string,
  init: { headers: Record<string, string>; signal?: AbortSignal },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

interface CqcApiLocation {
  locationId?: string;
  name?: string;
  providerId?: string;
  careHome?: string;
  numberOfBeds?: number;
  postalAddressLine1?: string;
  postalAddressTownCity?: string;
  postalCode?: string;
  inspectionCategories?: Array<{ name?: string; primary?: string }>;
  currentRatings?: { overall?: { rating?: string; reportDate?: string } };
}

/**
 * Ratings for the given CQC location IDs from the CQC API. Nothing here runs unless a deployment
 * configures a subscription key; `fetchImpl` is injected so it is tested without the internet.
 */
export async function cqcRatingsFromApi(options: {
  locationIds: string[];
  subscriptionKey: string;
  fetchImpl: FetchLike;
  baseUrl?: string;
  signal?: AbortSignal;
}): Promise<CqcLocationRating[]> {
  const base = options.baseUrl ?? 'https://api.service.cqc.org.uk/public/v1';
  const out: CqcLocationRating[] = [];
  for (const [i, id] of options.locationIds.entries()) {
    const res = await options.fetchImpl(`${base}/locations/${encodeURIComponent(id)}`, {
      headers: { 'Ocp-Apim-Subscription-Key': options.subscriptionKey },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (!res.ok)
      throw new HttpError(502, 'CQC_API', `the CQC API answered ${res.status} for location ${id}`, [
        'locationIds',
        i,
      ]);
    const l = (await res.json()) as CqcApiLocation;
    const overall = l.currentRatings?.overall;
    const ratingKey = key(overall?.rating ?? '');
    out.push({
      row: i + 1,
      locationId: l.locationId ?? id,
      locationName: l.name ?? id,
      providerId: l.providerId ?? '',
      providerName: l.providerId ?? '',
      careHome: l.careHome === 'Y' ? true : l.careHome === 'N' ? false : null,
      primaryCategory: l.inspectionCategories?.find((c) => c.primary === 'true')?.name ?? '',
      rating: RATING_WORDS[ratingKey] ?? null,
      publishedOn:
        overall?.reportDate && isIsoDate(overall.reportDate.slice(0, 10))
          ? overall.reportDate.slice(0, 10)
          : null,
      inherited: false,
      beds: typeof l.numberOfBeds === 'number' ? l.numberOfBeds : null,
      address: [l.postalAddressLine1, l.postalAddressTownCity].filter(Boolean).join(', '),
      postcode: l.postalCode ?? '',
    });
  }
  return out;
}
