import { CareFeeError } from '../../shared/src/errors';
import {
  dailyToWeekly,
  periodCost,
  periodDays,
  providerSize,
  weeklyToDaily,
} from '../../shared/src/conversions';

function caught(fn: () => unknown): CareFeeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CareFeeError) return e;
    throw e;
  }
  throw new Error('expected a CareFeeError');
}

describe('weekly and daily rates', () => {
  test('a weekly rate ÷ 7, rounded to pence once', () => {
    // 580.03 ÷ 7 = 82.861428… → 82.86
    expect(weeklyToDaily('580.03')).toBe('82.86');
    // 633.68 ÷ 7 = 90.525714… → 90.53
    expect(weeklyToDaily(633.68)).toBe('90.53');
    // 700.35 ÷ 7 = 100.05 exactly
    expect(weeklyToDaily('700.35')).toBe('100.05');
  });
  test("the card's rounding mode decides a half penny", () => {
    // 1.715 ÷ 7 = 0.245 exactly: a tie at the half penny
    expect(weeklyToDaily('1.715', 'half-up')).toBe('0.25');
    expect(weeklyToDaily('1.715', 'half-even')).toBe('0.24');
    expect(weeklyToDaily('1.715', 'down')).toBe('0.24');
  });
  test('a daily rate × 7', () => {
    // 82.86 × 7 = 580.02: converting back does not recover 580.03, which is why fees stay weekly
    expect(dailyToWeekly('82.86')).toBe('580.02');
    // a daily rate given finer than pence is rounded once after multiplying: 82.861428 × 7 = 580.029996 → 580.03
    expect(dailyToWeekly('82.861428')).toBe('580.03');
  });
  test('bad amounts are named', () => {
    expect(caught(() => weeklyToDaily('-1')).message).toMatch(/weekly amount must not be negative/);
    expect(caught(() => weeklyToDaily('£5')).code).toBe('INVALID_INPUT');
    expect(caught(() => dailyToWeekly(Number.NaN)).path).toEqual(['daily']);
  });
});

describe('the cost of a dated period: weekly × days ÷ 7, both ends counted', () => {
  test('days count both the first and the last day', () => {
    expect(periodDays('2025-04-01', '2025-04-01')).toBe(1);
    expect(periodDays('2025-04-01', '2025-04-07')).toBe(7);
    // a leap February: 1 Feb to 29 Feb 2028 is 29 days
    expect(periodDays('2028-02-01', '2028-02-29')).toBe(29);
    // the whole 2025/26 financial year: 365 days
    expect(periodDays('2025-04-01', '2026-03-31')).toBe(365);
  });
  test('one week costs the weekly rate exactly', () => {
    expect(periodCost('633.68', '2025-04-01', '2025-04-07').cost).toBe('633.68');
  });
  test('a part week is weekly × days ÷ 7, rounded once', () => {
    // 633.68 × 10 ÷ 7 = 905.257142… → 905.26 (a rounded daily 90.53 × 10 would give 905.30)
    expect(periodCost('633.68', '2025-04-01', '2025-04-10')).toEqual({
      start: '2025-04-01',
      end: '2025-04-10',
      days: 10,
      weekly: '633.68',
      cost: '905.26',
    });
    // a year: 580.03 × 365 ÷ 7 = 30244.4214… → 30244.42
    expect(periodCost(580.03, '2025-04-01', '2026-03-31').cost).toBe('30244.42');
  });
  test('an end before the start is refused', () => {
    const e = caught(() => periodCost('100.00', '2025-04-10', '2025-04-01'));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.path).toEqual(['end']);
    expect(caught(() => periodDays('2025-02-30', '2025-03-01')).path).toEqual(['start']);
  });
});

describe('home-support provider size by council-funded hours a week', () => {
  test('Large is over 2,000 hours; Medium 1,000 to 2,000 inclusive; Small under 1,000', () => {
    expect(providerSize(2001)).toBe('Large');
    expect(providerSize('2000.5')).toBe('Large');
    expect(providerSize(2000)).toBe('Medium');
    expect(providerSize(1000)).toBe('Medium');
    expect(providerSize('999.99')).toBe('Small');
    expect(providerSize(0)).toBe('Small');
  });
  test('a provider new to the city is Small whatever its hours', () => {
    expect(providerSize(5000, { newToCity: true })).toBe('Small');
  });
  test('negative hours are refused', () => {
    expect(caught(() => providerSize(-1)).path).toEqual(['weeklyHours']);
  });
});
