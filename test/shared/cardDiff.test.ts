import { diffCards, parseRateCard, upliftCard, type RateCardInput } from '../../shared/src';

const input: RateCardInput = {
  id: 'bham-care-homes',
  version: 1,
  title: 'Birmingham care homes 2024/25',
  commissioner: 'Birmingham City Council',
  effectiveFrom: '2024-04-01',
  hotelCost: '348.43',
  categories: [
    { id: 'older-residential', name: 'Older people residential', careCost: '231.60' },
    {
      id: 'learning-disability',
      name: 'Learning disability',
      bands: [
        { id: '1', careCost: '300.00' },
        { id: '2', careCost: '412.35' },
      ],
    },
  ],
  chcTiers: [
    { kind: 'fixed', id: 'tier-1', name: 'Tier 1', weeklyFee: '1200.00' },
    {
      kind: 'staffed',
      id: 'tier-2',
      name: 'Tier 2',
      baseWeeklyFee: '1300.00',
      staffing: { hoursPerDay: 12, hourlyRate: '18.50' },
    },
  ],
};
const v1 = parseRateCard(input);

describe('the diff after an annual review', () => {
  const v2 = upliftCard(v1, { reviewYear: 2025, cpihChange: '0.031', nlwChange: '0.067' }).card;
  const diff = diffCards(v1, v2);

  test('names both versions', () => {
    expect(diff.from).toEqual({ id: 'bham-care-homes', version: 1 });
    expect(diff.to).toEqual({ id: 'bham-care-homes', version: 2 });
  });

  test('the hotel cost rose £10.80, 10.80 ÷ 348.43 = 0.030996 → 3.10%', () => {
    expect(diff.changes.find((c) => c.label === 'hotel cost')).toEqual({
      kind: 'changed',
      path: ['hotelCost'],
      label: 'hotel cost',
      before: '348.43',
      after: '359.23',
      difference: '10.80',
      percent: '0.0310',
    });
  });

  test('lists the title, start date, each care cost, CHC tier amounts and the note, and nothing that stayed the same', () => {
    expect(diff.changes.map((c) => [c.label, c.before, c.after])).toEqual([
      ['title', 'Birmingham care homes 2024/25', 'Birmingham care homes 2025/26'],
      ['in force from', '2024-04-01', '2025-04-01'],
      ['hotel cost', '348.43', '359.23'],
      ['care cost: Older people residential', '231.60', '247.12'],
      ['care cost: Learning disability band 1', '300.00', '320.10'],
      ['care cost: Learning disability band 2', '412.35', '439.98'],
      // CHC tier amounts are care costs and move by the care change: 1200.00 × 1.067 = 1280.40,
      // 1300.00 × 1.067 = 1387.10, 18.50 × 1.067 = 19.7395 → 19.74
      ['CHC tier: Tier 1 weekly fee', '1200.00', '1280.40'],
      ['CHC tier: Tier 2 base weekly fee', '1300.00', '1387.10'],
      ['CHC tier: Tier 2 staff hourly rate', '18.50', '19.74'],
      ['notes', null, 'Price review 2025/26 from version 1, effective 2025-04-01: hotel cost 3.1% (CPIH), care costs 6.7% (NLW).'],
    ]);
  });

  test('shows what each weekly fee becomes at each rating', () => {
    // Silver 359.23 + 247.12 = 606.35 (was 580.03: +26.32); Gold 606.35 × 1.02 = 618.477 → 618.48;
    // Bronze 606.35 × 0.97 = 588.1595 → 588.16
    expect(diff.fees[0]).toEqual({
      kind: 'changed',
      category: 'older-residential',
      band: null,
      before: { gold: '591.63', silver: '580.03', bronze: '562.63' },
      after: { gold: '618.48', silver: '606.35', bronze: '588.16' },
      difference: '26.32',
    });
    expect(diff.fees).toHaveLength(3);
  });
});

