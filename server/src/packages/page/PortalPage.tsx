/**
 * The provider portal page (/p/:token): requirements open for offers, agreements waiting for an
 * answer, and service receipts, each with what the provider can do next. All through the portal
 * API; the link is the credential.
 */
import {
  Button,
  MessageBar,
  MessageBarBody,
  Spinner,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ConfirmationPanel, SummaryList, usePageTitle } from '../../providerPages/components';
import { dateTime, pounds } from '../../scenarios/page/format';
import { OfferForm } from './OfferForm';
import { ReasonForm } from './ReasonForm';
import {
  call,
  FREQUENCY,
  longDate,
  needsText,
  RECEIPT_STATUS,
  tokenFrom,
  type PortalAgreement,
  type PortalOffer,
  type PortalReceipt,
  type PortalRequirement,
} from './portalApi';

const useStyles = makeStyles({
  main: {
    maxWidth: '960px',
    margin: '0 auto',
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalL}`,
    color: tokens.colorNeutralForeground1,
    lineHeight: 1.5,
  },
  h1: { fontSize: '2rem', lineHeight: 1.2, margin: `0 0 ${tokens.spacingVerticalL}` },
  h2: { fontSize: '1.5rem', margin: `${tokens.spacingVerticalXXL} 0 ${tokens.spacingVerticalM}` },
  h3: { fontSize: '1.1875rem', margin: `0 0 ${tokens.spacingVerticalS}` },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    marginBottom: tokens.spacingVerticalL,
    background: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
});

interface Portal {
  requirements: PortalRequirement[];
  agreements: PortalAgreement[];
  receipts: PortalReceipt[];
}
type Open = { kind: 'offer' | 'decline' | 'dispute'; id: string } | null;
interface Done {
  title: string;
  referenceLabel: string;
  reference: string;
  body: string;
}

async function load(token: string): Promise<Portal> {
  const [r, a, rc] = await Promise.all([
    call<{ items: PortalRequirement[] }>(token, 'requirements'),
    call<{ items: PortalAgreement[] }>(token, 'agreements'),
    call<{ items: PortalReceipt[] }>(token, 'receipts'),
  ]);
  return { requirements: r.items, agreements: a.items, receipts: rc.items };
}

const shortRef = (id: string) => id.slice(0, 8).toUpperCase();

export function PortalPage({ pathname }: { pathname: string }) {
  const styles = useStyles();
  const token = tokenFrom(pathname);
  const [portal, setPortal] = useState<Portal | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [formErrors, setFormErrors] = useState(false);
  usePageTitle(failure ? 'This link is not valid' : 'Your care packages', formErrors);
  const close = () => {
    setOpen(null);
    setFormErrors(false);
  };

  const refresh = useCallback(
    () =>
      load(token).then(setPortal, (e: Error) => {
        setFailure(e.message);
      }),
    [token],
  );
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const finish = async (d: Done) => {
    close();
    setProblem(null);
    await refresh();
    setDone(d);
  };

  if (failure)
    return (
      <main className={styles.main}>
        <h1 className={styles.h1}>This link is not valid</h1>
        <p>{failure}.</p>
        <p>Ask the council that sent it for a new link.</p>
      </main>
    );
  if (!portal)
    return (
      <main className={styles.main}>
        <h1 className={styles.h1}>Your care packages</h1>
        <Spinner label="Loading your care packages" />
      </main>
    );

  const pending = portal.agreements.filter((a) => a.status === 'pending-acceptance');
  const active = portal.agreements.filter((a) => a.status === 'active');
  const isOpen = (kind: NonNullable<Open>['kind'], id: string) =>
    open?.kind === kind && open.id === id;

  const offerSent = (r: PortalRequirement) => (offer: PortalOffer) =>
    finish({
      title: r.myOffer ? 'Offer revised' : 'Offer sent',
      referenceLabel: 'Weekly cost offered',
      reference: pounds(offer.weeklyPrice),
      body: `You can change it until ${dateTime(r.closesAt)}.`,
    });

  /** A one-click action (accept, submit): a refusal shows as an alert rather than being lost. */
  const run = (action: () => Promise<void>) => () => {
    setDone(null);
    action().catch((e: Error) => setProblem(e.message));
  };

  const respond = async (a: PortalAgreement, accept: boolean, reason?: string) => {
    await call(
      token,
      `agreements/${a.id}/${accept ? 'accept' : 'decline'}`,
      accept ? {} : { reason },
    );
    await finish({
      title: accept ? 'Agreement accepted' : 'Agreement declined',
      referenceLabel: 'Agreement reference',
      reference: shortRef(a.id),
      body: accept
        ? `Care starts on ${longDate(a.startDate)} at ${pounds(a.weeklyPrice)} a week.`
        : 'The council has your reason.',
    });
  };

  const moveReceipt = async (r: PortalReceipt, dispute?: string) => {
    await call(
      token,
      `receipts/${r.id}/${dispute === undefined ? 'submit' : 'dispute'}`,
      dispute === undefined ? {} : { reason: dispute },
    );
    await finish({
      title: dispute === undefined ? 'Receipt submitted' : 'Receipt disputed',
      referenceLabel: 'Receipt reference',
      reference: shortRef(r.id),
      body:
        dispute === undefined
          ? `The council will approve ${pounds(r.amount)} for ${longDate(r.periodStart)} to ${longDate(r.periodEnd)}.`
          : 'The council will look at your reason and contact you.',
    });
  };

  return (
    <main className={styles.main}>
      <h1 className={styles.h1}>Your care packages</h1>
      {done && (
        <ConfirmationPanel
          title={done.title}
          referenceLabel={done.referenceLabel}
          reference={done.reference}
          announceKey={`${done.title}-${done.reference}`}
          headingLevel={2}
        >
          {done.body}
        </ConfirmationPanel>
      )}
      {problem && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}

      <Section
        title="Requirements open for offers"
        empty="There are no requirements open for you to offer on."
      >
        {portal.requirements.map((r) => (
          <article key={r.id} className={styles.item} aria-labelledby={`req-${r.id}`}>
            <h3 className={styles.h3} id={`req-${r.id}`}>
              {r.summary || needsText(r.needs, r.categoryName)}
            </h3>
            <SummaryList
              rows={[
                { key: 'Needs', value: needsText(r.needs, r.categoryName) },
                { key: 'Area', value: r.area },
                { key: 'Starts', value: longDate(r.startDate) },
                { key: 'Ends', value: longDate(r.endDate) },
                { key: 'Offers close', value: dateTime(r.closesAt) },
                ...r.questions.map((q, i) => ({
                  key: `Question ${i + 1}${q.kind === 'mandatory' ? ' (must be yes)' : ''}`,
                  value: q.text,
                })),
                {
                  key: 'Your offer',
                  value: r.myOffer ? `${pounds(r.myOffer.weeklyPrice)} a week` : 'None yet',
                },
              ]}
            />
            {isOpen('offer', r.id) ? (
              <OfferForm
                token={token}
                requirement={r}
                onSent={offerSent(r)}
                onCancel={close}
                onErrors={setFormErrors}
              />
            ) : (
              <div className={styles.actions}>
                <Button appearance="primary" onClick={() => setOpen({ kind: 'offer', id: r.id })}>
                  {r.myOffer ? 'Change your offer' : 'Make an offer'}
                </Button>
              </div>
            )}
          </article>
        ))}
      </Section>

      <Section
        title="Agreements waiting for your answer"
        empty="There are no agreements waiting for your answer."
      >
        {pending.map((a) => (
          <article key={a.id} className={styles.item} aria-labelledby={`agr-${a.id}`}>
            <h3 className={styles.h3} id={`agr-${a.id}`}>
              Agreement {shortRef(a.id)}
            </h3>
            <AgreementRows agreement={a} />
            {isOpen('decline', a.id) ? (
              <ReasonForm
                id={`decline-${a.id}`}
                label="Reason for declining"
                hint="The council will see this"
                action="Decline agreement"
                send={(reason) => respond(a, false, reason)}
                onCancel={close}
                onErrors={setFormErrors}
              />
            ) : (
              <div className={styles.actions}>
                <Button appearance="primary" onClick={run(() => respond(a, true))}>
                  Accept agreement
                </Button>
                <Button onClick={() => setOpen({ kind: 'decline', id: a.id })}>Decline</Button>
              </div>
            )}
          </article>
        ))}
      </Section>

      <Section title="Your agreements" empty="You have no active agreements.">
        {active.map((a) => (
          <article key={a.id} className={styles.item} aria-labelledby={`agr-${a.id}`}>
            <h3 className={styles.h3} id={`agr-${a.id}`}>
              Agreement {shortRef(a.id)}
            </h3>
            <AgreementRows agreement={a} />
          </article>
        ))}
      </Section>

      <Section title="Service receipts" empty="You have no service receipts.">
        {portal.receipts.map((r) => (
          <article key={r.id} className={styles.item} aria-labelledby={`rct-${r.id}`}>
            <h3 className={styles.h3} id={`rct-${r.id}`}>
              {longDate(r.periodStart)} to {longDate(r.periodEnd)}
            </h3>
            <SummaryList
              rows={[
                { key: 'Agreement', value: shortRef(r.agreementId) },
                { key: 'Amount', value: pounds(r.amount) },
                { key: 'Status', value: RECEIPT_STATUS[r.status] ?? r.status },
                ...(r.disputeReason ? [{ key: 'Your reason', value: r.disputeReason }] : []),
              ]}
            />
            {r.status === 'raised' &&
              (isOpen('dispute', r.id) ? (
                <ReasonForm
                  id={`dispute-${r.id}`}
                  label="What is wrong with this receipt"
                  hint="For example, the dates or days of care that are not right"
                  action="Dispute receipt"
                  send={(reason) => moveReceipt(r, reason)}
                  onCancel={close}
                  onErrors={setFormErrors}
                />
              ) : (
                <div className={styles.actions}>
                  <Button appearance="primary" onClick={run(() => moveReceipt(r))}>
                    Submit receipt
                  </Button>
                  <Button onClick={() => setOpen({ kind: 'dispute', id: r.id })}>Dispute</Button>
                </div>
              ))}
          </article>
        ))}
      </Section>
    </main>
  );
}

function Section({
  title,
  empty,
  children,
}: {
  title: string;
  empty: string;
  children: ReactNode[];
}) {
  const styles = useStyles();
  return (
    <section aria-label={title}>
      <h2 className={styles.h2}>{title}</h2>
      {children.length > 0 ? children : <p>{empty}</p>}
    </section>
  );
}

function AgreementRows({ agreement: a }: { agreement: PortalAgreement }) {
  return (
    <SummaryList
      rows={[
        { key: 'Care type', value: a.categoryName },
        { key: 'Starts', value: longDate(a.startDate) },
        { key: 'Ends', value: longDate(a.endDate) },
        { key: 'Weekly cost', value: pounds(a.weeklyPrice) },
        { key: 'Receipts', value: FREQUENCY[a.receiptFrequency] ?? a.receiptFrequency },
      ]}
    />
  );
}
