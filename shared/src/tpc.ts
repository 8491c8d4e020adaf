/**
 * Third-party contributions (top-ups): may a family pay this one? The conditions come from the
 * Sefton / MLCSU CHC care homes paper ("Under NHS regulations TPCs must meet conditions") and
 * the Birmingham strategy (top-ups only where a more expensive room or a genuine upgrade in
 * service was specifically asked for).
 *
 * The input is a set of yes/no facts about the arrangement, one per condition, so a sheet can
 * hold them as a row of TRUE/FALSE cells. Every condition that applies must be answered: for a
 * CHC placement a left-out CHC fact is an error, not a "no". Every condition is checked and
 * every failure named;
 * `allowed` is true only when none fails. Two conditions apply only to CHC-funded placements:
 * the NHS pays for all of a CHC placement, so a top-up must not fund anything CHC covers,
 * including accommodation.
 */
import { z } from 'zod';
import { zodToCareFeeError } from './rateCard';

/** The facts, each one yes/no: the shape other records embed (e.g. a package's top-up). */
export const tpcFactsSchema = z
  .object({
    /** The placement is funded by NHS Continuing Healthcare. */
    chcFunded: z.boolean(),
    /** The payment buys a genuinely more expensive room or an additional or upgraded service. */
    genuineUpgrade: z.boolean(),
    /** The person or their family specifically asked for that room or service. */
    requestedByPersonOrFamily: z.boolean(),
    /** The payment covers any part of what the commissioner already pays for. */
    coversCommissionedServices: z.boolean(),
    /** CHC only: the payment funds services that are eligible under CHC. */
    fundsChcEligibleServices: z.boolean().optional(),
    /** CHC only: the payment tops up accommodation costs. */
    forAccommodation: z.boolean().optional(),
    /** A separate private agreement makes clear what the payer is paying for. */
    separateWrittenAgreement: z.boolean(),
    /** The home offers a room (and services) at the commissioner's price. */
    roomAtCommissionerPriceOffered: z.boolean(),
    /** Entirely voluntary: if the payer cannot or will not pay, the placement is not affected. */
    voluntary: z.boolean(),
    /** The contribution has been agreed in writing with the commissioner. */
    agreedWithCommissioner: z.boolean(),
  })
  .strict();

/** The facts, with every condition that applies answered. */
export const tpcInputSchema = tpcFactsSchema.superRefine((facts, ctx) => {
  if (!facts.chcFunded) return;
  for (const key of ['fundsChcEligibleServices', 'forAccommodation'] as const) {
    if (facts[key] === undefined)
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `a CHC-funded placement must answer ${key} (true or false)`,
      });
  }
});

export type TpcInput = z.input<typeof tpcInputSchema>;

export const TPC_CONDITIONS = [
  'genuine-choice',
  'distinct-from-commissioned-care',
  'no-chc-subsidy',
  'not-chc-accommodation',
  'separate-agreement',
  'commissioner-price-room',
  'voluntary',
  'agreed-with-commissioner',
] as const;
export type TpcCondition = (typeof TPC_CONDITIONS)[number];

export interface TpcFailure {
  condition: TpcCondition;
  message: string;
}

export interface TpcResult {
  allowed: boolean;
  failed: TpcFailure[];
  /** The conditions that applied to this placement, in the order checked. */
  checked: TpcCondition[];
}

type Facts = z.output<typeof tpcInputSchema>;

const RULES: ReadonlyArray<{
  condition: TpcCondition;
  chcOnly?: true;
  fails: (f: Facts) => boolean;
  message: string;
}> = [
  {
    condition: 'genuine-choice',
    fails: (f) => !f.genuineUpgrade || !f.requestedByPersonOrFamily,
    message:
      'a top-up may only pay for a genuinely more expensive room or service that the person or family asked for',
  },
  {
    condition: 'distinct-from-commissioned-care',
    fails: (f) => f.coversCommissionedServices,
    message: 'a top-up must be distinct and separate from the care the commissioner pays for',
  },
  {
    condition: 'no-chc-subsidy',
    chcOnly: true,
    fails: (f) => f.fundsChcEligibleServices === true,
    message: 'a top-up must not subsidise or fund services eligible under CHC',
  },
  {
    condition: 'not-chc-accommodation',
    chcOnly: true,
    fails: (f) => f.forAccommodation === true,
    message:
      'under CHC the NHS pays for accommodation: a top-up must not be for accommodation costs',
  },
  {
    condition: 'separate-agreement',
    fails: (f) => !f.separateWrittenAgreement,
    message: 'a separate written agreement must make clear what the payer is paying for',
  },
  {
    condition: 'commissioner-price-room',
    fails: (f) => !f.roomAtCommissionerPriceOffered,
    message: "the home must still offer a room and services at the commissioner's price",
  },
  {
    condition: 'voluntary',
    fails: (f) => !f.voluntary,
    message: 'a top-up must be entirely voluntary: not paying must not affect the placement',
  },
  {
    condition: 'agreed-with-commissioner',
    fails: (f) => !f.agreedWithCommissioner,
    message: 'a top-up must be agreed in writing with the commissioner',
  },
];

/** Check a proposed third-party contribution against every condition, naming each failure. */
export function checkThirdPartyContribution(input: TpcInput): TpcResult {
  const parsed = tpcInputSchema.safeParse(input);
  if (!parsed.success) throw zodToCareFeeError(parsed.error);
  const facts = parsed.data;
  const rules = RULES.filter((r) => !r.chcOnly || facts.chcFunded);
  const failed = rules
    .filter((r) => r.fails(facts))
    .map(({ condition, message }) => ({ condition, message }));
  return { allowed: failed.length === 0, failed, checked: rules.map((r) => r.condition) };
}
