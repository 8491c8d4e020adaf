/**
 * A provider's standing on a date, from its record: the overall rating (ratingFromInspections),
 * whether Bronze's reduction applies, and whether it is suspended from new packages, each
 * with the reasons a commissioner can read (Birmingham commissioning strategy, "Adjusting the
 * quality rating" and "How the Council work with Bronze / Inadequate quality providers";
 * Nottingham's escalation stages).
 *
 * The date is the date a package starts, not today's: a package starting after an improvement
 * deadline passed unvalidated gets the Bronze price, one starting before it does not.
 */
import { isCareFeeError, notAllowed } from './errors';
import type { IsoDate } from './dates';
import { type Rating } from './quality';
import {
  ratingFromInspections,
  type ImprovementPlanInput,
  type InspectionInput,
} from './ratingFromInspections';

/** Nottingham's escalation, in order; each stage has an effect the rest of carefee obeys. */
export const ESCALATION_STAGES = [
  'requirement_to_improve',
  'contract_suspension',
  'final_notice',
  'terminated',
] as const;
export type EscalationStage = (typeof ESCALATION_STAGES)[number];

export const ESCALATION_STAGE_LABELS: Record<EscalationStage, string> = {
  requirement_to_improve: 'Requirement to Improve',
  contract_suspension: 'Contract Suspension',
  final_notice: '90 Day Final Notice',
  terminated: 'Terminate Contract',
};

/** Stages that stop new packages being priced, offered or awarded. */
const SUSPENDING_STAGES: ReadonlySet<EscalationStage> = new Set([
  'contract_suspension',
  'final_notice',
  'terminated',
]);

export const ENROLMENT_STATES = ['applied', 'accredited', 'suspended', 'excluded'] as const;
export type EnrolmentState = (typeof ENROLMENT_STATES)[number];

/** A six-monthly assurance statement: due on a date, then received (or not), maybe falsified. */
export interface AssuranceStatementRecord {
  due: IsoDate;
  receivedOn?: IsoDate | null;
  /** A downgrade the provider declared in it. */
  declaredRating?: Rating | null;
  /** When the statement was found to be falsified. */
  falsifiedOn?: IsoDate | null;
}

/** One step of an escalation; 'closed' ends it (the provider improved). */
export interface EscalationRecord {
  stage: EscalationStage | 'closed';
  on: IsoDate;
  /** 90 Day Final Notice: the day the contract ends unless lifted. */
  endsOn?: IsoDate | null;
}

export interface ProviderRecord {
  inspections: InspectionInput[];
  statements?: AssuranceStatementRecord[];
  improvementPlans?: ImprovementPlanInput[];
  escalations?: EscalationRecord[];
  /**
   * Steps of an escalation about this one location (a home's contract), a sequence of its own:
   * the more severe of it and the provider-wide one is in force.
   */
  locationEscalations?: EscalationRecord[];
  /** The enrolment decision in force, with the day it took effect; none when not enrolled. */
  enrolment?: { state: EnrolmentState; since: IsoDate } | null;
}

export interface Standing {
  asOf: IsoDate;
  /** null when there is nothing to base a rating on (no full inspection yet). */
  rating: Rating | null;
  /** Bronze only: the improvement deadline passed unvalidated, so −3% on new packages. */
  bronzeDeductionApplies: boolean;
  /** No new package can be priced, offered or awarded. */
  suspended: boolean;
  /** The escalation stage in force, if any. */
  stage: EscalationStage | null;
  /** Every reason behind the rating, the deduction and the suspension, in the order they apply. */
  reasons: string[];
}

/** The statement that counts on a date: the latest already due or already received. */
function statementInForce(statements: AssuranceStatementRecord[], asOf: IsoDate) {
  let current: AssuranceStatementRecord | undefined;
  for (const s of statements) {
    const counts = s.due < asOf || (s.receivedOn != null && s.receivedOn <= asOf);
    if (counts && (current === undefined || s.due > current.due)) current = s;
  }
  return current;
}

