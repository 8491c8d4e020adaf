/**
 * POST /api/v1/calculate with an NDJSON body and with the compact answer, on both databases:
 * the same items give the same pennies and the same refusals (message and path) as the JSON
 * form; the limits are the JSON form's. Figures worked by hand from the Birmingham model.
 */
import request from 'supertest';
import { Readable } from 'node:stream';
import { toErrorResponse } from '../../server/src/platform/http/errors';
import { UnreadableLine, readNdjson } from '../../server/src/calculation/ndjson';
import { describeEachDatabase, startTestService, type TestService } from './helpers';
import { BIRMINGHAM_2024, approvedCard } from './calculate.fixtures';
import { MAX_BATCH_BYTES, MAX_BATCH_ITEMS } from '../../shared/src/contract/calculate';

/** Every kind of line: priced, refused for each reason, the scanner's slow path (override, escapes). */
const ITEMS: unknown[] = [
  { card: 'bham-care-homes', date: '2024-06-01', category: 'older-residential' },
  { card: 'bham-care-homes', date: '2025-06-01', category: 'older-residential', rating: 'Gold' },
  { card: 'bham-care-homes@1', category: 'learning-disability', band: 2, rating: 'Gold' },
  {
    card: 'bham-care-homes@1',
    category: 'learning-disability',
    band: '1',
    rating: 'Bronze',
    bronzeOverdue: true,
  },
  { card: 'bham-care-homes', date: '2024-06-01', category: 'respite' },
  {
    card: 'bham-care-homes',
    date: '2024-06-01',
    category: 'older-residential',
    rating: 'Platinum',
  },
  { card: 'bham-care-homes', date: '2023-01-01', category: 'older-residential' },
  { card: 'no-such-card', date: '2024-06-01', category: 'older-residential' },
  { card: 'Bad Card', category: 'older-residential' },
  { card: 'bham-care-homes', date: '2024-13-01', category: 'older-residential' },
  { card: 'bham-care-homes', date: '2024-06-01', category: 'older-residential', colour: 'red' },
  {
    card: 'bham-care-homes@1',
    category: 'older-residential',
    override: { weeklyFee: '900.00', reason: 'one-to-one' },
  },
  { category: 'older-residential' },
  7,
];

