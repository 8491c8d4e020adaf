import {
  Body1,
  Button,
  Caption1,
  Card,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Subtitle1,
  Title2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { usePageTitle } from '../../providerPages/components';
import type { PublicScenario } from '../../../../shared/src/contract/scenarioView';
import { ChartTable } from './ChartTable';
import { Confirmation } from './Confirmation';
import { changeLinkPath, dateTime, parseSharePath } from './format';
import type { ProviderResponseCopy } from './providerResponse';
import { RatesChart } from './RatesChart';
import { RatesTable } from './RatesTable';
import { ResponseForm, type SentResponse } from './ResponseForm';

const useStyles = makeStyles({
  page: {
    boxSizing: 'border-box',
    maxWidth: '1080px',
    margin: '0 auto',
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalL}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXL,
    '@media (max-width: 600px)': {
      padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalS}`,
    },
  },
  header: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  downloads: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  card: { padding: tokens.spacingHorizontalL },
});

function WindowNotice({ view }: { view: PublicScenario }) {
  if (view.status === 'open') {
    return (
      <MessageBar intent="info">
        <MessageBarBody>Responses are welcome until {dateTime(view.closesAt)}.</MessageBarBody>
      </MessageBar>
    );
  }
  if (view.status === 'upcoming') {
    return (
      <MessageBar intent="warning">
        <MessageBarBody>
          <MessageBarTitle>The consultation has not opened yet.</MessageBarTitle>
          You can send a response from {dateTime(view.opensAt)} until {dateTime(view.closesAt)}.
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent="warning">
      <MessageBarBody>
        <MessageBarTitle>This consultation closed on {dateTime(view.closesAt)}.</MessageBarTitle>
        Responses are no longer accepted. The proposed rates remain here for reference.
      </MessageBarBody>
    </MessageBar>
  );
}

export function ScenarioView({
  view,
  base,
  change,
  onSent,
}: {
  view: PublicScenario;
  base: string;
  change?: { token: string; response: ProviderResponseCopy };
  onSent: (sent: SentResponse) => void;
}) {
  const s = useStyles();
  const pageTitle = `${view.title} – proposed care rates`;
  usePageTitle(pageTitle);
  const proposedNote =
    view.proposed.status === 'approved'
      ? ''
      : ' These are proposals for consultation, not approved rates.';
  return (
    <main className={s.page}>
      <header className={s.header}>
        <Caption1>{view.commissioner}</Caption1>
        <Title2 as="h1">{view.title}</Title2>
        <Body1>
          Current rates: {view.current.title}. Proposed rates: {view.proposed.title}.{proposedNote}
        </Body1>
      </header>

      <WindowNotice view={view} />

      <section className={s.section} aria-labelledby="assumptions-heading">
        <Subtitle1 as="h2" id="assumptions-heading">
          How the proposed rates were worked out
        </Subtitle1>
        <ul className={s.list}>
          {view.assumptionText.map((line) => (
            <li key={line}>
              <Body1>{line}</Body1>
            </li>
          ))}
        </ul>
      </section>

      <section className={s.section} aria-labelledby="rates-heading">
        <Subtitle1 as="h2" id="rates-heading">
          Current and proposed weekly rates
        </Subtitle1>
        <RatesTable view={view} labelledBy="rates-heading" />
        <Caption1>
          The weekly fee is the standard fee: the hotel cost plus the care cost for the category and
          band.
        </Caption1>
        <div className={s.downloads}>
          <Link href={`${base}/export.xlsx`} download>
            Download as Excel (.xlsx)
          </Link>
          <Link href={`${base}/export.csv`} download>
            Download as CSV
          </Link>
        </div>
      </section>

      <section className={s.section} aria-labelledby="chart-heading">
        <Subtitle1 as="h2" id="chart-heading">
          Weekly fees compared
        </Subtitle1>
        <Card className={s.card}>
          <RatesChart view={view} />
        </Card>
        <details>
          <summary>Show the chart’s figures as a table</summary>
          <ChartTable view={view} />
        </details>
      </section>

      {view.status === 'open' ? (
        <section className={s.section} aria-labelledby="respond-heading">
          <Subtitle1 as="h2" id="respond-heading" tabIndex={-1}>
            {change ? 'Change your response' : 'Your response'}
          </Subtitle1>
          <Body1>
            {change
              ? `Your reference is ${change.response.reference}. Change any answer, then save: the new answers replace the old ones.`
              : 'Tell us whether you support the proposed rates, and why. Comments can be about the whole proposal or a particular category or band.'}
          </Body1>
          <ResponseForm
            view={view}
            base={base}
            pageTitle={pageTitle}
            change={change}
            onSent={onSent}
          />
        </section>
      ) : null}
    </main>
  );
}

type Load =
  | { state: 'loading' }
  | { state: 'failed'; message: string }
  | {
      state: 'ready';
      view: PublicScenario;
      /** The organisation's response, once sent or when opened through its change link. */
      mine: { token: string; response: ProviderResponseCopy } | null;
      show: 'rates' | 'confirmation';
      outcome: 'sent' | 'changed' | 'opened';
    };

const NOT_VALID =
  'This link is not valid. It may have expired or been withdrawn; please ask the council for a new one.';

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (res.status === 404) throw new Error(NOT_VALID);
  if (!res.ok) throw new Error(`The proposal could not be loaded (${res.status}).`);
  return (await res.json()) as T;
}

/** Fetches the scenario behind this share link (and, on a change link, the response) and shows it. */
export function ProviderPage({ pathname }: { pathname: string }) {
  const { base, changeToken } = parseSharePath(pathname);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    Promise.all([
      getJson<PublicScenario>(`${base}/data`),
      changeToken
        ? getJson<{ response: ProviderResponseCopy }>(`${base}/responses/${changeToken}`)
        : Promise.resolve(null),
    ])
      .then(([view, mine]) => {
        if (!live) return;
        setLoad({
          state: 'ready',
          view,
          mine: mine && changeToken ? { token: changeToken, response: mine.response } : null,
          show: mine ? 'confirmation' : 'rates',
          outcome: 'opened',
        });
      })
      .catch((e: Error) => live && setLoad({ state: 'failed', message: e.message }));
    return () => {
      live = false;
    };
  }, [base, changeToken, attempt]);

  if (load.state === 'loading')
    return <Spinner label="Loading the proposed rates…" style={{ marginTop: 48 }} />;
  if (load.state === 'failed') {
    return (
      <main style={{ maxWidth: 720, margin: '48px auto', padding: 16 }}>
        <h1 style={{ fontSize: 28 }}>The proposal could not be shown</h1>
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{load.message}</MessageBarBody>
        </MessageBar>
        <Button style={{ marginTop: 16 }} onClick={() => setAttempt(attempt + 1)}>
          Try again
        </Button>
      </main>
    );
  }
  const { view, mine } = load;
  const onSent = (sent: SentResponse) => {
    const token = sent.changeToken ?? mine?.token;
    if (!token) return;
    // The address becomes the private change link: reloading shows this confirmation, not a blank form.
    if (sent.changeToken) window.history.replaceState(null, '', changeLinkPath(base, token));
    setLoad({
      ...load,
      mine: { token, response: sent.response },
      show: 'confirmation',
      outcome: sent.changeToken ? 'sent' : 'changed',
    });
  };
  if (load.show === 'confirmation' && mine) {
    return (
      <Confirmation
        view={view}
        response={mine.response}
        changeUrl={`${window.location.origin}${changeLinkPath(base, mine.token)}`}
        outcome={load.outcome}
        onChange={() => {
          setLoad({ ...load, show: 'rates' });
          // Straight to the form, its heading announced.
          setTimeout(() => {
            const heading = document.getElementById('respond-heading');
            heading?.scrollIntoView({ block: 'start' });
            heading?.focus();
          }, 0);
        }}
        onShowRates={() => {
          setLoad({ ...load, show: 'rates' });
          window.scrollTo(0, 0);
        }}
      />
    );
  }
  return <ScenarioView view={view} base={base} change={mine ?? undefined} onSent={onSent} />;
}
