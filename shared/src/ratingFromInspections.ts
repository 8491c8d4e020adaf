/**
 * The overall quality rating (Gold, Silver, Bronze, Inadequate) from a provider's dated
 * inspections and its 6-monthly assurance statement (Birmingham commissioning strategy,
 * "Annual inspection", Table 2 and "Adjusting the quality rating").
 *
 * The inspections are read in date order (same-day inspections in the order given):
 * - a **full** inspection, by any of the three bodies, sets the rating afresh (Table 2);
 * - a **focused** inspection can only lower it (negative intelligence, rule 2 and 8);
 * - a paid **validation** inspection can raise it, but never above Silver: there is no
 *   move from Silver to Gold between full annual inspections (rule 4); a validation that
 *   finds the service below its rating lowers it, like any inspection would;
 * - a **CQC Inadequate** result, from any kind of CQC inspection, holds the overall rating at
 *   Inadequate until a later CQC inspection gives a better result (rule 5). The lifting
 *   inspection is the CQC's new rating: where the Inadequate came from the CQC itself, the
 *   rating becomes what the lifting inspection found (a focused or validating one no higher
 *   than Silver); where another body's later full inspection set the rating during the hold,
 *   that stands, as lowered by the lifting inspection;
 * - after a **council or NHS Inadequate**, the way back is the Improvement Plan: once it is
 *   completed satisfactorily (a validated plan, or a validating inspection finding better)
 *   the provider "is awarded a Bronze overall rating", never more, until the next full
 *   inspection;
 * - the assurance statement: a self-declared downgrade lowers the rating from its date
 *   (no validation needed, rule 1); a declared improvement alone never raises it (that needs
 *   a validation inspection); a missing or falsified statement means Inadequate (rules 6, 7).
 *
 * With no full inspection there is nothing to base a rating on: NOT_FOUND, unless the
 * rating is Inadequate anyway (missing/falsified statement, or a CQC Inadequate hold).
 *
 * The input reads straight from an Excel range of rows (date, body, kind, result): dates
 * may be Excel serial numbers, and bodies, kinds and results are matched ignoring case.
 */
import { z } from 'zod';
import { invalid, notFound } from './errors';
import { excelSerialToIso, isIsoDate, type IsoDate } from './dates';
import { RATINGS, type Rating } from './quality';
import { zodToCareFeeError } from './rateCard';

export const INSPECTION_BODIES = ['CQC', 'council', 'NHS'] as const;
export type InspectionBody = (typeof INSPECTION_BODIES)[number];
export const INSPECTION_KINDS = ['full', 'focused', 'validation'] as const;
export type InspectionKind = (typeof INSPECTION_KINDS)[number];
export const ASSURANCE_STATUSES = ['submitted', 'missing', 'falsified'] as const;
export type AssuranceStatus = (typeof ASSURANCE_STATUSES)[number];

/** Table 2: each body's results, best first, in the same order as RATINGS. */
export const INSPECTION_RESULTS: Record<InspectionBody, readonly [string, string, string, string]> =
  {
    CQC: ['Outstanding', 'Good', 'Requires Improvement', 'Inadequate'],
    council: ['Gold', 'Silver', 'Bronze', 'Inadequate'],
    NHS: ['Bright Green', 'Green', 'Amber', 'Red'],
  };

/** Gold 3, Silver 2, Bronze 1, Inadequate 0: higher is better. */
const rank = (rating: Rating): number => RATINGS.length - 1 - RATINGS.indexOf(rating);

const squash = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** Case-insensitive choice among fixed words; `aliases` maps extra spellings to a word. */
function wordSchema<T extends string>(
  what: string,
  words: readonly T[],
  aliases: Record<string, T> = {},
) {
  return z.string().transform((value, ctx) => {
    const key = squash(value);
    const found = words.find((w) => w.toLowerCase() === key) ?? aliases[key];
    if (found === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `${what} must be one of ${words.join(', ')}, got ${JSON.stringify(value)}`,
      });
      return z.NEVER;
    }
    return found;
  });
}

/** An ISO date, or an Excel date serial (whole days; a time of day is ignored). */
export const inspectionDateSchema = z
  .union([z.string(), z.number()])
  .transform((value, ctx): IsoDate => {
    if (typeof value === 'number') {
      try {
        return excelSerialToIso(Math.floor(value), 'date');
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
        return z.NEVER;
      }
    }
    const text = value.trim();
    if (!isIsoDate(text)) {
      ctx.addIssue({
        code: 'custom',
        message: `date must be a real date in the form YYYY-MM-DD, got ${JSON.stringify(value)}`,
      });
      return z.NEVER;
    }
    return text;
  });

