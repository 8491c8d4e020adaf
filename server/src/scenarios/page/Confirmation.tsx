import { Body1, Button, Link, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { ConfirmationPanel, SummaryList, usePageTitle } from '../../providerPages/components';
import {
  COST_UNIT_LABELS,
  POSITION_LABELS,
  type PublicScenario,
} from '../../../../shared/src/contract/scenarioView';
import { dateTime, pounds, rowLabel } from './format';
import type { ProviderResponseCopy } from './providerResponse';

const useStyles = makeStyles({
  page: {
    boxSizing: 'border-box',
    maxWidth: '720px',
    margin: '0 auto',
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalL}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    '@media (max-width: 600px)': {
      padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    },
  },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  link: { overflowWrap: 'anywhere' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
});

/**
 * After sending (or opening the private change link): the confirmation panel with the
 * reference, what happens next, the private link to change the response, and the answers.
 */
export function Confirmation({
  view,
  response,
  changeUrl,
  outcome,
  onChange,
  onShowRates,
}: {
  view: PublicScenario;
  response: ProviderResponseCopy;
  changeUrl: string;
  /** Just sent, just changed, or opened again through the change link. */
  outcome: 'sent' | 'changed' | 'opened';
  onChange: () => void;
  onShowRates: () => void;
}) {
  const s = useStyles();
  const open = view.status === 'open';
  const title =
    outcome === 'sent'
      ? 'Response sent'
      : outcome === 'changed'
        ? 'Response changed'
        : 'Your response';
  usePageTitle(`${title} – ${view.title}`);
  const [copied, setCopied] = useState(false);
  const label = (category: string | null, band: string | null) => {
    if (category === null) return 'The proposal as a whole';
    const row = view.rows.find(
      (r) => r.category === category && (band === null || r.band === band),
    );
    if (!row) return band ? `${category} ${band}` : category;
    return band === null && row.band !== null ? `${row.categoryName} (all bands)` : rowLabel(row);
  };
  return (
    <main className={s.page}>
      <ConfirmationPanel
        title={title}
        reference={response.reference}
        announceKey={`${outcome}:${response.updatedAt}`}
      >
        <div>
          {outcome === 'opened'
            ? `Last changed ${dateTime(response.updatedAt)}`
            : `${view.commissioner} has your response to “${view.title}”`}
        </div>
      </ConfirmationPanel>

      <section className={s.section} aria-labelledby="next-heading">
        <Subtitle1 as="h2" id="next-heading">
          What happens next
        </Subtitle1>
        <Body1>
          {view.commissioner} will read every response after the consultation closes on{' '}
          {dateTime(view.closesAt)}, and may contact {response.contactName} at{' '}
          {response.contactEmail} about it. Your organisation is counted once, with the answers you
          last sent.
        </Body1>
      </section>

      <section className={s.section} aria-labelledby="change-heading">
        <Subtitle1 as="h2" id="change-heading">
          {open ? 'Change your response' : 'Changing your response'}
        </Subtitle1>
        {open ? (
          <>
            <Body1>
              You can change your response until {dateTime(view.closesAt)} with this private link.
              Keep it safe: anyone with it can change your response. This page’s address is the
              link, so you can also bookmark it.
            </Body1>
            <Link className={s.link} href={changeUrl} data-testid="change-link">
              {changeUrl}
            </Link>
            <div className={s.actions}>
              <Button appearance="primary" onClick={onChange}>
                Change your response
              </Button>
              <Button
                onClick={() => {
                  void navigator.clipboard?.writeText(changeUrl).then(() => setCopied(true));
                }}
              >
                {copied ? 'Link copied' : 'Copy the private link'}
              </Button>
            </div>
          </>
        ) : (
          <Body1>
            The consultation closed on {dateTime(view.closesAt)}: responses can no longer be
            changed.
          </Body1>
        )}
      </section>

      <section className={s.section} aria-labelledby="answers-heading">
        <Subtitle1 as="h2" id="answers-heading">
          Your answers
        </Subtitle1>
        <SummaryList
          rows={[
            { key: 'Organisation name', value: response.organisationName },
            { key: 'Contact name', value: response.contactName },
            { key: 'Contact email', value: response.contactEmail },
            { key: 'CQC location ID', value: response.cqcLocationId ?? 'Not given' },
            { key: 'Your position', value: POSITION_LABELS[response.position] },
            ...response.comments.map((c, i) => ({
              key: `Comment ${i + 1} (${label(c.category, c.band)})`,
              value: c.text,
            })),
            ...response.costEvidence.map((e, i) => ({
              key: `Cost ${i + 1} (${label(e.category, e.band)})`,
              value: `${e.description}: ${pounds(e.amount)} ${COST_UNIT_LABELS[e.unit]}`,
            })),
          ]}
        />
      </section>
      <div>
        <Link as="button" onClick={onShowRates}>
          See the proposed rates again
        </Link>
      </div>
    </main>
  );
}
