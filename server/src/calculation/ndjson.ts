/**
 * NDJSON batches: one placement per line (`application/x-ndjson`), read as the body arrives.
 *
 * A million placements are ~90 MB; one JSON.parse of that costs more than pricing them. Here
 * each line is scanned from its bytes as its chunk arrives, so reading the body and reading the
 * items overlap, and every token (a key, a date, a category, "Gold", true, 2) is decoded once
 * per distinct byte sequence: JSON.parse of the token itself the first time, a table lookup
 * after. A line the scanner does not take on (an override object, an array, anything that is
 * not a flat object) is read with JSON.parse, so every line means exactly what JSON.parse says.
 * A line that is not JSON is refused as its item; blank lines are skipped.
 */
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

export const NDJSON_TYPES = ['application/x-ndjson', 'application/ndjson'];

/** A line that is not one JSON value: its item is refused with JSON.parse's reason. */
export class UnreadableLine {
  constructor(readonly message: string) {}
}

/**
 * An item as the scanner reads it: every field a placement may have, absent ones undefined
 * (which the service reads as absent; JSON has no undefined). One shape for every item.
 */
export class ScannedItem {
  card: unknown = undefined;
  date: unknown = undefined;
  category: unknown = undefined;
  band: unknown = undefined;
  rating: unknown = undefined;
  bronzeOverdue: unknown = undefined;
}
/**
 * The fields the scanner reads, as their quoted key bytes; a line with any other key (an
 * override, a mistake) or a key written with escapes goes to JSON.parse.
 */
const FIELD_BYTES = ['card', 'date', 'category', 'band', 'rating', 'bronzeOverdue'].map((f) =>
  Buffer.from(`"${f}"`),
);

/** Which of FIELD_BYTES the key at p is, or -1. */
function keyField(buf: Buffer, p: number, to: number): number {
  for (let f = 0; f < FIELD_BYTES.length; f++) {
    const key = FIELD_BYTES[f]!;
    if (p + key.length > to || buf[p + 1] !== key[1] || buf[p + 2] !== key[2]) continue;
    let i = 3;
    while (i < key.length && buf[p + i] === key[i]) i++;
    if (i === key.length) return f;
  }
  return -1;
}

/** A decoded token and the bytes it was read from; `next` chains tokens with one hash. */
interface Token {
  bytes: Buffer;
  value: unknown;
  next: Token | undefined;
}

/** Tokens remembered at most: beyond, new ones are decoded each time (memory stays bounded). */
const MAX_TOKENS = 100_000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const isBlank = (b: number) => b === 0x20 || b === 0x09 || b === 0x0d;

/** Where items go as they are read; a ScannedItem is reused for the next line once this returns. */
export type ItemSink = (item: unknown) => void;

/**
 * Reads NDJSON from chunks of bytes: `push` each chunk, then `end`. Each item goes to the sink
 * as its line is read; items beyond `maxItems` are counted, not passed on (the caller refuses
 * the batch with the count).
 */
export class NdjsonItems {
  /** Items seen, passed on or not. */
  count = 0;
  /** The one object every scanned line is read into (no garbage per line). */
  private readonly item = new ScannedItem();
  private line = 0;
  private readonly tokens = new Map<number, Token>();
  private tokenCount = 0;
  /** The chunks of a line not yet complete. */
  private pending: Buffer[] = [];
  private started = false;

  constructor(
    private readonly maxItems: number,
    private readonly sink: ItemSink,
  ) {}

  push(chunk: Buffer): void {
    if (!this.started) {
      this.started = true;
      // A UTF-8 byte-order mark, as some editors save files.
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < 0) {
      this.pending.push(chunk);
      return;
    }
    let buf = chunk;
    let end = last;
    if (this.pending.length) {
      buf = Buffer.concat([...this.pending, chunk]);
      end = buf.length - (chunk.length - last);
      this.pending = [];
    }
    this.lines(buf, end);
    if (last + 1 < chunk.length) this.pending.push(chunk.subarray(last + 1));
  }