/** One inspection: one row of a sheet. `result` must be on the scale of the body (Table 2). */
export const inspectionSchema = z
  .object({
    date: inspectionDateSchema,
    body: wordSchema('body', INSPECTION_BODIES),
    // The strategy spells it "focussed"; both spellings are accepted.
    kind: wordSchema('kind', INSPECTION_KINDS, { focussed: 'focused' }),
    result: z.string(),
    /** The derived overall rating of a parsed inspection; ignored and worked out again. */
    rating: z.string().optional(),
  })
  .strict()
  .transform((inspection, ctx) => {
    const scale = INSPECTION_RESULTS[inspection.body];
    const aliases: Record<string, number> = inspection.body === 'CQC' ? { ri: 2 } : {};
    const key = squash(inspection.result);
    const index = scale.findIndex((r) => r.toLowerCase() === key);
    const at = index >= 0 ? index : aliases[key];
    if (at === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['result'],
        message: `result ${JSON.stringify(inspection.result)} is not a ${inspection.body} inspection result (${scale.join(', ')})`,
      });
      return z.NEVER;
    }
    return { ...inspection, result: scale[at]!, rating: RATINGS[at]! };
  });

export type InspectionInput = z.input<typeof inspectionSchema>;
export type Inspection = z.output<typeof inspectionSchema>;

/** An improvement plan: opened, due by a deadline, then validated or failed (or still open). */
export const improvementPlanSchema = z
  .object({
    opened: inspectionDateSchema,
    deadline: inspectionDateSchema,
    validatedOn: inspectionDateSchema.optional(),
    failedOn: inspectionDateSchema.optional(),
  })
  .strict()
  .superRefine((plan, ctx) => {
    if (plan.deadline < plan.opened)
      ctx.addIssue({
        code: 'custom',
        path: ['deadline'],
        message: `deadline ${plan.deadline} is before the plan was opened (${plan.opened})`,
      });
    if (plan.validatedOn !== undefined && plan.failedOn !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['failedOn'],
        message: 'a plan is validated or failed, not both',
      });
  });

export type ImprovementPlanInput = z.input<typeof improvementPlanSchema>;
export type ImprovementPlan = z.output<typeof improvementPlanSchema>;

export const ratingInputSchema = z
  .object({
    inspections: z.array(inspectionSchema).max(10_000),
    /** The latest 6-monthly assurance statement; 'submitted' when not given. */
    assurance: wordSchema('assurance', ASSURANCE_STATUSES).optional(),
    /** A downgrade the provider declared in its assurance statement. */
    declaredRating: wordSchema('declaredRating', RATINGS).optional(),
    /** When the statement was made; without it the declaration applies after every inspection. */
    declaredOn: inspectionDateSchema.optional(),
    /** Improvement plans; a validated one lifts a council or NHS Inadequate to Bronze. */
    improvementPlans: z.array(improvementPlanSchema).max(10_000).optional(),
    /** Ignore inspections and statements after this date. */
    asOf: inspectionDateSchema.optional(),
  })
  .strict();

export type RatingInput = z.input<typeof ratingInputSchema>;

export interface RatingResult {
  rating: Rating;
  /** One line naming what decided the rating. */
  reason: string;
  /** How the rating got there, oldest step first; the last one is `reason`. */
  reasons: string[];
  /** The deciding inspection, or null when the assurance statement decided it. */
  decidedBy: Inspection | null;
}

const named = (i: Inspection) => `${i.body} ${i.kind} inspection on ${i.date} (${i.result})`;