export function standingAsOf(record: ProviderRecord, asOf: IsoDate): Standing {
  const reasons: string[] = [];
  const statement = statementInForce(record.statements ?? [], asOf);
  let assurance: 'submitted' | 'missing' | 'falsified' = 'submitted';
  let declared: { declaredRating: Rating; declaredOn: IsoDate } | undefined;
  if (statement) {
    const received = statement.receivedOn != null && statement.receivedOn <= asOf;
    if (statement.falsifiedOn != null && statement.falsifiedOn <= asOf) {
      assurance = 'falsified';
      reasons.push(
        `assurance statement due ${statement.due} found falsified on ${statement.falsifiedOn}: automatically Inadequate`,
      );
    } else if (!received) {
      assurance = 'missing';
      reasons.push(
        `assurance statement due ${statement.due} not received: automatically Inadequate until it is`,
      );
    } else if (statement.declaredRating) {
      declared = { declaredRating: statement.declaredRating, declaredOn: statement.receivedOn! };
    }
  }

  let rating: Rating | null = null;
  if (assurance !== 'submitted') {
    rating = 'Inadequate';
  } else {
    try {
      const r = ratingFromInspections({
        inspections: record.inspections,
        improvementPlans: record.improvementPlans ?? [],
        asOf,
        ...declared,
      });
      rating = r.rating;
      reasons.push(...r.reasons);
    } catch (e) {
      if (!isCareFeeError(e) || e.code !== 'NOT_FOUND') throw e;
      reasons.push(`no full inspection on or before ${asOf}: no rating`);
    }
  }

  let bronzeDeductionApplies = false;
  if (rating === 'Bronze') {
    const plan = (record.improvementPlans ?? [])
      .filter((p) => String(p.opened) <= asOf)
      .sort((a, b) => (String(a.opened) < String(b.opened) ? -1 : 1))
      .at(-1);
    if (!plan) {
      reasons.push('Bronze with no improvement plan due: standard price');
    } else {
      const deadline = String(plan.deadline);
      const validatedInTime = plan.validatedOn != null && String(plan.validatedOn) <= deadline;
      if (!validatedInTime && deadline < asOf) {
        bronzeDeductionApplies = true;
        reasons.push(
          `improvement deadline ${deadline} passed unvalidated → Bronze price on new packages`,
        );
      } else if (!validatedInTime) {
        reasons.push(`improvement plan due by ${deadline}: standard price until then`);
      }
    }
  }

  let suspended = false;
  if (rating === 'Inadequate') {
    suspended = true;
    reasons.push('Inadequate: suspended from new packages');
  }

  // The provider's escalation and the location's own are separate sequences: each one's latest
  // step by asOf is in force unless it is 'closed'; the more severe of the two sets the stage.
  const inForce = [
    { steps: record.escalations ?? [], scope: '' },
    { steps: record.locationEscalations ?? [], scope: ' (this location)' },
  ].flatMap(({ steps, scope }) => {
    const step = steps
      .filter((e) => e.on <= asOf)
      .sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0))
      .at(-1);
    if (!step || step.stage === 'closed') return [];
    // A final notice not lifted by its end date has ended the contract: terminated from then.
    if (step.stage === 'final_notice' && step.endsOn && step.endsOn <= asOf)
      return [{ stage: 'terminated' as const, on: step.endsOn, endsOn: null, scope }];
    return [{ ...step, stage: step.stage, scope }];
  });
  let stage: EscalationStage | null = null;
  for (const step of inForce) {
    if (stage === null || ESCALATION_STAGES.indexOf(step.stage) > ESCALATION_STAGES.indexOf(stage))
      stage = step.stage;
    const label = ESCALATION_STAGE_LABELS[step.stage] + step.scope;
    if (SUSPENDING_STAGES.has(step.stage)) {
      suspended = true;
      reasons.push(
        `${label} since ${step.on}${step.endsOn ? ` (contract ends ${step.endsOn})` : ''}: suspended from new packages`,
      );
    } else {
      reasons.push(`${label} since ${step.on}`);
    }
  }

  const enrolment = record.enrolment;
  if (
    enrolment &&
    enrolment.since <= asOf &&
    (enrolment.state === 'suspended' || enrolment.state === 'excluded')
  ) {
    suspended = true;
    reasons.push(`enrolment ${enrolment.state} since ${enrolment.since}: no new packages`);
  }

  return { asOf, rating, bronzeDeductionApplies, suspended, stage, reasons };
}

/**
 * What the fee engine needs from a standing, or NOT_ALLOWED when no new package may be priced:
 * Inadequate and suspended providers are refused by every route, overrides included.
 */
export function pricingQuality(
  standing: Standing,
  who = 'the provider',
): { rating: Rating; bronzeOverdue: boolean } {
  if (standing.suspended || standing.rating === 'Inadequate') {
    throw notAllowed(
      `${who} is suspended from new packages on ${standing.asOf}: ${standing.reasons.at(-1)}`,
      ['provider'],
    );
  }
  if (standing.rating === null) {
    throw notAllowed(`${who} has no quality rating on ${standing.asOf}`, ['provider']);
  }
  return { rating: standing.rating, bronzeOverdue: standing.bronzeDeductionApplies };
}