describe('matching is by id, not position', () => {
  test('reordering categories and bands is no change at all', () => {
    const reordered = parseRateCard({
      ...input,
      categories: [
        {
          id: 'learning-disability',
          name: 'Learning disability',
          bands: [
            { id: '2', careCost: '412.35' },
            { id: '1', careCost: '300.00' },
          ],
        },
        { id: 'older-residential', name: 'Older people residential', careCost: '231.60' },
      ],
    });
    const diff = diffCards(v1, reordered);
    expect(diff.changes).toEqual([]);
    expect(diff.fees).toEqual([]);
  });

  test('an added category, a removed band and a renamed band are reported with their paths', () => {
    const changed = parseRateCard({
      ...input,
      categories: [
        { id: 'older-residential', name: 'Older people residential', careCost: '231.60' },
        {
          id: 'learning-disability',
          name: 'Learning disability',
          bands: [{ id: '1', name: 'Lower', careCost: '300.00' }],
        },
        { id: 'dementia', name: 'Dementia', careCost: '280.00' },
      ],
    });
    const diff = diffCards(v1, changed);
    expect(diff.changes).toEqual([
      {
        kind: 'added',
        path: ['categories', 1, 'bands', 0, 'name'],
        label: 'band name: Learning disability band 1',
        before: null,
        after: 'Lower',
      },
      {
        kind: 'removed',
        path: ['categories', 1, 'bands', 1],
        label: 'care cost: Learning disability band 2',
        before: '412.35',
        after: null,
      },
      {
        kind: 'added',
        path: ['categories', 2],
        label: 'category: Dementia',
        before: null,
        after: '280.00',
      },
    ]);
    // Dementia Silver 348.43 + 280.00 = 628.43; Gold × 1.02 = 640.9986 → 641.00; Bronze × 0.97 = 609.5771 → 609.58
    expect(diff.fees).toEqual([
      {
        kind: 'added',
        category: 'dementia',
        band: null,
        before: null,
        after: { gold: '641.00', silver: '628.43', bronze: '609.58' },
      },
      {
        kind: 'removed',
        category: 'learning-disability',
        band: '2',
        before: { gold: '776.00', silver: '760.78', bronze: '737.96' },
        after: null,
      },
    ]);
  });
});

describe('other parts of the card', () => {
  test('a quality percentage change shows its difference and moves every Gold fee', () => {
    const diff = diffCards(v1, parseRateCard({ ...input, quality: { gold: '0.025' } }));
    expect(diff.changes).toEqual([
      {
        kind: 'changed',
        path: ['quality', 'gold'],
        label: 'quality adjustment: gold',
        before: '0.02',
        after: '0.025',
        difference: '0.005',
      },
    ]);
    // 580.03 × 1.025 = 594.53075 → 594.53; the Silver fee is unchanged
    expect(diff.fees[0]).toMatchObject({ after: { gold: '594.53' }, difference: '0.00' });
  });

  test('CHC tiers: a fee change, and a tier that changes kind is removed and added', () => {
    const diff = diffCards(
      v1,
      parseRateCard({
        ...input,
        chcTiers: [
          { kind: 'fixed', id: 'tier-1', name: 'Tier 1', weeklyFee: '1250.00' },
          { kind: 'fixed', id: 'tier-2', name: 'Tier 2', weeklyFee: '1900.00' },
        ],
      }),
    );
    expect(diff.changes).toEqual([
      {
        kind: 'changed',
        path: ['chcTiers', 0, 'weeklyFee'],
        label: 'CHC tier: Tier 1 weekly fee',
        before: '1200.00',
        after: '1250.00',
        difference: '50.00',
        percent: '0.0417',
      },
      {
        kind: 'removed',
        path: ['chcTiers', 1],
        label: 'CHC tier: Tier 2',
        before: '1300.00 a week plus staffing at 18.50 an hour',
        after: null,
      },
      {
        kind: 'added',
        path: ['chcTiers', 1],
        label: 'CHC tier: Tier 2',
        before: null,
        after: '1900.00 a week',
      },
    ]);
  });

  test('a local care wage added is one line', () => {
    const diff = diffCards(
      v1,
      parseRateCard({
        ...input,
        localCareWage: {
          name: 'Birmingham Care Wage',
          hourlyRate: '12.00',
          effectiveFrom: '2024-04-01',
        },
      }),
    );
    expect(diff.changes).toEqual([
      {
        kind: 'added',
        path: ['localCareWage'],
        label: 'local care wage: Birmingham Care Wage',
        before: null,
        after: '12.00 an hour from 2024-04-01',
      },
    ]);
  });

  test('a care cost from zero has a difference but no percentage', () => {
    const zero = parseRateCard({
      ...input,
      categories: [{ id: 'older-residential', name: 'Older people residential', careCost: '0' }],
    });
    const diff = diffCards(
      zero,
      parseRateCard({
        ...input,
        categories: [
          { id: 'older-residential', name: 'Older people residential', careCost: '10.00' },
        ],
      }),
    );
    expect(diff.changes).toEqual([
      {
        kind: 'changed',
        path: ['categories', 0, 'careCost'],
        label: 'care cost: Older people residential',
        before: '0.00',
        after: '10.00',
        difference: '10.00',
        percent: null,
      },
    ]);
  });
});