  end(): void {
    if (this.pending.length) {
      const buf = Buffer.concat(this.pending);
      this.pending = [];
      this.lines(buf, buf.length);
    }
  }

  /** Read the complete lines of buf[0, to); `to` is a newline or the end of the body. */
  private lines(buf: Buffer, to: number): void {
    let p = 0;
    while (p <= to && p < buf.length) {
      this.line++;
      let end = this.count < this.maxItems ? this.scan(buf, p, to) : -1;
      if (end < 0) {
        end = buf.indexOf(NEWLINE, p);
        if (end < 0 || end > to) end = to;
        this.readLine(buf, p, end);
      }
      p = end + 1;
    }
  }

  private add(item: unknown): void {
    if (this.count++ < this.maxItems) this.sink(item);
  }

  /** The slow way, exactly JSON.parse: a line the scanner left (or one past the item limit). */
  private readLine(buf: Buffer, start: number, end: number): void {
    const text = buf.toString('utf8', start, end);
    if (text.trim() === '') return;
    if (this.count >= this.maxItems) {
      this.count++;
      return;
    }
    try {
      this.add(JSON.parse(text));
    } catch (e) {
      this.add(new UnreadableLine(`line ${this.line} is not JSON: ${(e as Error).message}`));
    }
  }

  /**
   * Read a flat object of scalars on the line from `p`; returns the index of the line's end
   * (its newline, or `to`) once the item is added, or -1 to leave the line to JSON.parse.
   */
  private scan(buf: Buffer, p: number, to: number): number {
    while (p < to && isBlank(buf[p]!)) p++;
    if (p >= to || buf[p] === NEWLINE) return -1; // a blank line: readLine skips it
    if (buf[p] !== 0x7b) return -1; // '{'
    p++;
    const item = this.item;
    item.card = item.date = item.category = item.band = item.rating = undefined;
    item.bronzeOverdue = undefined;
    while (p < to && isBlank(buf[p]!)) p++;
    if (buf[p] === 0x7d) {
      p++;
    } else {
      for (;;) {
        while (p < to && isBlank(buf[p]!)) p++;
        if (p >= to || buf[p] !== QUOTE) return -1;
        const field = keyField(buf, p, to);
        if (field < 0) return -1;
        p += FIELD_BYTES[field]!.length;
        while (p < to && isBlank(buf[p]!)) p++;
        if (buf[p] !== 0x3a) return -1; // ':'
        p++;
        while (p < to && isBlank(buf[p]!)) p++;
        if (p >= to) return -1;
        const b = buf[p]!;
        if (b === 0x7b || b === 0x5b) return -1; // an object or array value
        const valueEnd = b === QUOTE ? this.stringEnd(buf, p, to) : this.scalarEnd(buf, p, to);
        if (valueEnd < 0) return -1;
        const value = this.token(buf, p, valueEnd, this.hash);
        if (value === undefined) return -1;
        // The last of a repeated key wins, as in JSON.parse.
        switch (field) {
          case 0:
            item.card = value.value;
            break;
          case 1:
            item.date = value.value;
            break;
          case 2:
            item.category = value.value;
            break;
          case 3:
            item.band = value.value;
            break;
          case 4:
            item.rating = value.value;
            break;
          default:
            item.bronzeOverdue = value.value;
        }
        p = valueEnd;
        while (p < to && isBlank(buf[p]!)) p++;
        if (buf[p] === 0x2c) {
          p++;
          continue;
        }
        if (buf[p] !== 0x7d) return -1;
        p++;
        break;
      }
    }
    while (p < to && isBlank(buf[p]!)) p++;
    if (p < to && buf[p] !== NEWLINE) return -1;
    this.add(item);
    return p;
  }

  /** The hash of the last token `stringEnd` or `scalarEnd` passed over. */
  private hash = 0;

