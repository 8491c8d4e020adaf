import {
  CareFeeError,
  pricingQuality,
  standingAsOf,
  weeklyFee,
  type InspectionInput,
  type ProviderRecord,
} from '../../shared/src';
import { birmingham2024 as birmingham } from '../fixtures/birmingham';

const inspection = (date: string, body: string, kind: string, result: string): InspectionInput => ({
  date,
  body,
  kind,
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

/** Council full Bronze in March 2025 with an improvement plan due by 1 September 2025. */
const bronze: ProviderRecord = {
  inspections: [inspection('2025-03-04', 'council', 'full', 'Bronze')],
  improvementPlans: [{ opened: '2025-03-10', deadline: '2025-09-01' }],
};

describe('provider standing on a date (Birmingham quality framework, Nottingham escalation)', () => {
  // Seed 003: "If required improvement is not validated within the specified timescale, the
  // Bronze price will be applied to all new care packages".
  test('"If required improvement is not validated within the specified timescale, the Bronze price will be applied to all new care packages": from the deadline, by the package start date', () => {
    const before = standingAsOf(bronze, '2025-09-01');
    expect(before).toEqual({
      asOf: '2025-09-01',
      rating: 'Bronze',
      bronzeDeductionApplies: false,
      suspended: false,
      stage: null,
      reasons: [
        'most recent full inspection: council full inspection on 2025-03-04 (Bronze) → Bronze',
        'improvement plan due by 2025-09-01: standard price until then',
      ],
    });
    const after = standingAsOf(bronze, '2025-09-02');
    expect(after.bronzeDeductionApplies).toBe(true);
    expect(after.reasons.at(-1)).toBe(
      'improvement deadline 2025-09-01 passed unvalidated → Bronze price on new packages',
    );
    // The package's start date decides: £580.03 standard, × 0.97 = 562.6291 → £562.63 after it.
    const fee = (startDate: string) =>
      weeklyFee(birmingham, {
        category: 'older-residential',
        ...pricingQuality(standingAsOf(bronze, startDate)),
      }).fee;
    expect(fee('2025-08-15')).toBe('580.03');
    expect(fee('2025-09-02')).toBe('562.63');
  });

  test('a plan validated by its deadline never brings the Bronze price; one validated late does not undo it', () => {
    const inTime = {
      ...bronze,
      improvementPlans: [
        { opened: '2025-03-10', deadline: '2025-09-01', validatedOn: '2025-08-20' },
      ],
    };
    expect(standingAsOf(inTime, '2025-12-01').bronzeDeductionApplies).toBe(false);
    const late = {
      ...bronze,
      improvementPlans: [
        { opened: '2025-03-10', deadline: '2025-09-01', validatedOn: '2025-10-01' },
      ],
    };
    expect(standingAsOf(late, '2025-12-01').bronzeDeductionApplies).toBe(true);
    // A validating inspection that raises the rating to Silver ends it.
    const raised = {
      ...late,
      inspections: [
        ...late.inspections,
        inspection('2025-10-05', 'council', 'validation', 'Silver'),
      ],
    };
    expect(standingAsOf(raised, '2025-12-01')).toMatchObject({
      rating: 'Silver',
      bronzeDeductionApplies: false,
    });
  });

  // Seed 003, rule 5: "Providers who are rated Inadequate will be suspended from bidding for new
  // packages".
  test('"Providers who are rated Inadequate will be suspended from bidding for new packages": no price by any route, override included', () => {
    const record: ProviderRecord = {
      inspections: [inspection('2025-01-10', 'CQC', 'full', 'Inadequate')],
    };
    const s = standingAsOf(record, '2025-02-01');
    expect(s).toMatchObject({ rating: 'Inadequate', suspended: true });
    expect(s.reasons.at(-1)).toBe('Inadequate: suspended from new packages');
    const e = errorOf(() => pricingQuality(s, 'Oak House'));
    expect(e.code).toBe('NOT_ALLOWED');
    expect(e.message).toBe(
      'Oak House is suspended from new packages on 2025-02-01: Inadequate: suspended from new packages',
    );
    // The engine refuses an individually agreed price for an Inadequate provider too.
    for (const override of [
      { weeklyFee: '900.00', reason: 'specialist bariatric care' },
      { careCost: '500.00', reason: 'specialist bariatric care' },
    ]) {
      expect(
        errorOf(() =>
          weeklyFee(birmingham, { category: 'older-residential', rating: 'Inadequate', override }),
        ).code,
      ).toBe('NOT_ALLOWED');
    }
  });

  test('Contract Suspension, the 90 Day Final Notice and termination suspend; Requirement to Improve only flags; closing ends it', () => {
    const record: ProviderRecord = {
      inspections: [inspection('2025-01-10', 'CQC', 'full', 'Good')],
      escalations: [
        { stage: 'requirement_to_improve', on: '2025-03-01' },
        { stage: 'contract_suspension', on: '2025-05-01' },
        { stage: 'final_notice', on: '2025-07-01', endsOn: '2025-09-29' },
        { stage: 'closed', on: '2025-08-15' },
      ],
    };
    expect(standingAsOf(record, '2025-04-01')).toMatchObject({
      rating: 'Silver',
      suspended: false,
      stage: 'requirement_to_improve',
    });
    expect(standingAsOf(record, '2025-04-01').reasons.at(-1)).toBe(
      'Requirement to Improve since 2025-03-01',
    );
    expect(standingAsOf(record, '2025-05-01')).toMatchObject({
      suspended: true,
      stage: 'contract_suspension',
    });
    const notice = standingAsOf(record, '2025-07-02');
    expect(notice.reasons.at(-1)).toBe(
      '90 Day Final Notice since 2025-07-01 (contract ends 2025-09-29): suspended from new packages',
    );
    expect(errorOf(() => pricingQuality(notice)).code).toBe('NOT_ALLOWED');
    expect(standingAsOf(record, '2025-08-15')).toMatchObject({ suspended: false, stage: null });
  });

  // Nottingham (seed 004), "Contract Compliance Escalation — 3. 90 Day Final Notice 4. Terminate
  // Contract": a notice not lifted by its end date has ended the contract.
  test('a 90 Day Final Notice not closed by its end date terminates the contract from that date', () => {
    const record: ProviderRecord = {
      inspections: [inspection('2025-01-10', 'CQC', 'full', 'Good')],
      escalations: [{ stage: 'final_notice', on: '2025-07-01', endsOn: '2025-09-29' }],
    };
    expect(standingAsOf(record, '2025-09-28')).toMatchObject({
      stage: 'final_notice',
      suspended: true,
    });
    const ended = standingAsOf(record, '2025-09-29');
    expect(ended).toMatchObject({ stage: 'terminated', suspended: true });
    expect(ended.reasons.at(-1)).toBe(
      'Terminate Contract since 2025-09-29: suspended from new packages',
    );
  });

  test("a location's own escalation is a sequence of its own; the more severe of it and the provider's is in force", () => {
    const record: ProviderRecord = {
      inspections: [inspection('2025-01-10', 'CQC', 'full', 'Good')],
      escalations: [{ stage: 'requirement_to_improve', on: '2025-03-01' }],
      locationEscalations: [
        { stage: 'contract_suspension', on: '2025-04-01' },
        { stage: 'closed', on: '2025-06-01' },
      ],
    };
    const both = standingAsOf(record, '2025-04-02');
    expect(both).toMatchObject({ stage: 'contract_suspension', suspended: true });
    expect(both.reasons.slice(-2)).toEqual([
      'Requirement to Improve since 2025-03-01',
      'Contract Suspension (this location) since 2025-04-01: suspended from new packages',
    ]);
    // Closing the location's escalation leaves the provider's in force.
    expect(standingAsOf(record, '2025-06-01')).toMatchObject({
      stage: 'requirement_to_improve',
      suspended: false,
    });
  });

  // Seed 003, rule 6: "Failure to submit the Assurance Statement will be treated as a contract
  // breach and an automatic rating of Inadequate will be applied. Should this subsequently be
  // received by the Council, the Inadequate rating will be removed".
  test('"Failure to submit the Assurance Statement ... automatic rating of Inadequate ... Should this subsequently be received ... the Inadequate rating will be removed"', () => {
    const record: ProviderRecord = {
      inspections: [inspection('2025-01-10', 'CQC', 'full', 'Good')],
      statements: [{ due: '2025-07-10', receivedOn: '2025-08-01' }],
    };
    expect(standingAsOf(record, '2025-07-10').rating).toBe('Silver');
    const missing = standingAsOf(record, '2025-07-11');
    expect(missing).toMatchObject({ rating: 'Inadequate', suspended: true });
    expect(missing.reasons[0]).toBe(
      'assurance statement due 2025-07-10 not received: automatically Inadequate until it is',
    );
    expect(standingAsOf(record, '2025-08-01').rating).toBe('Silver');
  });

  // Seed 003, rule 7: "Falsification of the Assurance Statement will be treated a contract breach
  // and an automatic rating of Inadequate will be applied." Rule 1: a declared downgrade applies.
  test('"Falsification of the Assurance Statement ... an automatic rating of Inadequate"; a declared downgrade applies from receipt', () => {
    const base = { inspections: [inspection('2025-01-10', 'CQC', 'full', 'Outstanding')] };
    const falsified: ProviderRecord = {
      ...base,
      statements: [{ due: '2025-07-10', receivedOn: '2025-07-01', falsifiedOn: '2025-09-01' }],
    };
    expect(standingAsOf(falsified, '2025-08-01').rating).toBe('Gold');
    expect(standingAsOf(falsified, '2025-09-01').rating).toBe('Inadequate');
    const declared: ProviderRecord = {
      ...base,
      statements: [{ due: '2025-07-10', receivedOn: '2025-07-01', declaredRating: 'Bronze' }],
    };
    expect(standingAsOf(declared, '2025-06-30').rating).toBe('Gold');
    expect(standingAsOf(declared, '2025-07-02').reasons.at(-2)).toBe(
      'self-declared Bronze in the assurance statement of 2025-07-01',
    );
  });

  test('no full inspection yet: no rating, so no price from the record; enrolment suspension suspends', () => {
    const none = standingAsOf({ inspections: [] }, '2025-01-01');
    expect(none).toMatchObject({ rating: null, suspended: false });
    expect(none.reasons).toEqual(['no full inspection on or before 2025-01-01: no rating']);
    expect(errorOf(() => pricingQuality(none, 'New Home')).message).toBe(
      'New Home has no quality rating on 2025-01-01',
    );
    const excluded = standingAsOf(
      {
        inspections: [inspection('2025-01-10', 'CQC', 'full', 'Good')],
        enrolment: { state: 'excluded', since: '2025-02-01' },
      },
      '2025-03-01',
    );
    expect(excluded).toMatchObject({ rating: 'Silver', suspended: true });
    expect(excluded.reasons.at(-1)).toBe('enrolment excluded since 2025-02-01: no new packages');
  });
});
