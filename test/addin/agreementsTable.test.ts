/** The live-agreements table: its band, text that looks like a formula, and the financial year. */
import { agreementTableSpec, asText, financialYear } from '../../addin/src/taskpane/agreements';
import type { AgreementSummary, ProviderListItem } from '../../addin/src/taskpane/services';
import { v1 } from './taskpaneFixtures';

const agreement: AgreementSummary = {
  id: 'a1',
  requirementId: 'r1',
  providerId: 'p1',
  locationId: 'l1',
  personReference: '=HYPERLINK("x")',
  category: 'learning-disability',
  funding: 'joint',
  startDate: '2026-03-31',
  endDate: '2027-03-31',
  weeklyPrice: '760.78',
  status: 'active',
};
const provider = {
  id: 'p1',
  name: 'Holly Care',
  locations: [{ id: 'l1', name: 'Holly House', cqcLocationId: '1-123456789' }],
} as unknown as ProviderListItem;

test('financial years start on 1 April', () => {
  expect(financialYear('2026-03-31')).toBe(2025);
  expect(financialYear('2026-04-01')).toBe(2026);
  expect(financialYear('2026-12-31')).toBe(2026);
});

test('text that starts like a formula is written as text', () => {
  expect(asText('=SUM(A1)')).toBe("'=SUM(A1)");
  expect(asText('-1')).toBe("'-1");
  expect(asText('DEMO-0001')).toBe('DEMO-0001');
});

test("a row: the requirement's band, the location's CQC ID for CARE.FEE, and same-row formulas", () => {
  const spec = agreementTableSpec({
    card: v1,
    agreements: [agreement],
    providers: [provider],
    requirements: [
      { id: 'r1', needs: { kind: 'category', category: 'learning-disability', band: '2' } },
    ],
    today: '2026-03-31',
  });
  expect(spec.notes[2]).toEqual(['Commitment 2025/26', '=CARE.COMMITMENT(2025)']);
  expect(spec.row(0, 7)).toEqual([
    'a1',
    '\'=HYPERLINK("x")',
    'Holly Care',
    '1-123456789',
    'learning-disability',
    '2',
    'joint',
    '2026-03-31',
    '2027-03-31',
    760.78,
    '=CARE.FEE($B$2,E7,F7,D7,H7)',
    '=J7-K7',
  ]);
});

test('without a location, CARE.FEE reads the provider id; an unknown provider shows its id', () => {
  const spec = agreementTableSpec({
    card: v1,
    agreements: [{ ...agreement, locationId: null, providerId: 'p9', requirementId: null }],
    providers: [provider],
    requirements: [],
    today: '2026-04-01',
  });
  expect(spec.row(0, 9).slice(2, 6)).toEqual(['p9', 'p9', 'learning-disability', '']);
  expect(spec.notes[2]).toEqual(['Commitment 2026/27', '=CARE.COMMITMENT(2026)']);
});