/** The overall rating as of a date, with the inspection (or statement) that decided it. */
export function ratingFromInspections(input: RatingInput): RatingResult {
  const parsed = ratingInputSchema.safeParse(input);
  if (!parsed.success) throw zodToCareFeeError(parsed.error);
  const { asOf, declaredRating, declaredOn } = parsed.data;
  const assurance = parsed.data.assurance ?? 'submitted';

  if (assurance !== 'submitted') {
    const reason = `assurance statement ${assurance}: automatically Inadequate (contract breach)`;
    return { rating: 'Inadequate', reason, reasons: [reason], decidedBy: null };
  }

  const inspections = parsed.data.inspections
    .map((inspection, index) => ({ inspection, index }))
    .filter(({ inspection }) => asOf === undefined || inspection.date <= asOf)
    .sort((a, b) =>
      a.inspection.date < b.inspection.date
        ? -1
        : a.inspection.date > b.inspection.date
          ? 1
          : a.index - b.index,
    )
    .map(({ inspection }) => inspection);
  // A plan counts from the day it was validated; it only matters after a commissioner's Inadequate.
  const validations = (parsed.data.improvementPlans ?? [])
    .filter((p) => p.validatedOn !== undefined && (asOf === undefined || p.validatedOn <= asOf))
    .map((p) => p.validatedOn!)
    .sort();

  let rating: Rating | undefined;
  let decidedBy = null as Inspection | null;
  const reasons: string[] = [];
  const set = (to: Rating, by: Inspection | null, why: string) => {
    rating = to;
    decidedBy = by;
    reasons.push(why);
  };
  let cqcHold: Inspection | undefined;
  const declaration =
    declaredRating !== undefined &&
    (asOf === undefined || declaredOn === undefined || declaredOn <= asOf)
      ? { rating: declaredRating, on: declaredOn }
      : undefined;
  let declarationApplied = false;

  const applyDeclaration = () => {
    declarationApplied = true;
    if (declaration && rating !== undefined && rank(declaration.rating) < rank(rating)) {
      set(
        declaration.rating,
        null,
        `self-declared ${declaration.rating} in the assurance statement${declaration.on ? ` of ${declaration.on}` : ''}`,
      );
    }
  };
  /** Inadequate set by a council or NHS finding: only an Improvement Plan leads back, to Bronze. */
  const commissionerInadequate = () =>
    rating === 'Inadequate' && decidedBy !== null && decidedBy.body !== 'CQC';
  const applyValidations = (before: IsoDate | undefined) => {
    while (validations.length > 0 && (before === undefined || validations[0]! < before)) {
      const on = validations.shift()!;
      if (commissionerInadequate() && !cqcHold)
        set('Bronze', null, `improvement plan validated on ${on}: awarded Bronze`);
    }
  };

  for (const inspection of inspections) {
    if (declaration?.on !== undefined && !declarationApplied && declaration.on < inspection.date)
      applyDeclaration();
    applyValidations(inspection.date);
    const found = inspection.rating;
    const liftsCqcHold =
      cqcHold !== undefined && inspection.body === 'CQC' && found !== 'Inadequate';
    if (inspection.kind === 'full') {
      set(found, inspection, `most recent full inspection: ${named(inspection)} → ${found}`);
    } else if (liftsCqcHold && rating === 'Inadequate' && decidedBy?.body === 'CQC') {
      // The CQC has removed its own Inadequate: its new finding is the rating (rule 4 still caps).
      const capped: Rating = rank(found) > rank('Silver') ? 'Silver' : found;
      set(
        capped,
        inspection,
        `CQC re-inspected and removed its Inadequate: ${named(inspection)} → ${capped}`,
      );
    } else if (rating !== undefined && rank(found) < rank(rating)) {
      set(found, inspection, `lowered by the ${named(inspection)} → ${found}`);
    } else if (inspection.kind === 'validation' && commissionerInadequate()) {
      if (rank(found) > rank('Inadequate'))
        set(
          'Bronze',
          inspection,
          `improvement validated by the paid ${named(inspection)}: awarded Bronze`,
        );
    } else if (
      inspection.kind === 'validation' &&
      rating !== undefined &&
      rank(found) > rank(rating)
    ) {
      const capped: Rating = rank(found) > rank('Silver') ? 'Silver' : found;
      if (rank(capped) > rank(rating)) {
        set(
          capped,
          inspection,
          capped === found
            ? `raised by the paid ${named(inspection)} → ${found}`
            : `raised by the paid ${named(inspection)} to Silver: no move to Gold between full inspections`,
        );
      }
    }
    if (inspection.body === 'CQC') cqcHold = found === 'Inadequate' ? inspection : undefined;
  }
  applyValidations(undefined);
  if (!declarationApplied) applyDeclaration();

  if (cqcHold) {
    const reason = `held at Inadequate by the ${named(cqcHold)} until CQC re-inspects`;
    return { rating: 'Inadequate', reason, reasons: [...reasons, reason], decidedBy: cqcHold };
  }
  if (rating === undefined) {
    throw notFound(`no full inspection${asOf ? ` on or before ${asOf}` : ''} to base a rating on`, [
      'inspections',
    ]);
  }
  return { rating, reason: reasons.at(-1)!, reasons, decidedBy };
}

/**
 * Inspections from the rows of a sheet range: each row is [date, body, kind, result].
 * Wholly blank rows are skipped; a header row is not expected. Errors name the row (1-based).
 */
export function inspectionsFromRows(rows: ReadonlyArray<ReadonlyArray<unknown>>): Inspection[] {
  const out: Inspection[] = [];
  rows.forEach((row, i) => {
    if (row.every((cell) => cell === null || cell === undefined || cell === '')) return;
    const [date, body, kind, result] = row;
    const parsed = inspectionSchema.safeParse({ date, body, kind, result });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join('.') || 'row';
      throw invalid(`row ${i + 1} ${field}: ${issue.message}`, [
        'rows',
        i,
        ...issue.path.map((p) => (typeof p === 'number' ? p : String(p))),
      ]);
    }
    out.push(parsed.data);
  });
  return out;
}
