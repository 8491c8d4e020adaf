/**
 * Calendar dates as ISO text (YYYY-MM-DD), compared as text. No time zones: a rate is in
 * force for a whole day in England, whatever the clock of the machine says.
 */
import { invalid, type ErrorPath } from './errors';

export type IsoDate = string;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a valid ISO date (UTC arithmetic, no local time). */
export function dayNumber(date: IsoDate): number {
  const m = ISO.exec(date);
  if (!m) throw invalid(`"${date}" is not a date in the form YYYY-MM-DD`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000;
}

export function fromDayNumber(days: number): IsoDate {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

export function isIsoDate(text: string): boolean {
  const m = ISO.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

/** Validate an ISO date, naming the input on failure. */
export function toIsoDate(input: unknown, what: string, path: ErrorPath = []): IsoDate {
  if (typeof input !== 'string' || !isIsoDate(input)) {
    throw invalid(
      `${what} must be a real date in the form YYYY-MM-DD, got ${JSON.stringify(input)}`,
      path,
    );
  }
  return input;
}

/** Excel's date serial (1900 system, with its phantom 29 Feb 1900) to an ISO date. */
export function excelSerialToIso(serial: number, what = 'date', path: ErrorPath = []): IsoDate {
  if (!Number.isFinite(serial) || serial < 61 || serial > 2958465 || !Number.isInteger(serial)) {
    throw invalid(
      `${what} must be a whole Excel date serial from 1 March 1900, got ${serial}`,
      path,
    );
  }
  return fromDayNumber(serial - 25569);
}

/** The 1 April on or before a date: the start of the financial year it falls in. */
export function financialYearStart(date: IsoDate): IsoDate {
  const year = Number(date.slice(0, 4));
  return date.slice(5) >= '04-01' ? `${year}-04-01` : `${year - 1}-04-01`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(dayNumber(date) + days);
}
