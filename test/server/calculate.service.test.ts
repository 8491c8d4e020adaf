/**
 * The batch calculation service on its own (no HTTP, no database): the card reference, item
 * paths, versions by item date, and the shared-result serialisation.
 */
import { parseRateCard, weeklyFee, type RateCard } from '../../shared/src';
import { MAX_BATCH_ITEMS } from '../../shared/src/contract/calculate';
import {
  calculateBatch,
  compactChunks,
  outcomeChunks,
  parseCalculateRequest,
  resultAt,
  serializeOutcome,
  versionKey,
  type CalculateOutcome,
  type CardLookup,
} from '../../server/src/calculation/service';
import { BIRMINGHAM_2024_INPUT } from '../fixtures/birmingham';

const v1 = parseRateCard({ ...BIRMINGHAM_2024_INPUT, version: 1, effectiveTo: '2025-03-31' });
const v2 = parseRateCard({
  ...v1,
  version: 2,
  effectiveFrom: '2025-04-01',
  effectiveTo: null,
  hotelCost: '359.23',
});

/** A second family, so one batch can mix them. */
const chc = parseRateCard({
  ...v2,
  id: 'icb-chc',
  version: 1,
  effectiveFrom: '2024-01-01',
  hotelCost: '400.00',
});

/** A card store in memory, as the repository answers (approved versions only in ranges). */
function lookupOf(cards: RateCard[]): CardLookup {
  return {
    versions: async (refs) =>
      new Map(
        cards
          .filter((c) => refs.some((r) => r.id === c.id && r.version === c.version))
          .map((c) => [versionKey(c.id, c.version), c]),
      ),
    ranges: async (ids) =>
      cards
        .filter((c) => ids.includes(c.id))
        .map((c) => ({
          id: c.id,
          version: c.version,
          effectiveFrom: c.effectiveFrom,
          effectiveTo: c.effectiveTo ?? null,
        })),
  };
}
const lookup = lookupOf([v1, v2, chc]);

const run = (body: unknown, l: CardLookup = lookup) =>
  calculateBatch(parseCalculateRequest(body), l);

/** Each item's result as the API sends it (refusal paths under items). */
const sent = (out: CalculateOutcome) => out.results.map((_, i) => resultAt(out, i));

