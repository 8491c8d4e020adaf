import {
  awardPackage,
  CareFeeError,
  costOfDays,
  needsLedCost,
  receiptPeriods,
  reviewAgreement,
  upliftedWeekly,
  yearCommitment,
  type AgreementTerms,
  type PackageOffer,
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

describe('needs-led indicative weekly cost', () => {
  test('worked example: hours, 1:1, 2:1, waking and sleeping nights, on-costs, overheads, return', () => {
    // staff hours = 20 core + 10 (1:1) + 2 × 3 (2:1) = 36
    // pay         = 36 × £12.00 + 2 waking × £130.00 + 5 sleeping × £85.00 = 432 + 260 + 425 = £1,117
    // staff costs = 1117 × 1.25 = £1,396.25
    // overheads   = 1396.25 × 0.15 = 209.4375 → £209.44
    // return      = (1396.25 + 209.4375) × 0.05 = 80.284375 → £80.28
    // weekly      = 1396.25 + 209.44 + 80.28 = £1,685.97
    const r = needsLedCost({
      coreHours: 20,
      oneToOneHours: 10,
      twoToOneHours: 3,
      hourlyRate: '12.00',
      wakingNights: 2,
      wakingNightRate: '130.00',
      sleepingNights: 5,
      sleepingNightRate: '85.00',
      onCosts: '0.25',
      overheads: '0.15',
      returnRate: '0.05',
    });
    expect(r).toEqual({
      staffHours: '36',
      pay: '1117',
      staffCosts: '1396.25',
      overheads: '209.44',
      return: '80.28',
      weekly: '1685.97',
    });
  });

  test('nights without a rate, or more than 7 a week, are refused with the field', () => {
    expect(errorOf(() => needsLedCost({ hourlyRate: 12, wakingNights: 1 })).path).toEqual([
      'wakingNightRate',
    ]);
    expect(
      errorOf(() => needsLedCost({ hourlyRate: 12, sleepingNights: 8, sleepingNightRate: 80 }))
        .path,
    ).toEqual(['sleepingNights']);
    expect(errorOf(() => needsLedCost({ hourlyRate: '12.001' })).path).toEqual(['hourlyRate']);
  });
});

describe('award: Quality:Price 60:40 (Sefton DPS)', () => {
  // Seed 001: "Quality:Price 60:40" and "60% = 30% CQC Rating + 30% Quality Reporting".
  const offers: PackageOffer[] = [
    {
      id: 'A',
      weeklyPrice: '800.00',
      rating: 'Silver',
      cqcRating: 'Good',
      qualityReporting: '0.8',
    },
    {
      id: 'B',
      weeklyPrice: '700.00',
      rating: 'Bronze',
      cqcRating: 'Requires Improvement',
      qualityReporting: '0.5',
    },
    {
      id: 'C',
      weeklyPrice: '750.00',
      rating: 'Gold',
      cqcRating: 'Outstanding',
      qualityReporting: '0.9',
    },
    // Cheapest of all, but suspended: its price must not set the lowest offer.
    { id: 'D', weeklyPrice: '600.00', rating: 'Silver', suspended: true },
    { id: 'E', weeklyPrice: '500.00', rating: 'Inadequate' },
  ];

  test('price points = lowest ÷ offer × 40, suspended and Inadequate excluded whatever the scores', () => {
    // A 35 + 22.5 + 24 = 81.5; B 40 + 15 + 15 = 70; C 37.333… + 30 + 27 = 94.33
    const r = awardPackage(offers, { rule: 'quality-price' });
    expect(r.winner).toBe('C');
    expect(r.ruleWinner).toBe('C');
    expect(r.reason).toBe('highest Quality:Price score (94.33 points)');
    expect(r.ranking!.map((b) => [b.id, b.priceScore, b.qualityScore, b.total])).toEqual([
      ['C', '37.33', '57.00', '94.33'],
      ['A', '35.00', '46.50', '81.50'],
      ['B', '40.00', '30.00', '70.00'],
    ]);
    expect(r.excluded).toEqual([
      { id: 'D', why: 'the provider is suspended from bidding' },
      { id: 'E', why: 'the provider is rated Inadequate and suspended from bidding' },
    ]);
  });

  test('without a CQC rating or reporting share, the overall rating gives them (documented scale)', () => {
    // Gold → Outstanding 4/4 and share 1; Silver → Good 3/4 and share 0.75.
    // G £900: 40 × 800/900 = 35.56 + 30 + 30 = 95.56; S £800: 40 + 22.5 + 22.5 = 85
    const r = awardPackage(
      [
        { id: 'G', weeklyPrice: 900, rating: 'Gold' },
        { id: 'S', weeklyPrice: 800, rating: 'Silver' },
      ],
      { rule: 'quality-price' },
    );
    expect(r.ranking!.map((b) => [b.id, b.total])).toEqual([
      ['G', '95.56'],
      ['S', '85.00'],
    ]);
    // A configured scale: Good is worth only half of Outstanding, Silver's share 0.5.
    const scaled = awardPackage(
      [
        { id: 'G', weeklyPrice: 900, rating: 'Gold' },
        { id: 'S', weeklyPrice: 800, rating: 'Silver' },
      ],
      {
        rule: 'quality-price',
        cqcScale: { Outstanding: 10, Good: 5, 'Requires Improvement': 1, Inadequate: 0 },
        qualityReportingScale: { Silver: '0.5' },
      },
    );
    // S: 40 + 30 × 5/10 = 15 + 30 × 0.5 = 15 → 70
    expect(scaled.ranking!.map((b) => [b.id, b.total])).toEqual([
      ['G', '95.56'],
      ['S', '70.00'],
    ]);
  });
});

describe('award: scored capability questions (where a requirement has them)', () => {
  // Seed 001 gives "60% = 30% CQC Rating + 30% Quality Reporting" and no share for capability
  // questions: where a requirement scores them, the house gives them 20 of the 60 (configurable)
  // and CQC and quality reporting share the other 40 equally, as the seed shares its 60.
  const offers: PackageOffer[] = [
    { id: 'A', weeklyPrice: '800.00', rating: 'Silver', qualityReporting: '0.75', capability: '1' },
    {
      id: 'B',
      weeklyPrice: '760.00',
      rating: 'Silver',
      qualityReporting: '0.75',
      capability: '0.25',
    },
  ];

  test('capability takes 20 of the 60 quality points: the better answers win over a lower price', () => {
    // A: 40 × 760 ÷ 800 = 38.00 + CQC 20 × 3 ÷ 4 = 15.00 + reporting 20 × 0.75 = 15.00 + 20 × 1 = 88.00;
    // B: 40.00 + 15.00 + 15.00 + 20 × 0.25 = 5.00 → 75.00.
    const r = awardPackage(offers, { rule: 'quality-price' });
    expect(r.winner).toBe('A');
    expect(r.ranking!.map((b) => [b.id, b.capabilityScore, b.qualityScore, b.total])).toEqual([
      ['A', '20.00', '50.00', '88.00'],
      ['B', '5.00', '35.00', '75.00'],
    ]);
  });

  test('without scored questions the seed’s 30 + 30 decides, and B’s lower price wins', () => {
    const r = awardPackage(
      offers.map((o) => ({ ...o, capability: undefined })),
      { rule: 'quality-price' },
    );
    // A: 38.00 + 22.50 + 22.50 = 83.00; B: 40.00 + 22.50 + 22.50 = 85.00.
    expect(r.ranking!.map((b) => [b.id, b.capabilityScore, b.total])).toEqual([
      ['B', undefined, '85.00'],
      ['A', undefined, '83.00'],
    ]);
  });

  test('the capability weight is configurable, up to the quality weight', () => {
    const r = awardPackage(offers, { rule: 'quality-price', capabilityWeight: '30' });
    // Capability 30 points; CQC and reporting 15 each: A 38 + 11.25 + 11.25 + 30 = 90.50.
    expect(r.ranking![0]).toMatchObject({ id: 'A', capabilityScore: '30.00', total: '90.50' });
    expect(
      errorOf(() => awardPackage(offers, { rule: 'quality-price', capabilityWeight: 61 })).path,
    ).toEqual(['capabilityWeight']);
  });
});

describe('award: highest rating (Birmingham mini-competition)', () => {
  const offers: PackageOffer[] = [
    { id: 'G1', weeklyPrice: 900, rating: 'Gold', offeredAt: '2025-05-01T10:00:00Z' },
    { id: 'G2', weeklyPrice: 950, rating: 'Gold', offeredAt: '2025-05-01T09:00:00Z' },
    { id: 'S1', weeklyPrice: 700, rating: 'Silver', offeredAt: '2025-05-01T08:00:00Z' },
  ];
  const rule = { rule: 'highest-rating' as const };

  test('"the Council will identify the earliest of the successful offers received with the highest quality rating"', () => {
    const r = awardPackage(offers, rule);
    expect(r.winner).toBe('G2');
    expect(r.reason).toBe('2 Gold offers tie (G2, G1), no citizen choice: the earliest offer wins');
    expect(r.citizenChoice).toBeNull();
  });

  test('"citizen choice will come into effect and the service user will select the successful provider"', () => {
    const r = awardPackage(offers, rule, { offerId: 'G1' });
    expect(r.winner).toBe('G1');
    expect(r.citizenChoice).toEqual({ offerId: 'G1', departsFromRule: false });
  });

  test('"citizen choice may be exercised": a lower-rated offer wins only with the reason recorded', () => {
    const e = errorOf(() => awardPackage(offers, rule, { offerId: 'S1' }));
    expect(e.path).toEqual(['citizenChoice', 'reason']);
    const r = awardPackage(offers, rule, { offerId: 'S1', reason: 'near her daughter' });
    expect(r.winner).toBe('S1');
    expect(r.ruleWinner).toBe('G2');
    expect(r.citizenChoice).toEqual({
      offerId: 'S1',
      reason: 'near her daughter',
      departsFromRule: true,
    });
    expect(r.reason).toMatch(/^the citizen chose S1 over G2 .*: near her daughter$/);
  });

  test('"Providers who are rated Inadequate will be suspended from bidding for new packages"', () => {
    const withInadequate = [
      ...offers,
      { id: 'X', weeklyPrice: 500, rating: 'Inadequate' as const },
    ];
    expect(
      errorOf(() => awardPackage(withInadequate, rule, { offerId: 'X', reason: 'asked' })).code,
    ).toBe('NOT_ALLOWED');
    expect(errorOf(() => awardPackage([], rule)).code).toBe('NOT_ALLOWED');
    expect(errorOf(() => awardPackage([withInadequate[3]!], rule)).code).toBe('NOT_ALLOWED');
  });
});

describe('receipt periods and the cost of days (Sefton: "Service Receipt = receipt for the delivery of a care package")', () => {
  // Thursday 3 April 2025 to Wednesday 30 April 2025; £850.00 a week, £900.00 from Thursday 17 April.
  const terms: AgreementTerms = {
    start: '2025-04-03',
    end: '2025-04-30',
    prices: [
      { from: '2025-04-03', weekly: '850.00' },
      { from: '2025-04-17', weekly: '900.00' },
    ],
  };

  test('weekly periods end on a Sunday, cut at the start and end', () => {
    expect(receiptPeriods(terms, 'weekly', '2025-12-31')).toEqual([
      { start: '2025-04-03', end: '2025-04-06' },
      { start: '2025-04-07', end: '2025-04-13' },
      { start: '2025-04-14', end: '2025-04-20' },
      { start: '2025-04-21', end: '2025-04-27' },
      { start: '2025-04-28', end: '2025-04-30' },
    ]);
  });

  test('four-weekly periods end every 28 days from the anchor Sunday', () => {
    expect(receiptPeriods({ ...terms, end: null }, 'four-weekly', '2025-05-31')).toEqual([
      { start: '2025-04-03', end: '2025-04-27' },
      { start: '2025-04-28', end: '2025-05-25' },
      { start: '2025-05-26', end: '2025-05-31' },
    ]);
    expect(
      errorOf(() => receiptPeriods(terms, 'four-weekly', '2025-05-31', '2025-04-01')).path,
    ).toEqual(['anchorSunday']);
  });

  test('a period across a variation: one line per price, each prorated by day and rounded once', () => {
    // 3 days × £850 ÷ 7 = 364.2857… → 364.29; 4 days × £900 ÷ 7 = 514.2857… → 514.29
    const r = costOfDays(terms, '2025-04-14', '2025-04-20');
    expect(r.lines.map((l) => [l.start, l.end, l.days, l.weekly, l.cost])).toEqual([
      ['2025-04-14', '2025-04-16', 3, '850.00', '364.29'],
      ['2025-04-17', '2025-04-20', 4, '900.00', '514.29'],
    ]);
    expect(r.total).toBe('878.58');
    // The first, short period: 4 days × £850 ÷ 7 = 485.714… → 485.71
    expect(costOfDays(terms, '2025-04-03', '2025-04-06').total).toBe('485.71');
    // Days outside the agreement cost nothing.
    expect(costOfDays(terms, '2025-05-01', '2025-05-04')).toEqual({
      start: '2025-05-01',
      end: '2025-05-04',
      lines: [],
      total: '0.00',
    });
  });

  test('a financial year commitment: 1 April to 31 March, every price for its days', () => {
    // 14 days × £850 ÷ 7 = £1,700.00; 17 April 2025 – 31 March 2026 = 349 days × £900 ÷ 7
    // = 44,871.428… → £44,871.43; total £46,571.43
    const open = { ...terms, end: null };
    const r = yearCommitment(open, 2025);
    expect(r.lines.map((l) => [l.days, l.cost])).toEqual([
      [14, '1700.00'],
      [349, '44871.43'],
    ]);
    expect(r.total).toBe('46571.43');
    // Nothing in 2024/25, before the start; the whole 2026/27 year (365 days) at £900.
    expect(yearCommitment(open, 2024).total).toBe('0.00');
    expect(yearCommitment(open, 2026).total).toBe('46928.57');
  });

  test('bad terms are refused with the field', () => {
    expect(
      errorOf(() => costOfDays({ ...terms, end: '2025-04-01' }, '2025-04-01', '2025-04-30')).path,
    ).toEqual(['end']);
    expect(
      errorOf(() =>
        costOfDays(
          { ...terms, prices: [{ from: '2025-04-04', weekly: '1' }] },
          '2025-04-01',
          '2025-04-30',
        ),
      ).path,
    ).toEqual(['prices', 0, 'from']);
  });
});

describe('annual review of live agreements (effective 1 April)', () => {
  // Seed 003: "We will therefore review prices of care packages placed under the new contract
  // on an annual basis".
  const terms: AgreementTerms = {
    start: '2025-04-03',
    end: null,
    prices: [
      { from: '2025-04-03', weekly: '880.00' },
      { from: '2025-04-17', weekly: '900.00' },
    ],
  };

  test('the price in force on 1 April, uplifted and rounded to pence; the cost to 31 March', () => {
    // 900 × 1.031 = £927.90; 365 days × 900 ÷ 7 = 46,928.571… → £46,928.57;
    // 365 × 927.90 ÷ 7 = 48,383.357… → £48,383.36; change £1,454.79
    expect(reviewAgreement(terms, '2026-04-01', '0.031')).toEqual({
      before: '900.00',
      after: '927.90',
      rate: '0.031',
      yearBefore: '46928.57',
      yearAfter: '48383.36',
      change: '1454.79',
    });
    expect(upliftedWeekly('633.33', '0.035')).toBe('655.50'); // 655.496… → 655.50
  });

  test('a variation already dated after the review still takes over from its date', () => {
    const later = {
      ...terms,
      prices: [...terms.prices, { from: '2026-06-01', weekly: '950.00' }],
    };
    // Before: 61 days × 900 ÷ 7 = 7,842.857… → 7,842.86 + 304 days × 950 ÷ 7 = 41,257.142… →
    // 41,257.14: 49,100.00. After: 61 × 927.90 ÷ 7 = 8,085.985… → 8,085.99 + 41,257.14 = 49,343.13
    expect(reviewAgreement(later, '2026-04-01', '0.031')).toMatchObject({
      yearBefore: '49100.00',
      yearAfter: '49343.13',
      change: '243.13',
    });
  });
});
