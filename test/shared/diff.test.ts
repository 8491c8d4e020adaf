import { diffCards, parseRateCard, upliftCard, type RateCardInput } from '../../shared/src';
import { BIRMINGHAM_2024_INPUT } from '../fixtures/birmingham';

const input: RateCardInput = {
  ...BIRMINGHAM_2024_INPUT,
  version: 1,
  effectiveTo: '2025-03-31',
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

describe('the diff after an annual review (CPIH 3.1%, NLW 6.7%)', () => {
  const v2 = upliftCard(v1, { reviewYear: 2025, cpihChange: '0.031', nlwChange: '0.067' }).card;
  const diff = diffCards(v1, v2);

  test('names both versions', () => {
    expect(diff.from).toEqual({ id: 'bham-care-homes', version: 1 });
    expect(diff.to).toEqual({ id: 'bham-care-homes', version: 2 });
  });

  test('the hotel cost: 348.43 → 359.23, +10.80, 10.80 ÷ 348.43 = 3.0996% → 3.10', () => {
    expect(diff.hotel).toEqual({
      key: 'hotel',
      kind: 'hotel',
      label: 'hotel cost',
      category: null,
      band: null,
      tier: null,
      field: null,
      status: 'changed',
      old: '348.43',
      new: '359.23',
      change: '10.80',
      percent: '3.10',
    });
  });

  test('every care and CHC row with old, new, change and percent (2 dp)', () => {
    // 231.60 × 1.067 = 247.1172 → 247.12 (+15.52, 15.52 ÷ 231.60 = 6.7012% → 6.70)
    // 300.00 → 320.10 (+20.10, 6.70%); 412.35 × 1.067 = 439.97745 → 439.98 (+27.63, 6.7006% → 6.70)
    // CHC tier amounts are care costs and move by the care change: 1200.00 × 1.067 = 1280.40 (+80.40);
    // 1300.00 × 1.067 = 1387.10 (+87.10); 18.50 × 1.067 = 19.7395 → 19.74 (+1.24, 6.7027% → 6.70)
    expect(
      diff.rows.map((r) => [r.key, r.label, r.old, r.new, r.change, r.percent, r.status]),
    ).toEqual([
      [
        'care/older-residential',
        'care cost: Older people residential',
        '231.60',
        '247.12',
        '15.52',
        '6.70',
        'changed',
      ],
      [
        'care/learning-disability/1',
        'care cost: Learning disability band 1',
        '300.00',
        '320.10',
        '20.10',
        '6.70',
        'changed',
      ],
      [
        'care/learning-disability/2',
        'care cost: Learning disability band 2',
        '412.35',
        '439.98',
        '27.63',
        '6.70',
        'changed',
      ],
      [
        'chc/tier-1/weeklyFee',
        'CHC tier: Tier 1 weekly fee',
        '1200.00',
        '1280.40',
        '80.40',
        '6.70',
        'changed',
      ],
      [
        'chc/tier-2/baseWeeklyFee',
        'CHC tier: Tier 2 base weekly fee',
        '1300.00',
        '1387.10',
        '87.10',
        '6.70',
        'changed',
      ],
      [
        'chc/tier-2/staffing.hourlyRate',
        'CHC tier: Tier 2 staff hourly rate',
        '18.50',
        '19.74',
        '1.24',
        '6.70',
        'changed',
      ],
    ]);
    expect(diff.summary).toEqual({ changed: 7, unchanged: 0, added: 0, removed: 0 });
  });

  test('changed metadata: version, title, dates and the review note, and nothing that stayed the same', () => {
    expect(diff.metadata.map((m) => m.field)).toEqual([
      'version',
      'title',
      'effectiveFrom',
      'effectiveTo',
      'notes',
    ]);
    expect(diff.metadata[0]).toEqual({ field: 'version', label: 'version', old: '1', new: '2' });
    expect(diff.metadata[3]).toEqual({
      field: 'effectiveTo',
      label: 'in force until',
      old: '2025-03-31',
      new: null,
    });
    expect(diff.metadata.map((m) => [m.label, m.old, m.new])).toEqual([
      ['version', '1', '2'],
      ['title', 'Birmingham care homes 2024/25', 'Birmingham care homes 2025/26'],
      ['in force from', '2024-04-01', '2025-04-01'],
      ['in force until', '2025-03-31', null],
      [
        'notes',
        null,
        'Price review 2025/26 from version 1, effective 2025-04-01: hotel cost 3.1% (CPIH), care costs 6.7% (NLW).',
      ],
    ]);
  });

  test('shows what each weekly fee becomes at each rating', () => {
    // Silver 359.23 + 247.12 = 606.35 (was 580.03: +26.32, 26.32 ÷ 580.03 = 4.5377% → 4.54);
    // Gold 606.35 × 1.02 = 618.477 → 618.48; Bronze 606.35 × 0.97 = 588.1595 → 588.16
    expect(diff.fees[0]).toEqual({
      kind: 'changed',
      category: 'older-residential',
      band: null,
      before: { gold: '591.63', silver: '580.03', bronze: '562.63' },
      after: { gold: '618.48', silver: '606.35', bronze: '588.16' },
      difference: '26.32',
      percent: '4.54',
    });
    expect(diff.fees).toHaveLength(3);
  });

  test('it is plain JSON: a round trip changes nothing', () => {
    expect(JSON.parse(JSON.stringify(diff))).toEqual(diff);
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
    expect(diff.summary).toEqual({ changed: 0, unchanged: 7, added: 0, removed: 0 });
    expect(diff.metadata).toEqual([]);
    expect(diff.fees).toEqual([]);
  });

  test('an added category, a removed band and a renamed band', () => {
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
    expect(
      diff.rows
        .filter((r) => r.status !== 'unchanged')
        .map((r) => [r.key, r.label, r.status, r.old, r.new]),
    ).toEqual([
      ['care/dementia', 'care cost: Dementia', 'added', null, '280.00'],
      [
        'care/learning-disability/2',
        'care cost: Learning disability band 2',
        'removed',
        '412.35',
        null,
      ],
    ]);
    expect(diff.metadata).toEqual([
      {
        field: 'categories.learning-disability.bands.1.name',
        label: 'band name: Learning disability band 1',
        old: null,
        new: 'Lower',
      },
      {
        field: 'categories.dementia.name',
        label: 'category name: dementia',
        old: null,
        new: 'Dementia',
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

describe('rows matched by id: added, removed, unchanged', () => {
  const v2 = parseRateCard({
    ...input,
    version: 2,
    hotelCost: '340.00',
    categories: [
      { id: 'older-residential', name: 'Older people (residential)', careCost: '231.60' },
      {
        id: 'learning-disability',
        name: 'Learning disability',
        bands: [{ id: '1', careCost: '300.00' }],
      },
      { id: 'dementia', name: 'Dementia', careCost: '250.00' },
    ],
    chcTiers: [
      {
        kind: 'staffed',
        id: 'tier-1',
        name: 'Tier 1',
        baseWeeklyFee: '1200.00',
        staffing: { hoursPerDay: 6, hourlyRate: '18.50' },
      },
      {
        kind: 'staffed',
        id: 'tier-2',
        name: 'Tier 2',
        baseWeeklyFee: '1300.00',
        staffing: { hoursPerDay: 24, hourlyRate: '18.50' },
      },
    ],
  });
  const diff = diffCards(v1, v2);

  test('a fall is negative, its percent rounded half away from zero: −8.43 ÷ 348.43 = −2.4194% → −2.42', () => {
    expect(diff.hotel).toMatchObject({ change: '-8.43', percent: '-2.42', status: 'changed' });
  });

  test('rows in the newer card, then the ones it dropped', () => {
    expect(diff.rows.map((r) => [r.key, r.status, r.old, r.new, r.change])).toEqual([
      ['care/older-residential', 'unchanged', '231.60', '231.60', '0.00'],
      ['care/learning-disability/1', 'unchanged', '300.00', '300.00', '0.00'],
      ['care/dementia', 'added', null, '250.00', null],
      // tier-1 changed kind (fixed → staffed): its amounts are different rows
      ['chc/tier-1/baseWeeklyFee', 'added', null, '1200.00', null],
      ['chc/tier-1/staffing.hourlyRate', 'added', null, '18.50', null],
      ['chc/tier-2/baseWeeklyFee', 'unchanged', '1300.00', '1300.00', '0.00'],
      ['chc/tier-2/staffing.hourlyRate', 'unchanged', '18.50', '18.50', '0.00'],
      ['care/learning-disability/2', 'removed', '412.35', null, null],
      ['chc/tier-1/weeklyFee', 'removed', '1200.00', null, null],
    ]);
    expect(diff.summary).toEqual({ changed: 1, unchanged: 4, added: 3, removed: 2 });
  });

  test('renames and staffing changes are metadata', () => {
    expect(diff.metadata).toEqual([
      { field: 'version', label: 'version', old: '1', new: '2' },
      {
        field: 'categories.older-residential.name',
        label: 'category name: older-residential',
        old: 'Older people residential',
        new: 'Older people (residential)',
      },
      {
        field: 'categories.dementia.name',
        label: 'category name: dementia',
        old: null,
        new: 'Dementia',
      },
      {
        field: 'chcTiers.tier-1.staffing.hoursPerDay',
        label: 'CHC tier: Tier 1 hours covered a day',
        old: null,
        new: '6',
      },
      {
        field: 'chcTiers.tier-1.staffing.staff',
        label: 'CHC tier: Tier 1 staff',
        old: null,
        new: '1',
      },
      {
        field: 'chcTiers.tier-1.staffing.people',
        label: 'CHC tier: Tier 1 people sharing',
        old: null,
        new: '1',
      },
      {
        field: 'chcTiers.tier-2.staffing.hoursPerDay',
        label: 'CHC tier: Tier 2 hours covered a day',
        old: '12',
        new: '24',
      },
    ]);
  });

  test('no percent from zero: a care cost from £0 has a change but no percentage', () => {
    const from = parseRateCard({
      ...input,
      categories: [{ id: 'respite', name: 'Respite', careCost: '0.00' }],
    });
    const to = parseRateCard({
      ...input,
      categories: [{ id: 'respite', name: 'Respite', careCost: '10.00' }],
    });
    expect(diffCards(from, to).rows[0]).toEqual({
      key: 'care/respite',
      kind: 'care',
      label: 'care cost: Respite',
      category: 'respite',
      band: null,
      tier: null,
      field: null,
      old: '0.00',
      new: '10.00',
      change: '10.00',
      percent: null,
      status: 'changed',
    });
  });

  test('a card against itself: every row unchanged, no metadata', () => {
    const same = diffCards(v1, v1);
    expect(same.summary).toEqual({ changed: 0, unchanged: 7, added: 0, removed: 0 });
    expect(same.metadata).toEqual([]);
  });
});

describe('other parts of the card', () => {
  test('a quality percentage change is metadata and moves every Gold fee', () => {
    const diff = diffCards(v1, parseRateCard({ ...input, quality: { gold: '0.025' } }));
    expect(diff.metadata).toEqual([
      { field: 'quality.gold', label: 'quality adjustment: gold', old: '0.02', new: '0.025' },
    ]);
    expect(diff.summary).toEqual({ changed: 0, unchanged: 7, added: 0, removed: 0 });
    // 580.03 × 1.025 = 594.53075 → 594.53; the Silver fee is unchanged
    expect(diff.fees[0]).toMatchObject({
      after: { gold: '594.53' },
      difference: '0.00',
      percent: '0.00',
    });
  });

  test('CHC tiers: a fee change, and a tier that changes kind has its amounts removed and added', () => {
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
    // 50.00 ÷ 1200.00 = 4.1667% → 4.17
    expect(
      diff.rows
        .filter((r) => r.kind === 'chc')
        .map((r) => [r.label, r.status, r.old, r.new, r.change, r.percent]),
    ).toEqual([
      ['CHC tier: Tier 1 weekly fee', 'changed', '1200.00', '1250.00', '50.00', '4.17'],
      ['CHC tier: Tier 2 weekly fee', 'added', null, '1900.00', null, null],
      ['CHC tier: Tier 2 base weekly fee', 'removed', '1300.00', null, null, null],
      ['CHC tier: Tier 2 staff hourly rate', 'removed', '18.50', null, null, null],
    ]);
    expect(diff.metadata.map((m) => [m.label, m.old, m.new])).toEqual([
      ['CHC tier: Tier 2 hours covered a day', '12', null],
      ['CHC tier: Tier 2 staff', '1', null],
      ['CHC tier: Tier 2 people sharing', '1', null],
    ]);
    expect(diff.fees).toEqual([]);
  });

  test('a local care wage added: its name, hourly rate and start', () => {
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
    expect(diff.metadata).toEqual([
      {
        field: 'localCareWage.name',
        label: 'local care wage: name',
        old: null,
        new: 'Birmingham Care Wage',
      },
      {
        field: 'localCareWage.hourlyRate',
        label: 'local care wage: Birmingham Care Wage',
        old: null,
        new: '12.00',
      },
      {
        field: 'localCareWage.effectiveFrom',
        label: 'local care wage: Birmingham Care Wage in force from',
        old: null,
        new: '2024-04-01',
      },
    ]);
  });

  test('a local care wage removed keeps its name', () => {
    const withWage = parseRateCard({
      ...input,
      localCareWage: {
        name: 'Birmingham Care Wage',
        hourlyRate: '12.00',
        effectiveFrom: '2024-04-01',
      },
    });
    expect(diffCards(withWage, v1).metadata.map((m) => [m.label, m.old, m.new])).toEqual([
      ['local care wage: name', 'Birmingham Care Wage', null],
      ['local care wage: Birmingham Care Wage', '12.00', null],
      ['local care wage: Birmingham Care Wage in force from', '2024-04-01', null],
    ]);
  });
});