describe('batch calculation service', () => {
  test('prices each item with the engine, in order, Gold +2% and Bronze −3% once overdue', async () => {
    const out = await run({
      card: { id: 'bham-care-homes', date: '2024-06-01' },
      items: [
        { category: 'older-residential' },
        { category: 'older-residential', rating: 'Gold' },
        { category: 'older-residential', rating: 'bronze', bronzeOverdue: true },
        { category: 'learning-disability', band: 2, rating: 'Gold' },
      ],
    });
    expect(out.card).toEqual({ id: 'bham-care-homes', version: 1 });
    expect(out.results.map((r) => (r.ok ? r.fee : r.error.code))).toEqual([
      '580.03',
      '591.63',
      '562.63',
      '776.00',
    ]);
    expect(out.results[3]).toEqual({
      ok: true,
      ...weeklyFee(v1, { category: 'learning-disability', band: '2', rating: 'Gold' }),
    });
  });

  test('an item date picks the version in force on it; all dates cost one query for ranges and one for versions', async () => {
    const calls: string[] = [];
    const counting: CardLookup = {
      versions: (refs) => (calls.push(`versions ${refs.length}`), lookup.versions(refs)),
      ranges: (ids) => (calls.push(`ranges ${ids.join()}`), lookup.ranges(ids)),
    };
    const out = await run(
      {
        card: { id: 'bham-care-homes', date: '2024-06-01' },
        items: [
          { category: 'older-residential', date: '2025-05-01' },
          { category: 'older-residential' },
          { category: 'older-residential', date: '2025-05-01' },
          { category: 'older-residential', date: '2020-01-01' },
        ],
      },
      counting,
    );
    expect(calls).toEqual(['ranges bham-care-homes', 'versions 2']);
    // v2: 359.23 + 231.60 = 590.83
    expect(sent(out).map((r) => (r.ok ? `${r.version}:${r.fee}` : r.error.path.join('.')))).toEqual(
      ['2:590.83', '1:580.03', '2:590.83', 'items.3.date'],
    );
  });

  test('a bad item gets its own error and path; its neighbours are priced', async () => {
    const out = await run({
      card: { id: 'bham-care-homes', version: 1 },
      items: [
        { category: 'nursing' },
        { category: 'learning-disability' },
        { category: 'older-residential', rating: 'Platinum' },
        'not an object',
        { category: 'older-residential', colour: 'blue' },
        { category: 'older-residential', rating: 'Inadequate' },
        { category: 'older-residential', date: '2030-01-01' },
        {
          category: 'older-residential',
          override: { weeklyFee: '1200.00', reason: 'specialist package' },
        },
        { category: 'older-residential', override: { weeklyFee: '1200.00' } },
        { category: 'older-residential' },
      ],
    });
    const summary = sent(out).map((r) =>
      r.ok ? r.fee : `${r.error.code} ${r.error.path.join('.')}`,
    );
    expect(summary).toEqual([
      'NOT_FOUND items.0.category',
      'INVALID_INPUT items.1.band',
      'INVALID_INPUT items.2.rating',
      'INVALID_INPUT items.3',
      'INVALID_INPUT items.4.colour',
      'NOT_ALLOWED items.5.rating',
      'INVALID_INPUT items.6.date',
      '1200.00',
      'INVALID_INPUT items.8.override.reason',
      '580.03',
    ]);
  });

  test('an inline card needs no version and no database', async () => {
    const draft: Partial<RateCard> = { ...v1 };
    delete draft.version;
    const out = await run(
      { card: { inline: draft }, items: [{ category: 'older-residential', rating: 'Gold' }] },
      {
        versions: () => Promise.reject(new Error('not used')),
        ranges: () => Promise.reject(new Error('not used')),
      },
    );
    expect(out.card).toEqual({ id: 'bham-care-homes', version: 1 });
    expect(out.results[0]).toMatchObject({ ok: true, fee: '591.63' });
  });

  test.each([
    [null, []],
    [{ card: { id: 'bham-care-homes', date: '2024-06-01' }, items: {} }, ['items']],
    [{ card: { id: 'bham-care-homes', date: '2024-02-30' }, items: [] }, ['card', 'date']],
    [{ card: { id: '../etc/passwd', version: 1 }, items: [] }, ['card', 'id']],
    [{ card: { id: 'x', date: '2024-06-01', version: 1 }, items: [] }, ['card']],
    [{ card: { inline: { id: 'x' } }, items: [] }, ['card', 'inline', 'title']],
    [{ card: 'bham', items: [] }, ['card']],
    [{ card: { id: 'x', version: 1 }, items: [], extra: 1 }, ['extra']],
    [{ card: { id: 'x', version: 1 }, items: new Array(MAX_BATCH_ITEMS + 1).fill({}) }, ['items']],
  ])('a malformed request fails as a whole: %#', (body, path) => {
    expect(() => parseCalculateRequest(body)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', path }),
    );
  });

  test('an unknown card fails as a whole with NOT_FOUND', async () => {
    await expect(
      run({ card: { id: 'bham-care-homes', version: 9 }, items: [] }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      path: ['card', 'version'],
    });
    await expect(
      run({ card: { id: 'bham-care-homes', date: '2019-01-01' }, items: [{ category: 'x' }] }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      path: ['card', 'date'],
    });
  });

  test('shared results never mix placements up, however odd the text', async () => {
    const out = await run({
      card: { id: 'bham-care-homes', version: 1 },
      items: [
        { category: 'learning-disability', band: '2' },
        { category: 'learning-disability\u00002' },
        { category: 'older-residential', override: { careCost: '500.00', reason: 'bariatric' } },
        {
          category: 'older-residential',
          override: { careCost: '500.00', reason: 'bariatric care' },
        },
        { category: 'older-residential', override: { careCost: '500.00', reason: 'bariatric' } },
      ],
    });
    expect(
      sent(out).map((r) =>
        r.ok ? `${r.fee} ${r.override?.reason ?? ''}` : r.error.path.join('.'),
      ),
    ).toEqual([
      '760.78 ',
      'items.1.category',
      '848.43 bariatric',
      '848.43 bariatric care',
      '848.43 bariatric',
    ]);
    expect(out.results[2]).toBe(out.results[4]);
  });

  test('serialisation is plain JSON of the outcome', async () => {
    const out = await run({
      card: { id: 'bham-care-homes', version: 1 },
      items: [
        { category: 'older-residential' },
        { category: 'older-residential' },
        { category: 'x' },
      ],
    });
    expect(JSON.parse(serializeOutcome(out))).toEqual(
      JSON.parse(JSON.stringify({ card: out.card, results: sent(out) })),
    );
    // Chunks cut anywhere, even inside a result, join to the same text.
    expect(Buffer.concat([...outcomeChunks(out, 16)]).toString()).toBe(serializeOutcome(out));
  });

  test('the compact serialisation: each item an index into its distinct outcomes, a refusal relative to its item', async () => {
    const out = await run({
      card: { id: 'bham-care-homes', version: 1 },
      items: [{ category: 'x' }, { category: 'older-residential' }, { category: 'x' }, {}],
    });
    const text = Buffer.concat([...compactChunks(out)]).toString();
    const compact = JSON.parse(text) as { card: unknown; results: number[]; outcomes: unknown[] };
    expect(compact.card).toEqual({ id: 'bham-care-homes', version: 1 });
    expect(compact.results).toEqual([0, 1, 0, 2]);
    expect(compact.outcomes).toEqual([
      {
        ok: false,
        error: {
          code: 'NOT_FOUND',
          message:
            'category "x" is not on rate card bham-care-homes v1 (it has older-residential, learning-disability)',
          path: ['category'],
        },
      },
      expect.objectContaining({ ok: true, version: 1, fee: '580.03' }),
      { ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', path: ['category'] }) },
    ]);
    // Expanded with the item's index, each outcome is the full form's result.
    expect(
      compact.results.map((n, i) => {
        const o = compact.outcomes[n] as { ok: boolean; error?: { path: unknown[] } };
        return o.ok ? o : { ...o, error: { ...o.error, path: ['items', i, ...o.error!.path] } };
      }),
    ).toEqual(sent(out));
    // Chunks cut anywhere join to the same text.
    expect(Buffer.concat([...compactChunks(out, 16)]).toString()).toBe(text);
  });

  test('one batch mixes families and versions: each item may name its card, by family (its date chooses) or id@version', async () => {
    const out = await run({
      items: [
        { card: 'bham-care-homes', date: '2024-06-01', category: 'older-residential' },
        { card: 'bham-care-homes', date: '2025-06-01', category: 'older-residential' },
        { card: 'icb-chc', date: '2025-06-01', category: 'older-residential' },
        { card: 'bham-care-homes@1', category: 'older-residential' },
        { card: 'bham-care-homes@1', date: '2025-06-01', category: 'older-residential' },
        { card: 'icb-chc', category: 'older-residential' },
        { category: 'older-residential', date: '2024-06-01' },
        { card: 'bham-care-homes@7', category: 'older-residential' },
        { card: 'Bham', category: 'older-residential' },
      ],
    });
    expect(out.card).toBeUndefined();
    // v1 348.43 + 231.60 = 580.03; v2 359.23 + 231.60 = 590.83; icb-chc 400.00 + 231.60 = 631.60
    expect(
      sent(out).map((r) =>
        r.ok ? `${r.cardId}@${r.version} ${r.fee}` : `${r.error.code} ${r.error.path.join('.')}`,
      ),
    ).toEqual([
      'bham-care-homes@1 580.03',
      'bham-care-homes@2 590.83',
      'icb-chc@1 631.60',
      'bham-care-homes@1 580.03',
      'INVALID_INPUT items.4.date',
      'INVALID_INPUT items.5.date',
      'INVALID_INPUT items.6.card',
      'NOT_FOUND items.7.card',
      'INVALID_INPUT items.8.card',
    ]);
  });

  test("the batch's card: {id} lets every item's date choose; an item's own card wins; a date is needed only by items that use it", async () => {
    const family = await run({
      card: { id: 'bham-care-homes' },
      items: [
        { category: 'older-residential', date: '2025-06-01' },
        { category: 'older-residential' },
        { card: 'icb-chc', category: 'older-residential', date: '2025-06-01' },
      ],
    });
    expect(family.card).toBeUndefined();
    expect(sent(family).map((r) => (r.ok ? r.fee : r.error.path.join('.')))).toEqual([
      '590.83',
      'items.1.date',
      '631.60',
    ]);
    // Nothing in force on the batch's date, but every item has its own: priced, no batch card.
    const dated = await run({
      card: { id: 'bham-care-homes', date: '2019-01-01' },
      items: [{ category: 'older-residential', date: '2025-06-01' }],
    });
    expect(dated).toEqual({ results: [expect.objectContaining({ fee: '590.83' })] });
  });

  test('refusals are shared per reason; serialised, each names its own item', async () => {
    const out = await run({
      card: { id: 'bham-care-homes', date: '2024-06-01' },
      items: [
        { category: 'nursing' },
        { category: 'older-residential', date: '2019-01-01' },
        { category: 'nursing' },
        { category: 'older-residential', date: '2019-01-01' },
        { category: 'older-residential', rating: 'Platinum' },
        { category: 'older-residential', rating: 'Platinum' },
      ],
    });
    expect(out.results[0]).toBe(out.results[2]);
    expect(out.results[1]).toBe(out.results[3]);
    expect(out.results[4]).toBe(out.results[5]);
    const body = JSON.parse(serializeOutcome(out)) as {
      results: Array<{ error: { code: string; message: string; path: unknown[] } }>;
    };
    expect(body.results.map((r) => [r.error.code, r.error.path.join('.')])).toEqual([
      ['NOT_FOUND', 'items.0.category'],
      ['NOT_FOUND', 'items.1.date'],
      ['NOT_FOUND', 'items.2.category'],
      ['NOT_FOUND', 'items.3.date'],
      ['INVALID_INPUT', 'items.4.rating'],
      ['INVALID_INPUT', 'items.5.rating'],
    ]);
    expect(body.results[1]!.error.message).toBe(
      'no approved version of rate card bham-care-homes is in force on 2019-01-01',
    );
  });

  test('100,000 items price and serialise (speed is measured by npm run bench:service, not here)', async () => {
    const items = Array.from({ length: 100_000 }, (_, i) =>
      i % 2
        ? { category: 'older-residential', rating: ['Gold', 'Silver', 'Bronze'][i % 3] }
        : { category: 'learning-disability', band: '1' },
    );
    const out = await run(JSON.parse(JSON.stringify({ card: { inline: v1 as RateCard }, items })));
    const text = serializeOutcome(out);
    expect(out.results).toHaveLength(100_000);
    expect(text.length).toBeGreaterThan(1_000_000);
  });
});
