import fc from 'fast-check';
import {
  CareFeeError,
  INSPECTION_RESULTS,
  RATINGS,
  inspectionsFromRows,
  ratingFromInspections,
  type InspectionInput,
} from '../../shared/src';

const full = (date: string, body: string, result: string): InspectionInput => ({
  date,
  body,
  kind: 'full',
  result,
});
const focused = (date: string, body: string, result: string): InspectionInput => ({
  date,
  body,
  kind: 'focused',
  result,
});
const validation = (date: string, body: string, result: string): InspectionInput => ({
  date,
  body,
  kind: 'validation',
  result,
});

function errorOf(fn: () => unknown): CareFeeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CareFeeError);
    return e as CareFeeError;
  }
  throw new Error('expected a CareFeeError');
}

describe('overall quality rating from inspections (Birmingham Table 2)', () => {
  test('each body maps to the overall rating per Table 2', () => {
    expect(
      ratingFromInspections({ inspections: [full('2024-01-10', 'CQC', 'Outstanding')] }).rating,
    ).toBe('Gold');
    expect(ratingFromInspections({ inspections: [full('2024-01-10', 'CQC', 'Good')] }).rating).toBe(
      'Silver',
    );
    expect(
      ratingFromInspections({ inspections: [full('2024-01-10', 'CQC', 'Requires Improvement')] })
        .rating,
    ).toBe('Bronze');
    expect(
      ratingFromInspections({ inspections: [full('2024-01-10', 'council', 'Bronze')] }).rating,
    ).toBe('Bronze');
    expect(
      ratingFromInspections({ inspections: [full('2024-01-10', 'NHS', 'Bright Green')] }).rating,
    ).toBe('Gold');
    expect(
      ratingFromInspections({ inspections: [full('2024-01-10', 'NHS', 'Amber')] }).rating,
    ).toBe('Bronze');
    expect(ratingFromInspections({ inspections: [full('2024-01-10', 'NHS', 'Red')] }).rating).toBe(
      'Inadequate',
    );
  });

  test('the most recent full inspection sets the rating, whatever the order given', () => {
    const r = ratingFromInspections({
      inspections: [
        full('2024-06-01', 'council', 'Silver'),
        full('2023-05-01', 'CQC', 'Outstanding'),
      ],
    });
    expect(r.rating).toBe('Silver');
    expect(r.reason).toBe(
      'most recent full inspection: council full inspection on 2024-06-01 (Silver) → Silver',
    );
    expect(r.decidedBy?.date).toBe('2024-06-01');
  });

  test('results, bodies and kinds are read ignoring case and spacing; "focussed" and "RI" are accepted', () => {
    const r = ratingFromInspections({
      inspections: [
        { date: '2024-01-10', body: 'cqc', kind: 'FULL', result: 'good' },
        { date: '2024-03-10', body: 'Nhs', kind: 'Focussed', result: '  amber ' },
      ],
    });
    expect(r.rating).toBe('Bronze');
    expect(ratingFromInspections({ inspections: [full('2024-01-10', 'CQC', 'ri')] }).rating).toBe(
      'Bronze',
    );
  });

  test('a focused inspection only lowers the rating', () => {
    const lowered = ratingFromInspections({
      inspections: [full('2024-01-10', 'CQC', 'Good'), focused('2024-04-01', 'council', 'Bronze')],
    });
    expect(lowered.rating).toBe('Bronze');
    expect(lowered.reason).toBe(
      'lowered by the council focused inspection on 2024-04-01 (Bronze) → Bronze',
    );
    const notRaised = ratingFromInspections({
      inspections: [
        full('2024-01-10', 'CQC', 'Requires Improvement'),
        focused('2024-04-01', 'council', 'Gold'),
      ],
    });
    expect(notRaised.rating).toBe('Bronze');
  });

  test('a paid validation raises Bronze to Silver', () => {
    const r = ratingFromInspections({
      inspections: [
        full('2024-01-10', 'council', 'Bronze'),
        validation('2024-05-01', 'council', 'Silver'),
      ],
    });
    expect(r.rating).toBe('Silver');
    expect(r.reason).toBe(
      'raised by the paid council validation inspection on 2024-05-01 (Silver) → Silver',
    );
  });

  test('no move from Silver to Gold between full inspections: a validation finding Gold gives Silver', () => {
    const r = ratingFromInspections({
      inspections: [
        full('2024-01-10', 'council', 'Silver'),
        validation('2024-05-01', 'council', 'Gold'),
      ],
    });
    expect(r.rating).toBe('Silver');
    const fromBronze = ratingFromInspections({
      inspections: [
        full('2024-01-10', 'council', 'Bronze'),
        validation('2024-05-01', 'NHS', 'Bright Green'),
      ],
    });
    expect(fromBronze.rating).toBe('Silver');
    expect(fromBronze.reason).toContain('no move to Gold between full inspections');
    // The next full inspection can make it Gold.
    expect(
      ratingFromInspections({
        inspections: [
          full('2024-01-10', 'council', 'Silver'),
          validation('2024-05-01', 'council', 'Gold'),
          full('2025-01-10', 'council', 'Gold'),
        ],
      }).rating,
    ).toBe('Gold');
  });

  test('CQC Inadequate holds the rating at Inadequate until CQC re-inspects', () => {
    const held = ratingFromInspections({
      inspections: [
        full('2024-01-10', 'CQC', 'Inadequate'),
        full('2024-06-01', 'council', 'Silver'),
      ],
    });
    expect(held.rating).toBe('Inadequate');
    expect(held.reason).toBe(
      'held at Inadequate by the CQC full inspection on 2024-01-10 (Inadequate) until CQC re-inspects',
    );
    const lifted = ratingFromInspections({
      inspections: [
        full('2024-01-10', 'CQC', 'Inadequate'),
        full('2024-06-01', 'council', 'Silver'),
        full('2024-09-01', 'CQC', 'Good'),
      ],
    });
    expect(lifted.rating).toBe('Silver');
    // Any later CQC inspection that is not Inadequate lifts the hold; the most recent full
    // inspection (council Silver, made during the hold) then stands, as lowered since.
    expect(
      ratingFromInspections({
        inspections: [
          full('2024-01-10', 'CQC', 'Inadequate'),
          full('2024-06-01', 'council', 'Silver'),
          focused('2024-09-01', 'CQC', 'Requires Improvement'),
        ],
      }).rating,
    ).toBe('Bronze');
    // A focused CQC Inadequate also holds.
    expect(
      ratingFromInspections({
        inspections: [
          full('2024-01-10', 'council', 'Gold'),
          focused('2024-02-01', 'CQC', 'Inadequate'),
          full('2024-06-01', 'NHS', 'Green'),
        ],
      }).rating,
    ).toBe('Inadequate');
  });

  // Seed 003, rule 5: "the provider will remain rated overall Inadequate until the CQC has
  // re-inspected and removed its Inadequate rating".
  test('"remain rated overall Inadequate until the CQC has re-inspected and removed its Inadequate rating": a later CQC focused Good lifts it to Silver', () => {
    const r = ratingFromInspections({
      inspections: [full('2024-01-10', 'CQC', 'Inadequate'), focused('2024-07-01', 'CQC', 'Good')],
    });
    expect(r.rating).toBe('Silver');
    expect(r.reasons).toEqual([
      'most recent full inspection: CQC full inspection on 2024-01-10 (Inadequate) → Inadequate',
      'CQC re-inspected and removed its Inadequate: CQC focused inspection on 2024-07-01 (Good) → Silver',
    ]);
    // Before the re-inspection it is held; a CQC re-inspection that is still Inadequate keeps it.
    expect(
      ratingFromInspections({
        inspections: [
          full('2024-01-10', 'CQC', 'Inadequate'),
          focused('2024-07-01', 'CQC', 'Good'),
        ],
        asOf: '2024-06-30',
      }).rating,
    ).toBe('Inadequate');
    expect(
      ratingFromInspections({
        inspections: [
          full('2024-01-10', 'CQC', 'Inadequate'),
          focused('2024-07-01', 'CQC', 'Inadequate'),
        ],
      }).rating,
    ).toBe('Inadequate');
    // A focused Outstanding lifts the hold but, between full inspections, no higher than Silver.
    expect(
      ratingFromInspections({
        inspections: [
          focused('2024-01-10', 'CQC', 'Inadequate'),
          full('2023-06-01', 'council', 'Gold'),
          focused('2024-07-01', 'CQC', 'Outstanding'),
        ],
      }).rating,
    ).toBe('Silver');
    // A CQC focused Requires Improvement lifts it to Bronze.
    expect(
      ratingFromInspections({
        inspections: [
          full('2024-01-10', 'CQC', 'Inadequate'),
          focused('2024-07-01', 'CQC', 'Requires Improvement'),
        ],
      }).rating,
    ).toBe('Bronze');
  });

  // Seed 003, "How the Council work with Inadequate quality providers": "If the Improvement Plan
  // has been completed satisfactorily then the provider is awarded a Bronze overall rating and
  // the suspension is lifted".
  test('"If the Improvement Plan has been completed satisfactorily then the provider is awarded a Bronze overall rating": a validation Silver after a council Inadequate gives Bronze', () => {
    const r = ratingFromInspections({
      inspections: [
        full('2024-01-10', 'council', 'Inadequate'),
        validation('2024-06-01', 'council', 'Silver'),
      ],
    });
    expect(r.rating).toBe('Bronze');
    expect(r.reason).toBe(
      'improvement validated by the paid council validation inspection on 2024-06-01 (Silver): awarded Bronze',
    );
    // The same after an NHS Red, and a validated plan alone does it too, from the day it is validated.
    const plans = [{ opened: '2024-02-01', deadline: '2024-08-01', validatedOn: '2024-07-15' }];
    const nhs = [full('2024-01-10', 'NHS', 'Red')];
    expect(ratingFromInspections({ inspections: nhs, improvementPlans: plans })).toMatchObject({
      rating: 'Bronze',
      reason: 'improvement plan validated on 2024-07-15: awarded Bronze',
    });
    expect(
      ratingFromInspections({ inspections: nhs, improvementPlans: plans, asOf: '2024-07-14' })
        .rating,
    ).toBe('Inadequate');
    // A failed plan leaves it Inadequate; a later validation from Bronze follows the Bronze rules.
    expect(
      ratingFromInspections({
        inspections: nhs,
        improvementPlans: [
          { opened: '2024-02-01', deadline: '2024-08-01', failedOn: '2024-08-02' },
        ],
      }).rating,
    ).toBe('Inadequate');
    expect(
      ratingFromInspections({
        inspections: [...nhs, validation('2024-12-01', 'NHS', 'Green')],
        improvementPlans: plans,
      }).rating,
    ).toBe('Silver');
    // A plan cannot lift a CQC Inadequate: only the CQC can.
    expect(
      ratingFromInspections({
        inspections: [full('2024-01-10', 'CQC', 'Inadequate')],
        improvementPlans: plans,
      }).rating,
    ).toBe('Inadequate');
  });

  test('a missing or falsified assurance statement means Inadequate', () => {
    const inspections = [full('2024-01-10', 'CQC', 'Outstanding')];
    expect(ratingFromInspections({ inspections, assurance: 'missing' })).toEqual({
      rating: 'Inadequate',
      reason: 'assurance statement missing: automatically Inadequate (contract breach)',
      reasons: ['assurance statement missing: automatically Inadequate (contract breach)'],
      decidedBy: null,
    });
    expect(ratingFromInspections({ inspections, assurance: 'Falsified' }).rating).toBe(
      'Inadequate',
    );
    expect(ratingFromInspections({ inspections, assurance: 'submitted' }).rating).toBe('Gold');
  });

  test('a downgrade self-declared in the assurance statement applies at once; a declared upgrade does not', () => {
    const inspections = [full('2024-01-10', 'CQC', 'Good')];
    const down = ratingFromInspections({
      inspections,
      declaredRating: 'bronze',
      declaredOn: '2024-07-01',
    });
    expect(down.rating).toBe('Bronze');
    expect(down.reason).toBe('self-declared Bronze in the assurance statement of 2024-07-01');
    expect(ratingFromInspections({ inspections, declaredRating: 'Gold' }).rating).toBe('Silver');
    // A later full inspection supersedes the declaration.
    expect(
      ratingFromInspections({
        inspections: [...inspections, full('2025-01-10', 'CQC', 'Good')],
        declaredRating: 'Bronze',
        declaredOn: '2024-07-01',
      }).rating,
    ).toBe('Silver');
  });

  test('asOf ignores later inspections', () => {
    const inspections = [
      full('2024-01-10', 'CQC', 'Good'),
      focused('2024-04-01', 'council', 'Inadequate'),
    ];
    expect(ratingFromInspections({ inspections, asOf: '2024-03-31' }).rating).toBe('Silver');
    expect(ratingFromInspections({ inspections, asOf: '2024-04-01' }).rating).toBe('Inadequate');
  });

  test('no full inspection is NOT_FOUND', () => {
    const e = errorOf(() =>
      ratingFromInspections({ inspections: [focused('2024-04-01', 'council', 'Silver')] }),
    );
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toBe('no full inspection to base a rating on');
    const early = errorOf(() =>
      ratingFromInspections({
        inspections: [full('2024-04-01', 'CQC', 'Good')],
        asOf: '2024-01-01',
      }),
    );
    expect(early.message).toBe('no full inspection on or before 2024-01-01 to base a rating on');
  });

  test('an unknown result for the body is INVALID_INPUT naming it and its path', () => {
    const e = errorOf(() =>
      ratingFromInspections({
        inspections: [full('2024-01-10', 'CQC', 'Good'), full('2024-02-01', 'CQC', 'Gold')],
      }),
    );
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.path).toEqual(['inspections', 1, 'result']);
    expect(e.message).toBe(
      'inspections.1.result: result "Gold" is not a CQC inspection result (Outstanding, Good, Requires Improvement, Inadequate)',
    );
    expect(
      errorOf(() => ratingFromInspections({ inspections: [full('2024-02-30', 'CQC', 'Good')] }))
        .path,
    ).toEqual(['inspections', 0, 'date']);
    expect(
      errorOf(() => ratingFromInspections({ inspections: [full('2024-02-01', 'Ofsted', 'Good')] }))
        .message,
    ).toContain('"Ofsted"');
  });

  test('inspections read from Excel rows, with date serials and blank rows', () => {
    // 45301 is 2024-01-10 in Excel's 1900 date system (45301 − 25569 = 19732 days after 1970-01-01).
    const rows = [
      [45301, 'CQC', 'full', 'Good'],
      ['', '', '', ''],
      ['2024-04-01', 'Council', 'Focused', 'Bronze'],
    ];
    const inspections = inspectionsFromRows(rows);
    expect(inspections.map((i) => [i.date, i.body, i.kind, i.result, i.rating])).toEqual([
      ['2024-01-10', 'CQC', 'full', 'Good', 'Silver'],
      ['2024-04-01', 'council', 'focused', 'Bronze', 'Bronze'],
    ]);
    expect(
      ratingFromInspections({
        inspections: rows
          .filter((r) => r[0] !== '')
          .map(([date, body, kind, result]) => ({ date, body, kind, result }) as InspectionInput),
      }).rating,
    ).toBe('Bronze');
    expect(ratingFromInspections({ inspections }).rating).toBe('Bronze');
    const e = errorOf(() => inspectionsFromRows([[45301, 'NHS', 'full', 'Purple']]));
    expect(e.message).toBe(
      'row 1 result: result "Purple" is not a NHS inspection result (Bright Green, Green, Amber, Red)',
    );
    expect(e.path).toEqual(['rows', 0, 'result']);
  });

  const inspectionArb = fc
    .record({
      day: fc.integer({ min: 1, max: 28 }),
      month: fc.integer({ min: 1, max: 12 }),
      body: fc.constantFrom('CQC' as const, 'council' as const, 'NHS' as const),
      kind: fc.constantFrom('full', 'focused', 'validation'),
      at: fc.integer({ min: 0, max: 3 }),
    })
    .map(({ day, month, body, kind, at }) => ({
      date: `2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      body,
      kind,
      result: INSPECTION_RESULTS[body][at]!,
    }));
  const rankOf = (r: string) => RATINGS.length - RATINGS.indexOf(r as (typeof RATINGS)[number]);

  test('property: a later council or NHS focused inspection never raises the rating', () => {
    // (A later CQC one may lift a CQC Inadequate hold: see the hold test.)
    fc.assert(
      fc.property(fc.array(inspectionArb, { maxLength: 12 }), inspectionArb, (history, later) => {
        fc.pre(later.body !== 'CQC');
        const inspections = [full('2023-06-01', 'council', 'Silver'), ...history];
        const before = ratingFromInspections({ inspections }).rating;
        const after = ratingFromInspections({
          inspections: [...inspections, { ...later, date: '2025-01-01', kind: 'focused' }],
        }).rating;
        expect(rankOf(after)).toBeLessThanOrEqual(rankOf(before));
      }),
    );
  });

  test('property: Gold only when the most recent full inspection found Gold', () => {
    fc.assert(
      fc.property(fc.array(inspectionArb, { maxLength: 12 }), (history) => {
        const inspections = [full('2023-06-01', 'council', 'Gold'), ...history];
        const r = ratingFromInspections({ inspections });
        if (r.rating === 'Gold') {
          expect(r.decidedBy?.kind).toBe('full');
          const fulls = inspections.filter((i) => i.kind === 'full').map((i) => String(i.date));
          expect(String(r.decidedBy?.date)).toBe(fulls.sort().at(-1));
        }
      }),
    );
  });
});