describeEachDatabase('POST /api/v1/calculate as NDJSON, and the compact answer', (driver) => {
  let s: TestService;
  beforeAll(async () => {
    s = await startTestService({ driver });
    // v1 from April 2024; v2 (hotel cost £359.23) from April 2025.
    await approvedCard(s, BIRMINGHAM_2024);
    await approvedCard(s, {
      ...BIRMINGHAM_2024,
      effectiveFrom: '2025-04-01',
      hotelCost: '359.23',
    });
  });
  afterAll(() => s.close());

  const post = (query = '') =>
    request(s.app).post(`/api/v1/calculate${query}`).set('Authorization', s.auth('viewer'));
  const ndjson = (body: string, query = '') =>
    post(query).set('Content-Type', 'application/x-ndjson').send(body);
  const lines = (items: unknown[]) => items.map((i) => JSON.stringify(i)).join('\n') + '\n';

  test("NDJSON gives the JSON form's answer, byte for byte: the same pennies, refusals and paths", async () => {
    const json = await post().send({ items: ITEMS }).expect(200);
    const nd = await ndjson(lines(ITEMS)).expect(200);
    expect(nd.text).toBe(json.text);
    const fees = nd.body.results.map(
      (r: { ok: boolean; fee?: string; error?: { path: unknown[] } }) =>
        r.ok ? r.fee : r.error!.path.join('.'),
    );
    // 348.43 + 231.60 = 580.03; (359.23 + 231.60) × 1.02 = 602.6466 → 602.65;
    // 760.78 × 1.02 = 775.9956 → 776.00; (348.43 + 300.00) × 0.97 = 628.9771 → 628.98;
    // an override's weekly fee stands as given.
    expect(fees).toEqual([
      '580.03',
      '602.65',
      '776.00',
      '628.98',
      'items.4.category',
      'items.5.rating',
      'items.6.date',
      'items.7.date',
      'items.8.card',
      'items.9.date',
      'items.10.colour',
      '900.00',
      'items.12.card',
      'items.13',
    ]);
  });

  test('lines the scanner reads from bytes mean what JSON.parse says: escapes, spaces, CRLF, repeated keys, a BOM', async () => {
    const body =
      '\ufeff{"card":"bham-care-homes","date":"2024-06-01","category":"older-\\u0072esidential"}\r\n' +
      ' { "category" : "older-residential" , "card" : "bham-care-homes@1", "rating":"Gold"}\n' +
      '\n' +
      '{"card":"bham-care-homes@1","category":"respite","category":"learning-disability","band":2.0}\n' +
      '{"card":"bham-care-homes@1","category":"older-residential","bronzeOverdue":true,"rating":"Bronze","band":null}';
    const res = await ndjson(body).expect(200);
    // 580.03; 580.03 × 1.02 = 591.6306 → 591.63; band 2 is 760.78; × 0.97 = 562.6291 → 562.63
    expect(res.body.results.map((r: { fee: string }) => r.fee)).toEqual([
      '580.03',
      '591.63',
      '760.78',
      '562.63',
    ]);
  });

  test('a line that is not JSON is refused as its item, naming its line; its neighbours are priced', async () => {
    const res = await ndjson(
      [
        '{"card":"bham-care-homes@1","category":"older-residential"}',
        '',
        '{"card":"bham-care-homes@1","category":"older-residential"',
        '{"card":"bham-care-homes@1","category":"older-residential"}',
      ].join('\n'),
    ).expect(200);
    expect(res.body.results).toHaveLength(3);
    expect(res.body.results[0].fee).toBe('580.03');
    expect(res.body.results[1]).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/^line 3 is not JSON: /),
        path: ['items', 1],
      },
    });
    expect(res.body.results[2].fee).toBe('580.03');
  });

  test('the batch card of an NDJSON body comes from the query, as {id, date} or {id, version} would', async () => {
    const body = lines([
      { category: 'older-residential' },
      { category: 'older-residential', date: '2025-06-01' },
    ]);
    const byDate = await ndjson(body, '?card=bham-care-homes&date=2024-06-01').expect(200);
    const json = await post()
      .send({
        card: { id: 'bham-care-homes', date: '2024-06-01' },
        items: JSON.parse(`[${body.trim().split('\n').join(',')}]`),
      })
      .expect(200);
    expect(byDate.text).toBe(json.text);
    expect(byDate.body.card).toEqual({ id: 'bham-care-homes', version: 1 });
    // v1 580.03; on 2025-06-01 v2: 359.23 + 231.60 = 590.83
    expect(byDate.body.results.map((r: { fee: string }) => r.fee)).toEqual(['580.03', '590.83']);
    const byVersion = await ndjson(
      lines([{ category: 'older-residential' }]),
      '?card=bham-care-homes@2',
    );
    expect(byVersion.body).toMatchObject({ card: { id: 'bham-care-homes', version: 2 } });
    expect(byVersion.body.results[0].fee).toBe('590.83');
  });

  test.each([
    ['?date=2024-06-01', 'ndjson', ['query', 'date']],
    ['?card=bham-care-homes@1&date=2024-06-01', 'ndjson', ['query', 'date']],
    ['?card=Bad%20Card', 'ndjson', ['query', 'card']],
    ['?card=bham-care-homes&date=2024-02-30', 'ndjson', ['query', 'date']],
    ['?card=bham-care-homes@1', 'json', ['query', 'card']],
    ['?results=all', 'json', ['query', 'results']],
  ])('a bad query %s (%s body) is refused with its path', async (query, kind, path) => {
    const res =
      kind === 'ndjson'
        ? await ndjson(lines([{ category: 'older-residential' }]), query)
        : await post(query).send({ items: [] });
    expect(res.status).toBe(400);
    expect(res.body.error.path).toEqual(path);
  });

  test('the compact answer: each item an index into the distinct outcomes, refusals with paths relative to the item', async () => {
    const full = await post()
      .send({ items: [...ITEMS, ...ITEMS] })
      .expect(200);
    for (const res of [
      await post('?results=compact')
        .send({ items: [...ITEMS, ...ITEMS] })
        .expect(200),
      await ndjson(lines([...ITEMS, ...ITEMS]), '?results=compact').expect(200),
    ]) {
      const { results, outcomes } = res.body as {
        results: number[];
        outcomes: Array<{ ok: boolean; error?: { path: unknown[] } }>;
      };
      // Repeated items share their outcome: 14 distinct results for 28 items.
      expect(results).toEqual([...ITEMS.keys(), ...ITEMS.keys()]);
      expect(outcomes).toHaveLength(ITEMS.length);
      // Expanded, the compact answer is the full one.
      const expanded = results.map((n, i) => {
        const o = outcomes[n]!;
        return o.ok ? o : { ...o, error: { ...o.error, path: ['items', i, ...o.error!.path] } };
      });
      expect(expanded).toEqual(full.body.results);
      expect(outcomes[0]).toMatchObject({ ok: true, version: 1, fee: '580.03' });
      expect(outcomes[4]).toEqual({
        ok: false,
        error: { code: 'NOT_FOUND', message: expect.any(String), path: ['category'] },
      });
      expect(outcomes[13]!.error!.path).toEqual([]);
    }
  });

  test('the compact answer shares one outcome between equal items across dates and versions', async () => {
    const res = await ndjson(
      lines([
        { card: 'bham-care-homes', date: '2024-06-01', category: 'older-residential' },
        { card: 'bham-care-homes', date: '2024-07-01', category: 'older-residential' },
        { card: 'bham-care-homes', date: '2025-06-01', category: 'older-residential' },
        { card: 'bham-care-homes@1', category: 'older-residential' },
      ]),
      '?results=compact&card=bham-care-homes&date=2024-06-01',
    ).expect(200);
    expect(res.body.card).toEqual({ id: 'bham-care-homes', version: 1 });
    expect(res.body.results).toEqual([0, 0, 1, 0]);
    expect(
      res.body.outcomes.map((o: { version: number; fee: string }) => `v${o.version} ${o.fee}`),
    ).toEqual(['v1 580.03', 'v2 590.83']);
  });

  test("the item limit is the JSON form's, with the same message", async () => {
    const nd = await ndjson('0\n'.repeat(MAX_BATCH_ITEMS + 1)).expect(400);
    expect(nd.body.error).toEqual({
      code: 'INVALID_INPUT',
      message: 'a batch holds at most 1,000,000 items, got 1,000,001: split it',
      path: ['items'],
    });
    // Exactly at the limit is a batch, every item refused on its own.
    const atLimit = await ndjson('0\n'.repeat(MAX_BATCH_ITEMS), '?results=compact').expect(200);
    expect(atLimit.body.results).toHaveLength(MAX_BATCH_ITEMS);
    expect(atLimit.body.outcomes).toHaveLength(1);
  }, 300_000); // two million lines: slow on a busy machine, not a timed test
});

