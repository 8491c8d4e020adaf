import { diffCards, parseRateCard, upliftCard, type RateCardInput } from '../../shared/src';

const input: RateCardInput = {
  id: 'bham-care-homes',
  version: 1,
  title: 'Birmingham care homes 2024/25',
  commissioner: 'Birmingham City Council',
  effectiveFrom: '2024-04-01',
  effectiveTo: '2025-03-31',
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

describe('the diff after an annual review (CPIH 3.1%, NLW 6.7%)', () => {
  const v2 = upliftCard(v1, { reviewYear: 2025, cpihChange: '0.031', nlwChange: '0.067' }).card;
  const diff = diffCards(v1, v2);

  test('the hotel cost: 348.43 → 359.23, +10.80, 10.80 ÷ 348.43 = 3.0996% → 3.10', () => {
    expect(diff.hotel).toEqual({
      key: 'hotel',
      kind: 'hotel',
      label: 'Hotel cost',
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
    // CHC: 1200.00 → 1280.40 (+80.40); 1300.00 → 1387.10 (+87.10); 18.50 × 1.067 = 19.7395 → 19.74 (+1.24, 6.7027% → 6.70)
    expect(
      diff.rows.map((r) => [r.key, r.label, r.old, r.new, r.change, r.percent, r.status]),
    ).toEqual([
      [
        'care/older-residential',
        'Older people residential',
        '231.60',
        '247.12',
        '15.52',
        '6.70',
        'changed',
      ],
      [
        'care/learning-disability/1',
        'Learning disability, band 1',
        '300.00',
        '320.10',
        '20.10',
        '6.70',
        'changed',
      ],
      [
        'care/learning-disability/2',
        'Learning disability, band 2',
        '412.35',
        '439.98',
        '27.63',
        '6.70',
        'changed',
      ],
      [
        'chc/tier-1/weeklyFee',
        'CHC Tier 1: weekly fee',
        '1200.00',
        '1280.40',
        '80.40',
        '6.70',
        'changed',
      ],
      [
        'chc/tier-2/baseWeeklyFee',
        'CHC Tier 2: base weekly fee',
        '1300.00',
        '1387.10',
        '87.10',
        '6.70',
        'changed',
      ],
      [
        'chc/tier-2/staffing.hourlyRate',
        'CHC Tier 2: staff hourly rate',
        '18.50',
        '19.74',
        '1.24',
        '6.70',
        'changed',
      ],
    ]);
    expect(diff.summary).toEqual({ changed: 7, unchanged: 0, added: 0, removed: 0 });
  });

  test('changed metadata: version, title, dates and the review note', () => {
    expect(diff.metadata.map((m) => m.field)).toEqual([
      'version',
      'title',
      'effectiveFrom',
      'effectiveTo',
      'notes',
    ]);
    expect(diff.metadata[0]).toEqual({ field: 'version', old: '1', new: '2' });
    expect(diff.metadata[3]).toEqual({ field: 'effectiveTo', old: '2025-03-31', new: null });
  });

  test('it is plain JSON: a round trip changes nothing', () => {
    expect(JSON.parse(JSON.stringify(diff))).toEqual(diff);
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
      { field: 'version', old: '1', new: '2' },
      {
        field: 'categories.older-residential.name',
        old: 'Older people residential',
        new: 'Older people (residential)',
      },
      { field: 'categories.dementia.name', old: null, new: 'Dementia' },
      { field: 'chcTiers.tier-1.staffing.hoursPerDay', old: null, new: '6' },
      { field: 'chcTiers.tier-1.staffing.staff', old: null, new: '1' },
      { field: 'chcTiers.tier-1.staffing.people', old: null, new: '1' },
      { field: 'chcTiers.tier-2.staffing.hoursPerDay', old: '12', new: '24' },
    ]);
  });

  test('no percent from zero', () => {
    const from = parseRateCard({
      ...input,
      categories: [{ id: 'respite', name: 'Respite', careCost: '0.00' }],
    });
    const to = parseRateCard({
      ...input,
      categories: [{ id: 'respite', name: 'Respite', careCost: '10.00' }],
    });
    expect(diffCards(from, to).rows[0]).toMatchObject({
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