  /** The index after the closing quote of the string starting at p, or -1; hashes it. */
  private stringEnd(buf: Buffer, p: number, to: number): number {
    let h = QUOTE;
    for (let q = p + 1; q < to; q++) {
      const b = buf[q]!;
      h = (Math.imul(h, 31) + b) | 0;
      if (b === QUOTE) {
        this.hash = h;
        return q + 1;
      }
      if (b === BACKSLASH) {
        q++;
        h = (Math.imul(h, 31) + buf[q]!) | 0;
      } else if (b < 0x20) return -1;
    }
    return -1;
  }

  /** The index after a number, true, false or null starting at p (checked when decoded); hashes it. */
  private scalarEnd(buf: Buffer, p: number, to: number): number {
    let h = 0;
    let q = p;
    while (q < to) {
      const b = buf[q]!;
      if (b === 0x2c || b === 0x7d || b === NEWLINE || isBlank(b)) break;
      h = (Math.imul(h, 31) + b) | 0;
      q++;
    }
    this.hash = h;
    return q > p ? q : -1;
  }

  /** The token buf[p, q) of hash h: remembered by its bytes, decoded by JSON.parse once; undefined if not JSON. */
  private token(buf: Buffer, p: number, q: number, h: number): Token | undefined {
    const head = this.tokens.get(h);
    for (let t = head; t !== undefined; t = t.next) {
      const bytes = t.bytes;
      if (bytes.length !== q - p) continue;
      let i = 0;
      while (i < bytes.length && bytes[i] === buf[p + i]) i++;
      if (i === bytes.length) return t;
    }
    let value: unknown;
    try {
      value = JSON.parse(buf.toString('utf8', p, q));
    } catch {
      return undefined;
    }
    const token = { bytes: Buffer.from(buf.subarray(p, q)), value, next: head };
    if (this.tokenCount < MAX_TOKENS) {
      this.tokenCount++;
      this.tokens.set(h, token);
    }
    return token;
  }
}

/** What a body reader needs to know: its limit, and the error body-parser would give beyond it. */
export interface ReadLimits {
  maxBytes: number;
  maxItems: number;
}

/** An error shaped as body-parser's, so the service answers it as for any other body. */
function bodyError(type: string, status: number, extra: object = {}): Error {
  return Object.assign(new Error(type), { type, status, expose: true }, extra);
}

/**
 * Read an NDJSON request body as it arrives, each item to `sink` (after the first `maxItems`,
 * counted only). Beyond `maxBytes` of decoded body: 413, as for a JSON body. gzip, deflate and br
 * bodies are decoded; other encodings and charsets: 415.
 */
export async function readNdjson(
  req: Readable & { headers: Record<string, string | string[] | undefined> },
  limits: ReadLimits,
  sink: ItemSink,
): Promise<NdjsonItems> {
  const tooLarge = () => bodyError('entity.too.large', 413, { limit: limits.maxBytes });
  const type = String(req.headers['content-type'] ?? '');
  const charset = /;\s*charset=([^;\s]+)/i.exec(type)?.[1]?.replace(/"/g, '').toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    req.resume();
    throw bodyError('charset.unsupported', 415);
  }
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const declared = Number(req.headers['content-length']);
  if (encoding === 'identity' && declared > limits.maxBytes) {
    req.resume();
    throw tooLarge();
  }
  const decoder =
    encoding === 'gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : encoding === 'identity'
            ? undefined
            : null;
  if (decoder === null) {
    req.resume();
    throw bodyError('encoding.unsupported', 415);
  }
  const source: Readable = decoder ? req.pipe(decoder) : req;
  const reader = new NdjsonItems(limits.maxItems, sink);
  let bytes = 0;
  try {
    for await (const chunk of source) {
      bytes += (chunk as Buffer).length;
      if (bytes > limits.maxBytes) throw tooLarge();
      reader.push(chunk as Buffer);
    }
  } catch (e) {
    // Drain what the client is still sending, so it reads the answer rather than a reset.
    if (decoder) req.unpipe(decoder);
    req.resume();
    if ((e as { type?: string }).type) throw e;
    throw bodyError('entity.parse.failed', 400);
  }
  reader.end();
  return reader;
}
