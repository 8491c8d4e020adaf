import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Badge,
  Button,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
  type BadgeProps,
} from '@fluentui/react-components';
import type { CardStatus, CardSummary, CarefeeApi, FetchedCard } from '../services';
import { dateRange } from '../format';

const useStyles = makeStyles({
  families: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  versions: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  version: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    justifyContent: 'space-between',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingBottom: tokens.spacingVerticalXS,
  },
  meta: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  header: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
  },
});

export const STATUS_COLOUR: Record<CardStatus, BadgeProps['color']> = {
  draft: 'informative',
  submitted: 'warning',
  approved: 'success',
  superseded: 'subtle',
  withdrawn: 'danger',
};

export interface Family {
  id: string;
  title: string;
  commissioner: string;
  versions: CardSummary[];
}

/** Every version of every card, grouped by family, newest version first. */
export function groupFamilies(items: readonly CardSummary[]): Family[] {
  const byId = new Map<string, CardSummary[]>();
  for (const item of items) byId.set(item.id, [...(byId.get(item.id) ?? []), item]);
  return [...byId.entries()]
    .map(([id, versions]) => {
      const sorted = [...versions].sort((a, b) => b.version - a.version);
      const newest = sorted[0]!;
      return { id, title: newest.title, commissioner: newest.commissioner, versions: sorted };
    })
    .sort((a, b) => a.title.localeCompare(b.title));
}

export interface CardsViewProps {
  api: CarefeeApi;
  onOpen(card: FetchedCard, family: CardSummary[]): void;
  /** Where focus goes once the list shows: back to the version just left, or the list. */
  focus?: { id: string; version: number } | 'list';
}

export function CardsView({ api, onOpen, focus }: CardsViewProps) {
  const list = useRef<HTMLUListElement>(null);
  const [items, setItems] = useState<CardSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    setError(null);
    api
      .listCards()
      .then((list) => live && setItems(list))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [api, reload]);

  const families = useMemo(() => groupFamilies(items ?? []), [items]);

  const open = async (summary: CardSummary, family: Family) => {
    const key = `${summary.id}@${summary.version}`;
    setOpening(key);
    setError(null);
    try {
      onOpen(await api.getCard(summary.id, summary.version), family.versions);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setOpening(null);
    }
  };

  if (error) {
    return (
      <MessageBar intent="error">
        <MessageBarBody>
          {error}{' '}
          <Button size="small" onClick={() => setReload((n) => n + 1)}>
            Retry
          </Button>
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (items === null) return <Spinner size="tiny" label="Loading rate cards…" />;
  return <CardList families={families} list={list} focus={focus} opening={opening} open={open} />;
}

function CardList({
  families,
  list,
  focus,
  opening,
  open,
}: {
  families: Family[];
  list: React.RefObject<HTMLUListElement>;
  focus: CardsViewProps['focus'];
  opening: string | null;
  open: (v: CardSummary, family: Family) => Promise<void>;
}) {
  const styles = useStyles();
  useEffect(() => {
    if (!focus || !list.current) return;
    const target =
      focus === 'list'
        ? list.current
        : list.current.querySelector<HTMLElement>(`[data-version="${focus.id}@${focus.version}"]`);
    (target ?? list.current).focus();
  }, [focus, list]);
  if (families.length === 0) return <Text>Your organisation has no rate cards yet.</Text>;
  return (
    <ul className={styles.families} aria-label="Rate cards" tabIndex={-1} ref={list}>
      {families.map((family) => (
        <li key={family.id}>
          <section aria-label={family.title}>
            <div className={styles.header}>
              <Text weight="semibold">{family.title}</Text>
            </div>
            <Text size={200}>
              {family.commissioner} · {family.id}
            </Text>
            <ul className={styles.versions} aria-label={`Versions of ${family.title}`}>
              {family.versions.map((v) => (
                <li key={v.version} className={styles.version}>
                  <div className={styles.meta}>
                    <Text>
                      Version {v.version}{' '}
                      <Badge appearance="tint" color={STATUS_COLOUR[v.status]}>
                        {v.status}
                      </Badge>
                    </Text>
                    <Text size={200}>{dateRange(v.effectiveFrom, v.effectiveTo)}</Text>
                    {v.approvedBy && (
                      <Text size={200}>
                        Approved by {v.approvedBy}
                        {v.approvedAt ? ` on ${v.approvedAt.slice(0, 10)}` : ''}
                      </Text>
                    )}
                  </div>
                  <Button
                    size="small"
                    onClick={() => void open(v, family)}
                    disabled={opening !== null}
                    aria-label={`View ${family.title} version ${v.version}`}
                    data-version={`${v.id}@${v.version}`}
                  >
                    {opening === `${v.id}@${v.version}` ? 'Opening…' : 'View'}
                  </Button>
                </li>
              ))}
            </ul>
          </section>
        </li>
      ))}
    </ul>
  );
}
