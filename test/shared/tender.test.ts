import fc from 'fast-check';
import {
  awardPlacement,
  CareFeeError,
  Decimal,
  scoreTender,
  type TenderBid,
} from '../../shared/src';

function errorOf(fn: () => unknown): CareFeeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CareFeeError);
    return e as CareFeeError;
  }
  throw new Error('expected a CareFeeError');
}

const bids: TenderBid[] = [
  { id: 'A', price: '800.00', cqcRating: 'Good', qualityReporting: 0.8 },
  { id: 'B', price: 700, cqcRating: 'requires improvement', qualityReporting: '0.5' },
  {
    id: 'C',
    price: '750.00',
    cqcRating: 'Outstanding',
    qualityReporting: 9,
    qualityReportingMax: 10,
  },
];

describe('tender scoring (Sefton DPS, Quality:Price 60:40)', () => {
  test('price 40 × lowest ÷ bid, CQC 30 × points ÷ 4, quality reporting 30 × share', () => {
    // A: 40 × 700/800 = 35;        30 × 3/4 = 22.5; 30 × 0.8 = 24 → 81.5
    // B: 40 × 700/700 = 40;        30 × 2/4 = 15;   30 × 0.5 = 15 → 70
    // C: 40 × 700/750 = 37.333…;   30 × 4/4 = 30;   30 × 9/10 = 27 → 94.333…
    const r = scoreTender(bids);
    expect(r.maxPoints).toEqual({ price: '40', cqc: '30', qualityReporting: '30' });
    expect(r.lowestPrice).toBe('700.00');
    expect(r.ranking).toEqual([
      {
        id: 'C',
        price: '750.00',
        cqcRating: 'Outstanding',
        priceScore: '37.33',
        cqcScore: '30.00',
        qualityReportingScore: '27.00',
        qualityScore: '57.00',
        total: '94.33',
        rank: 1,
      },
      {
        id: 'A',
        price: '800.00',
        cqcRating: 'Good',
        priceScore: '35.00',
        cqcScore: '22.50',
        qualityReportingScore: '24.00',
        qualityScore: '46.50',
        total: '81.50',
        rank: 2,
      },
      {
        id: 'B',
        price: '700.00',
        cqcRating: 'Requires Improvement',
        priceScore: '40.00',
        cqcScore: '15.00',
        qualityReportingScore: '15.00',
        qualityScore: '30.00',
        total: '70.00',
        rank: 3,
      },
    ]);
  });

  test('weights are configurable: quality 70 : price 30 gives 30 + 35 + 35', () => {
    // A: 30 × 700/800 = 26.25; 35 × 3/4 = 26.25; 35 × 0.8 = 28 → 80.50
    const r = scoreTender(bids, { quality: 70, price: 30 });
    expect(r.maxPoints).toEqual({ price: '30', cqc: '35', qualityReporting: '35' });
    expect(r.ranking.find((b) => b.id === 'A')?.total).toBe('80.50');
  });

  test('ranking uses exact scores: 700.00 beats 700.01 though both show 40.00 price points', () => {
    // 40 × 700/700.01 = 39.99942…, shown 40.00
    const r = scoreTender([
      { id: 'dearer', price: '700.01', cqcRating: 'Good', qualityReporting: 1 },
      { id: 'cheaper', price: '700.00', cqcRating: 'Good', qualityReporting: 1 },
    ]);
    expect(r.ranking.map((b) => [b.id, b.priceScore, b.total, b.rank])).toEqual([
      ['cheaper', '40.00', '92.50', 1],
      ['dearer', '40.00', '92.50', 2],
    ]);
  });

  test('equal exact totals share a rank, earliest offer listed first', () => {
    const r = scoreTender([
      {
        id: 'D',
        price: 700,
        cqcRating: 'Good',
        qualityReporting: 0.5,
        offeredAt: '2024-05-01T10:00:00Z',
      },
      {
        id: 'E',
        price: 700,
        cqcRating: 'Good',
        qualityReporting: 0.5,
        offeredAt: '2024-05-01T09:00:00Z',
      },
      {
        id: 'F',
        price: 800,
        cqcRating: 'Good',
        qualityReporting: 0.5,
        offeredAt: '2024-05-01T08:00:00Z',
      },
    ]);
    expect(r.ranking.map((b) => [b.id, b.rank])).toEqual([
      ['E', 1],
      ['D', 1],
      ['F', 3],
    ]);
  });

  test('offer times may be Excel serials with a time of day', () => {
    // 45413.375 is 2024-05-01 09:00; 45413.4 is 09:36
    const r = scoreTender([
      { id: 'late', price: 700, cqcRating: 'Good', qualityReporting: 0.5, offeredAt: 45413.4 },
      { id: 'early', price: 700, cqcRating: 'Good', qualityReporting: 0.5, offeredAt: 45413.375 },
    ]);
    expect(r.ranking.map((b) => b.id)).toEqual(['early', 'late']);
  });

  test('bad bids are INVALID_INPUT naming the field', () => {
    expect(
      errorOf(() => scoreTender([{ id: 'A', price: 0, cqcRating: 'Good', qualityReporting: 1 }]))
        .path,
    ).toEqual(['bids', 0, 'price']);
    expect(
      errorOf(() => scoreTender([{ id: 'A', price: 700, cqcRating: 'Gold', qualityReporting: 1 }]))
        .message,
    ).toBe(
      'bids.0.cqcRating: cqcRating must be one of Outstanding, Good, Requires Improvement, Inadequate, got "Gold"',
    );
    expect(
      errorOf(() =>
        scoreTender([{ id: 'A', price: 700, cqcRating: 'Good', qualityReporting: 1.2 }]),
      ).message,
    ).toBe('bids.0.qualityReporting: qualityReporting 1.2 is more than its maximum 1');
    expect(errorOf(() => scoreTender([])).code).toBe('INVALID_INPUT');
    expect(errorOf(() => scoreTender([...bids, { ...bids[0]! }])).message).toBe(
      'bids.3.id: duplicate bid id "A"',
    );
    expect(errorOf(() => scoreTender(bids, { quality: 0, price: 0 })).code).toBe('INVALID_INPUT');
    expect(
      errorOf(() => scoreTender([{ ...bids[0]!, offeredAt: '2024-02-30T10:00Z' }])).path,
    ).toEqual(['bids', 0, 'offeredAt']);
    expect(errorOf(() => scoreTender([{ ...bids[0]!, offeredAt: '1 May' }])).path).toEqual([
      'bids',
      0,
      'offeredAt',
    ]);
  });

  // "Providers rated Inadequate are suspended from bidding" (Birmingham): so are suspended ones.
  test('Inadequate and suspended bids are not scored, however well they would score', () => {
    const r = scoreTender([
      { id: 'Cheap but Inadequate', price: '500.00', cqcRating: 'Inadequate', qualityReporting: 1 },
      {
        id: 'Suspended',
        price: '520.00',
        cqcRating: 'Outstanding',
        qualityReporting: 1,
        suspended: true,
      },
      { id: 'Good', price: '700.00', cqcRating: 'Good', qualityReporting: 0.5 },
    ]);
    // Good alone: 40 + 22.5 + 15; the Inadequate £500 sets no benchmark for its price score.
    expect(r.lowestPrice).toBe('700.00');
    expect(r.ranking.map((b) => [b.id, b.total, b.rank])).toEqual([['Good', '77.50', 1]]);
    expect(r.excluded).toEqual([
      { id: 'Cheap but Inadequate', reason: 'rated Inadequate: suspended from bidding' },
      { id: 'Suspended', reason: 'provider suspended from new packages' },
    ]);
    const e = errorOf(() =>
      scoreTender([{ id: 'X', price: '1.00', cqcRating: 'Inadequate', qualityReporting: 0 }]),
    );
    expect(e.code).toBe('NOT_ALLOWED');
  });

  const bidArb = fc.record({
    pence: fc.integer({ min: 1, max: 500_000 }),
    cqc: fc.constantFrom('Outstanding', 'Good', 'Requires Improvement'),
    qr: fc.integer({ min: 0, max: 100 }),
  });
  const toBids = (xs: Array<{ pence: number; cqc: string; qr: number }>): TenderBid[] =>
    xs.map((x, i) => ({
      id: `b${i}`,
      price: new Decimal(x.pence).div(100).toFixed(2),
      cqcRating: x.cqc,
      qualityReporting: x.qr,
      qualityReportingMax: 100,
    }));

  test('property: ranks never fall down the list, the cheapest gets full price points, totals stay within 100', () => {
    fc.assert(
      fc.property(fc.array(bidArb, { minLength: 1, maxLength: 12 }), (xs) => {
        const r = scoreTender(toBids(xs));
        expect(r.ranking[0]!.rank).toBe(1);
        r.ranking.forEach((b, i) => {
          if (i > 0) expect(b.rank).toBeGreaterThanOrEqual(r.ranking[i - 1]!.rank);
          expect(b.rank === i + 1 || (i > 0 && b.rank === r.ranking[i - 1]!.rank)).toBe(true);
          expect(new Decimal(b.total).lte(100)).toBe(true);
          if (b.price === r.lowestPrice) expect(b.priceScore).toBe('40.00');
        });
      }),
    );
  });

  test('property: reordering the bids changes nobody’s rank or score', () => {
    fc.assert(
      fc.property(
        fc
          .array(bidArb, { minLength: 1, maxLength: 10 })
          .chain((xs) =>
            fc.tuple(
              fc.constant(xs),
              fc.shuffledSubarray([...xs.keys()], { minLength: xs.length, maxLength: xs.length }),
            ),
          ),
        ([xs, order]) => {
          const given = toBids(xs);
          const shuffled = order.map((i) => given[i]!);
          const key = (r: ReturnType<typeof scoreTender>) =>
            new Map(r.ranking.map((b) => [b.id, `${b.rank}:${b.total}`]));
          expect(key(scoreTender(shuffled))).toEqual(key(scoreTender(given)));
        },
      ),
    );
  });
});