describe('NDJSON body limits', () => {
  /** A request stream of these chunks with these headers. */
  const body = (chunks: string[], headers: Record<string, string> = {}) =>
    Object.assign(Readable.from(chunks.map((c) => Buffer.from(c))), {
      headers: { 'content-type': 'application/x-ndjson', ...headers },
    });
  /** Read a body, keeping a copy of each item (the reader reuses one object per scanned line). */
  const read = async (
    stream: Readable & { headers: Record<string, string> },
    limits: { maxBytes: number; maxItems: number },
  ) => {
    const items: unknown[] = [];
    await readNdjson(stream, limits, (i) =>
      items.push(i instanceof UnreadableLine ? 'unreadable' : { ...(i as object) }),
    );
    return items;
  };
  // The error body-parser raises for a JSON body over the limit, as the service answers it.
  const jsonTooLarge = toErrorResponse({ type: 'entity.too.large', limit: MAX_BATCH_BYTES });

  test("a declared length beyond the body limit is the JSON form's 413, before reading", async () => {
    const e = await read(body(['{}'], { 'content-length': String(MAX_BATCH_BYTES + 1) }), {
      maxBytes: MAX_BATCH_BYTES,
      maxItems: MAX_BATCH_ITEMS,
    }).catch((err: unknown) => err);
    expect(toErrorResponse(e)).toEqual(jsonTooLarge);
    expect(jsonTooLarge).toEqual({
      status: 413,
      body: {
        error: {
          code: 'TOO_LARGE',
          message: `the request body is too large (the limit is ${MAX_BATCH_BYTES.toLocaleString('en-GB')} bytes)`,
          path: [],
        },
      },
    });
  });

  test('a body that grows past the limit as it arrives is refused the same way', async () => {
    const lines = ['{"category":"a"}\n', '{"category":"b"}\n', '{"category":"c"}\n'];
    const ok = await read(body(lines), { maxBytes: 51, maxItems: 10 });
    expect(ok).toEqual([{ category: 'a' }, { category: 'b' }, { category: 'c' }]);
    const e = await read(body(lines), { maxBytes: 50, maxItems: 10 }).catch((err: unknown) => err);
    expect(toErrorResponse(e)).toEqual(toErrorResponse({ type: 'entity.too.large', limit: 50 }));
  });

  test('lines split anywhere between chunks read the same as JSON.parse of each line', async () => {
    const text =
      '{"card":"a@1","date":"2024-06-01","category":"x\\"y","band":2,"rating":"Gold","bronzeOverdue":false}\n' +
      '{"category":"caf\u00e9","override":{"weeklyFee":"1.00","reason":"r"}}\r\n' +
      '\n' +
      '{"category":"z","extra":[1]}\n' +
      'not json\n' +
      '{"band":null,"rating":"Bronze","card":"b"}';
    const expected = text
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
        try {
          return JSON.parse(l) as unknown;
        } catch {
          return 'unreadable';
        }
      });
    const bytes = Buffer.from(text);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const chunks = [bytes.subarray(0, cut), bytes.subarray(cut)].filter((c) => c.length);
      const items = await read(Object.assign(Readable.from(chunks), { headers: {} }), {
        maxBytes: 1000,
        maxItems: 10,
      });
      expect(items).toEqual(expected);
    }
  });
});
