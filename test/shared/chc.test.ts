import { CareFeeError, chcTierFee, parseRateCard, staffingHoursPerWeek } from '../../shared/src';

const blackCountry = parseRateCard({
  id: 'bc-chc',
  version: 2,
  title: 'Black Country CHC complex care',
  commissioner: 'Black Country CCGs',
  effectiveFrom: '2024-04-01',
  hotelCost: '0',
  categories: [{ id: 'chc', name: 'CHC', careCost: '0' }],
  chcTiers: [
    { kind: 'fixed', id: 'tier-1', name: 'Tier 1 nursing', weeklyFee: '950.00' },
    {
      kind: 'staffed',
      id: 'tier-3',
      name: 'Tier 3: 1:1 for 12 hours a day',
      baseWeeklyFee: '1100.00',
      staffing: { hoursPerDay: 12, hourlyRate: '15.73' },
    },
    {
      kind: 'staffed',
      id: 'tier-4',
      name: 'Tier 4: 2:1 around the clock',
      baseWeeklyFee: '1200.00',
      staffing: { hoursPerDay: 24, staff: 2, hourlyRate: '16.05' },
    },
    {
      kind: 'staffed',
      id: 'tier-2s',
      name: 'Tier 2 shared: 1:2 for 12 hours a day',
      baseWeeklyFee: '1000.00',
      staffing: { hoursPerDay: 12, people: 2, hourlyRate: '15.73' },
    },
    {
      kind: 'staffed',
      id: 'tier-3s',
      name: 'Tier 3 shared: 1:3 for 7 hours a day',
      baseWeeklyFee: '1000.00',
      staffing: { hoursPerDay: 7, people: 3, hourlyRate: '15.01' },
    },
  ],
});

describe('CHC tiers', () => {
  test('staffing hours a week: 1:1 for 12 hours a day is 84, 2:1 is 168, 1:2 shared is 42', () => {
    expect(staffingHoursPerWeek({ hoursPerDay: 12, hourlyRate: '15' }).toString()).toBe('84');
    expect(staffingHoursPerWeek({ hoursPerDay: 12, staff: 2, hourlyRate: '15' }).toString()).toBe(
      '168',
    );
    expect(staffingHoursPerWeek({ hoursPerDay: 12, people: 2, hourlyRate: '15' }).toString()).toBe(
      '42',
    );
  });

  test('a fixed tier is its weekly fee', () => {
    expect(chcTierFee(blackCountry, 'tier-1')).toEqual({
      tierId: 'tier-1',
      name: 'Tier 1 nursing',
      kind: 'fixed',
      base: '950.00',
      hours: '0',
      hourlyRate: '0.00',
      staffingCost: '0.00',
      fee: '950.00',
    });
  });

  test('1:1 for 12 hours a day adds 84 hours at the hourly rate to the base', () => {
    // 84 × 15.73 = 1321.32; 1100.00 + 1321.32 = 2421.32
    expect(chcTierFee(blackCountry, 'tier-3')).toEqual({
      tierId: 'tier-3',
      name: 'Tier 3: 1:1 for 12 hours a day',
      kind: 'staffed',
      base: '1100.00',
      hours: '84',
      hourlyRate: '15.73',
      staffingCost: '1321.32',
      fee: '2421.32',
    });
  });

  test('2:1 around the clock adds 24 × 7 × 2 = 336 hours', () => {
    // 336 × 16.05 = 5392.80; 1200.00 + 5392.80 = 6592.80
    const r = chcTierFee(blackCountry, 'tier-4');
    expect([r.hours, r.staffingCost, r.fee]).toEqual(['336', '5392.80', '6592.80']);
  });

  test('1:2 shared halves the hours', () => {
    // 42 × 15.73 = 660.66; 1000.00 + 660.66 = 1660.66
    expect(chcTierFee(blackCountry, 'tier-2s').fee).toBe('1660.66');
  });

  test('a share that does not divide evenly is rounded once, at the end, half up', () => {
    // 7 × 7 ÷ 3 = 16.333… hours; 49 × 15.01 = 735.49; ÷ 3 = 245.163… ; 1000 + 245.163… = 1245.16
    // (rounding the hours first, 16.33 × 15.01 = 245.1133 → 245.11, would be 5p out)
    const r = chcTierFee(blackCountry, 'tier-3s');
    expect([r.hours, r.staffingCost, r.fee]).toEqual(['16.33', '245.16', '1245.16']);
  });

  test('an unknown tier is NOT_FOUND listing the tiers', () => {
    try {
      chcTierFee(blackCountry, 'tier-9');
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(CareFeeError);
      expect((e as CareFeeError).code).toBe('NOT_FOUND');
      expect((e as CareFeeError).message).toBe(
        'CHC tier "tier-9" is not on rate card bc-chc v2 (it has tier-1, tier-3, tier-4, tier-2s, tier-3s)',
      );
    }
  });

  test('a card without tiers says so', () => {
    const card = parseRateCard({ ...blackCountry, chcTiers: undefined });
    expect(() => chcTierFee(card, 'tier-1')).toThrow(
      'rate card bc-chc v2 has no CHC tiers, so there is no tier "tier-1"',
    );
  });

  test('bad staffing is INVALID_INPUT with a path', () => {
    expect(() => staffingHoursPerWeek({ hoursPerDay: 25, hourlyRate: '15' })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', path: ['staffing', 'hoursPerDay'] }),
    );
    expect(() => chcTierFee(blackCountry, 'Tier 1')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', path: ['tierId'] }),
    );
  });
});
