import { feeFormula } from '../../addin/src/taskpane/feeFormula';

describe('feeFormula: the =CARE.FEE call the pane inserts', () => {
  test('card and category only for the default Silver rating', () => {
    expect(feeFormula({ card: 'bham', category: 'residential', rating: 'Silver' })).toBe(
      '=CARE.FEE("bham","residential")',
    );
  });
  test('a band and Gold; a blank band keeps its place', () => {
    expect(feeFormula({ card: 'bham', category: 'ld', band: '2', rating: 'Gold' })).toBe(
      '=CARE.FEE("bham","ld","2","Gold")',
    );
    expect(feeFormula({ card: 'bham', category: 'residential', rating: 'Gold' })).toBe(
      '=CARE.FEE("bham","residential",,"Gold")',
    );
  });
  test('Bronze takes the deadline as DATE(), the date argument left blank for today', () => {
    expect(
      feeFormula({
        card: 'bham',
        category: 'residential',
        rating: 'Bronze',
        bronzeDeadline: '2026-06-30',
      }),
    ).toBe('=CARE.FEE("bham","residential",,"Bronze",,DATE(2026,6,30))');
  });
  test('Bronze without a deadline is refused, not priced as standard', () => {
    expect(() => feeFormula({ card: 'bham', category: 'residential', rating: 'Bronze' })).toThrow(
      /Bronze needs the improvement deadline/,
    );
  });
  test('quotes in ids are doubled as Excel requires', () => {
    expect(feeFormula({ card: 'a"b', category: 'c', rating: 'Silver' })).toBe(
      '=CARE.FEE("a""b","c")',
    );
  });
});
