import { useCallback, useState } from 'react';
import {
  FluentProvider,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Tab,
  TabList,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { CardSummary, CarefeeApi, FetchedCard, Me, PaneServices } from './services';
import { paneTheme } from './theme';
import { ConnectView } from './components/ConnectView';
import { CardsView } from './components/CardsView';
import { CardDetail } from './components/CardDetail';
import { PriceReview } from './components/PriceReview';
import { ConsultationsView } from './components/ConsultationsView';
import { ProvidersView } from './components/ProvidersView';

const useStyles = makeStyles({
  root: {
    minHeight: '100vh',
    boxSizing: 'border-box',
    padding: tokens.spacingHorizontalM,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    minWidth: '280px',
    backgroundColor: tokens.colorNeutralBackground1,
  },
  header: { display: 'flex', flexDirection: 'column' },
  // One row of tabs, scrolling sideways in a narrow pane rather than wrapping to two.
  tabs: { flexWrap: 'nowrap', overflowX: 'auto', whiteSpace: 'nowrap' },
});

type TabId = 'connect' | 'cards' | 'review' | 'consultations' | 'providers';

export interface AppProps {
  services: PaneServices;
  dark?: boolean;
  /** Why Excel is not available, when known (office.js did not load). */
  previewReason?: string;
}

export function App({ services, dark = false, previewReason }: AppProps) {
  const styles = useStyles();
  const [tab, setTab] = useState<TabId>('connect');
  const [session, setSession] = useState<{ api: CarefeeApi; me: Me } | null>(null);
  const [open, setOpen] = useState<{ fetched: FetchedCard; family: CardSummary[] } | null>(null);
  const [hasScenarios, setHasScenarios] = useState(false);
  const [hasProviders, setHasProviders] = useState(false);
  /** Where the cards list puts focus: the list after connecting, the version left after Back. */
  const [cardsFocus, setCardsFocus] = useState<{ id: string; version: number } | 'list'>('list');

  const onConnected = useCallback((api: CarefeeApi, me: Me) => {
    setSession({ api, me });
    setOpen(null);
    setCardsFocus('list');
    setTab('cards');
    // Consultations only where the service has the scenarios endpoints.
    setHasScenarios(false);
    void api
      .listScenarios?.()
      .then(() => setHasScenarios(true))
      .catch(() => setHasScenarios(false));
    // Providers only where the service keeps the provider record.
    setHasProviders(false);
    void api
      .listProviders?.({ limit: 1 })
      .then(() => setHasProviders(true))
      .catch(() => setHasProviders(false));
  }, []);
  const onDisconnected = useCallback(() => {
    setSession(null);
    setOpen(null);
    setHasScenarios(false);
    setHasProviders(false);
  }, []);

  /** After a draft is saved, the open card's list of versions includes it. */
  const refreshFamily = useCallback(async () => {
    if (!session || !open) return;
    try {
      const all = await session.api.listCards();
      const family = all.filter((c) => c.id === open.fetched.card.id);
      setOpen((current) =>
        current && current.fetched.card.id === open.fetched.card.id
          ? { ...current, family }
          : current,
      );
    } catch {
      // The cards list shows the new version when it is next opened.
    }
  }, [session, open]);

  const connected = session !== null;
  return (
    <FluentProvider theme={paneTheme(dark)}>
      <main className={styles.root}>
        <header className={styles.header}>
          <Text as="h1" size={500} weight="semibold">
            carefee
          </Text>
          <Text size={200}>
            {session
              ? `${session.me.organisation.name} · ${session.me.user.name} (${session.me.user.role})`
              : 'Rate cards for care placements'}
          </Text>
        </header>
        {!services.excel && (
          <MessageBar intent="info">
            <MessageBarBody>
              <MessageBarTitle>Read-only preview</MessageBarTitle>
              {previewReason ?? 'Not running in Excel'}: you can connect, browse cards, view
              schedules and compare versions. Inserting into a workbook needs Excel.
            </MessageBarBody>
          </MessageBar>
        )}
        <TabList
          selectedValue={tab}
          onTabSelect={(_, d) => setTab(d.value as TabId)}
          size="small"
          aria-label="carefee sections"
          className={styles.tabs}
        >
          <Tab value="connect">Connect</Tab>
          <Tab value="cards" disabled={!connected}>
            Cards
          </Tab>
          <Tab value="review" disabled={!connected}>
            Price review
          </Tab>
          {hasScenarios && (
            <Tab value="consultations" disabled={!connected}>
              Consultations
            </Tab>
          )}
          {hasProviders && (
            <Tab value="providers" disabled={!connected}>
              Providers
            </Tab>
          )}
        </TabList>
        {/* Connect stays mounted so its state (and the saved-connection test) survives tab changes. */}
        <div hidden={tab !== 'connect'}>
          <ConnectView
            services={services}
            onConnected={onConnected}
            onDisconnected={onDisconnected}
          />
        </div>
        {session &&
          tab === 'cards' &&
          (open ? (
            <CardDetail
              api={session.api}
              services={services}
              fetched={open.fetched}
              family={open.family}
              onBack={() => {
                setCardsFocus({ id: open.fetched.card.id, version: open.fetched.card.version });
                setOpen(null);
              }}
            />
          ) : (
            <CardsView
              api={session.api}
              onOpen={(fetched, family) => setOpen({ fetched, family })}
              focus={cardsFocus}
            />
          ))}
        {session && tab === 'review' && (
          <PriceReview
            api={session.api}
            me={session.me}
            services={services}
            fetched={open?.fetched ?? null}
            onSaved={() => void refreshFamily()}
          />
        )}
        {session && tab === 'consultations' && (
          <ConsultationsView api={session.api} me={session.me} excel={services.excel} />
        )}
        {session && tab === 'providers' && <ProvidersView api={session.api} services={services} />}
      </main>
    </FluentProvider>
  );
}
