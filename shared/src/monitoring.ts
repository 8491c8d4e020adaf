/**
 * Quality monitoring Nottingham's way (seed 004, "Quality Monitoring Framework"): a framework of
 * indicators, grouped, each with guidance; an annual visit scores every indicator Red, Amber or
 * Green; the visit's outcome follows from the counts by the framework's rule (configurable per
 * framework, documented by `describeOutcomeRule`). Pure: no I/O.
 */
export const RAG = ['Red', 'Amber', 'Green'] as const;
export type Rag = (typeof RAG)[number];

/**
 * The visit outcome rule, as three thresholds on the counts of scored indicators:
 *   Red   when at least `redWhenRedsAtLeast` indicators are Red;
 *   Amber otherwise, when at least `amberWhenRedsAtLeast` are Red or at least
 *         `amberWhenAmbersAtLeast` are Amber;
 *   Green otherwise.
 */
export interface OutcomeRule {
  redWhenRedsAtLeast: number;
  amberWhenRedsAtLeast: number;
  amberWhenAmbersAtLeast: number;
}

/** The example's rule: three Reds make a Red visit; one Red or five Ambers an Amber one. */
export const EXAMPLE_OUTCOME_RULE: OutcomeRule = {
  redWhenRedsAtLeast: 3,
  amberWhenRedsAtLeast: 1,
  amberWhenAmbersAtLeast: 5,
};

export type RagCounts = Record<Rag, number>;

export function countRag(scores: ReadonlyArray<{ rag: Rag }>): RagCounts {
  const counts: RagCounts = { Red: 0, Amber: 0, Green: 0 };
  for (const s of scores) counts[s.rag] += 1;
  return counts;
}

const atLeast = (n: number, what: string) => `${n} or more ${n === 1 ? 'is' : 'are'} ${what}`;

/** The rule in words, as the framework's readers see it. */
export function describeOutcomeRule(rule: OutcomeRule): string {
  return (
    `Red when ${atLeast(rule.redWhenRedsAtLeast, 'Red')}; ` +
    `otherwise Amber when ${atLeast(rule.amberWhenRedsAtLeast, 'Red')} or ${atLeast(rule.amberWhenAmbersAtLeast, 'Amber')}; ` +
    'otherwise Green.'
  );
}

/** A visit's outcome from its scores by the rule, with the reason in words. */
export function visitOutcome(
  counts: RagCounts,
  rule: OutcomeRule,
): { outcome: Rag; reason: string } {
  const tally = `${counts.Red} Red, ${counts.Amber} Amber, ${counts.Green} Green`;
  if (counts.Red >= rule.redWhenRedsAtLeast)
    return { outcome: 'Red', reason: `${tally}: at least ${rule.redWhenRedsAtLeast} Red → Red` };
  if (counts.Red >= rule.amberWhenRedsAtLeast)
    return {
      outcome: 'Amber',
      reason: `${tally}: at least ${rule.amberWhenRedsAtLeast} Red → Amber`,
    };
  if (counts.Amber >= rule.amberWhenAmbersAtLeast)
    return {
      outcome: 'Amber',
      reason: `${tally}: at least ${rule.amberWhenAmbersAtLeast} Amber → Amber`,
    };
  return { outcome: 'Green', reason: `${tally}: below every Amber threshold → Green` };
}

export interface Indicator {
  key: string;
  title: string;
  guidance: string;
}
export interface IndicatorGroup {
  name: string;
  indicators: Indicator[];
}

/**
 * An EXAMPLE framework to start from and edit. Nottingham's framework has 43 indicators that the
 * seed does not list; these twelve are placeholders written for carefee, not an official list.
 */
export const EXAMPLE_FRAMEWORK: {
  name: string;
  groups: IndicatorGroup[];
  outcomeRule: OutcomeRule;
} = {
  name: 'EXAMPLE quality monitoring framework (edit before use)',
  outcomeRule: EXAMPLE_OUTCOME_RULE,
  groups: [
    {
      name: 'Example: the person and their care',
      indicators: [
        {
          key: 'care-plan-current',
          title: 'Example: care plans are current and written with the person',
          guidance: 'Example guidance: look for a review date and the person’s own words.',
        },
        {
          key: 'choice-and-control',
          title: 'Example: people choose how they spend their day',
          guidance: 'Example guidance: ask people; compare with the activities record.',
        },
        {
          key: 'nutrition',
          title: 'Example: food and drink meet each person’s needs',
          guidance: 'Example guidance: check weight monitoring and menus.',
        },
      ],
    },
    {
      name: 'Example: safety',
      indicators: [
        {
          key: 'medicines',
          title: 'Example: medicines are stored and given safely',
          guidance: 'Example guidance: sample the medicine records.',
        },
        {
          key: 'safeguarding',
          title: 'Example: staff know how to raise a safeguarding concern',
          guidance: 'Example guidance: ask two members of staff.',
        },
        {
          key: 'incidents',
          title: 'Example: incidents are recorded and learned from',
          guidance: 'Example guidance: follow one incident to its actions.',
        },
      ],
    },
    {
      name: 'Example: staffing',
      indicators: [
        {
          key: 'staffing-levels',
          title: 'Example: staffing matches the assessed needs',
          guidance: 'Example guidance: compare rotas with the dependency tool.',
        },
        {
          key: 'training',
          title: 'Example: staff training is up to date',
          guidance: 'Example guidance: check the training matrix.',
        },
        {
          key: 'supervision',
          title: 'Example: staff receive regular supervision',
          guidance: 'Example guidance: sample supervision notes.',
        },
      ],
    },
    {
      name: 'Example: leadership',
      indicators: [
        {
          key: 'registered-manager',
          title: 'Example: a registered manager is in post',
          guidance: 'Example guidance: check the CQC registration.',
        },
        {
          key: 'quality-assurance',
          title: 'Example: the home audits its own quality',
          guidance: 'Example guidance: look at the last three audits and their actions.',
        },
        {
          key: 'feedback',
          title: 'Example: people and families are asked for feedback',
          guidance: 'Example guidance: see the latest survey and what changed.',
        },
      ],
    },
  ],
};