describe('mini-competition award (Birmingham)', () => {
  test('the highest rating wins', () => {
    expect(
      awardPlacement([
        { id: 'Oak House', rating: 'Silver' },
        { id: 'Elm Lodge', rating: 'gold' },
        { id: 'Ash Court', rating: 'Bronze' },
      ]),
    ).toEqual({
      winner: 'Elm Lodge',
      rating: 'Gold',
      reason: 'the only Gold offer: highest quality rating',
      excluded: [],
    });
  });

  test('Inadequate providers are excluded, however early', () => {
    const r = awardPlacement([
      { id: 'Bad Place', rating: 'Inadequate', offeredAt: '2024-05-01T08:00:00Z' },
      { id: 'Oak House', rating: 'Bronze', offeredAt: '2024-05-01T12:00:00Z' },
    ]);
    expect(r.winner).toBe('Oak House');
    expect(r.excluded).toEqual(['Bad Place']);
  });

  const tied = [
    { id: 'Oak House', rating: 'Silver', offeredAt: '2024-05-01T11:00:00Z' },
    { id: 'Elm Lodge', rating: 'Silver', offeredAt: '2024-05-01T09:30:00Z' },
    { id: 'Ash Court', rating: 'Bronze', offeredAt: '2024-05-01T08:00:00Z' },
  ];

  test('a tie goes to the citizen’s choice among the tied', () => {
    expect(awardPlacement(tied, 'Oak House')).toEqual({
      winner: 'Oak House',
      rating: 'Silver',
      reason: '2 Silver offers tie (Elm Lodge, Oak House): the citizen chose Oak House',
      excluded: [],
    });
  });

  test('with no choice, the earliest of the highest-rated offers wins', () => {
    expect(awardPlacement(tied).reason).toBe(
      '2 Silver offers tie (Elm Lodge, Oak House), no citizen choice: the earliest offer wins',
    );
    expect(awardPlacement(tied, '').winner).toBe('Elm Lodge');
    const r = awardPlacement(tied, 'Ash Court');
    expect(r.winner).toBe('Elm Lodge');
    expect(r.reason).toBe(
      "2 Silver offers tie (Elm Lodge, Oak House), the citizen's choice Ash Court is not among them: the earliest offer wins",
    );
  });

  test('without offer times, the order given is the order received', () => {
    expect(
      awardPlacement([
        { id: 'first', rating: 'Silver' },
        { id: 'second', rating: 'Silver' },
      ]).winner,
    ).toBe('first');
    expect(
      errorOf(() =>
        awardPlacement([
          { id: 'a', rating: 'Silver', offeredAt: '2024-05-01' },
          { id: 'b', rating: 'Silver' },
        ]),
      ).path,
    ).toEqual(['offers']);
  });

  test('no eligible offer: NOT_ALLOWED when all are Inadequate, NOT_FOUND when there are none', () => {
    const e = errorOf(() => awardPlacement([{ id: 'x', rating: 'Inadequate' }]));
    expect(e.code).toBe('NOT_ALLOWED');
    expect(errorOf(() => awardPlacement([])).code).toBe('NOT_FOUND');
    const unknown = errorOf(() => awardPlacement(tied, 'Birch Villa'));
    expect(unknown.code).toBe('NOT_FOUND');
    expect(unknown.message).toBe(
      'the citizen\'s choice "Birch Villa" is not one of the offers (Oak House, Elm Lodge, Ash Court)',
    );
    expect(errorOf(() => awardPlacement([{ id: 'x', rating: 'Platinum' }])).path).toEqual([
      'offers',
      0,
      'rating',
    ]);
  });
});
