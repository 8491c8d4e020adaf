import { useEffect, useState } from 'react';
import {
  Badge,
  Button,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import {
  ServiceError,
  type CarefeeApi,
  type ConsultationPosition,
  type ResponseSummary,
  type ScenarioSummary,
} from '../services';

const useStyles = makeStyles({
  list: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    margin: 0,
    padding: 0,
    listStyleType: 'none',
  },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingBottom: tokens.spacingVerticalS,
  },
  comments: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

export const POSITION_TEXT: Record<ConsultationPosition, string> = {
  support: 'support',
  'support-with-changes': 'support with changes',
  oppose: 'oppose',
};

export function positionsLine(positions: Record<ConsultationPosition, number>): string {
  return (Object.keys(POSITION_TEXT) as ConsultationPosition[])
    .map((p) => `${POSITION_TEXT[p]} ${positions[p] ?? 0}`)
    .join(', ');
}

function SummaryView({ summary }: { summary: ResponseSummary }) {
  const styles = useStyles();
  const commented = summary.rows.filter((r) => r.comments.length > 0);
  return (
    <div>
      <Text block>
        {summary.responses} {summary.responses === 1 ? 'response' : 'responses'}:{' '}
        {positionsLine(summary.positions)}
      </Text>
      {commented.map((row) => (
        <div key={row.key}>
          <Text block weight="semibold" size={200}>
            {row.key === 'general'
              ? 'General'
              : `${row.categoryName ?? row.key}${row.band ? `, band ${row.band}` : ''}`}
          </Text>
          <ul className={styles.comments}>
            {row.comments.map((c) => (
              <li key={`${c.responseId}:${c.text.slice(0, 20)}`}>
                <Text size={200}>
                  {c.organisationName} ({POSITION_TEXT[c.position] ?? c.position}): {c.text}
                </Text>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

/** Draft rate scenarios shared with providers, and what providers said about them. */
export function ConsultationsView({ api }: { api: CarefeeApi }) {
  const styles = useStyles();
  const [items, setItems] = useState<ScenarioSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [summaries, setSummaries] = useState<Record<string, ResponseSummary | string>>({});

  useEffect(() => {
    api
      .listScenarios?.()
      .then(setItems)
      .catch((e: Error) =>
        setError(
          e instanceof ServiceError && e.kind === 'not-found'
            ? 'This service has no consultations.'
            : e.message,
        ),
      );
  }, [api]);

  const show = async (id: string) => {
    try {
      const s = await api.scenarioSummary!(id);
      setSummaries((m) => ({ ...m, [id]: s }));
    } catch (e) {
      setSummaries((m) => ({ ...m, [id]: (e as Error).message }));
    }
  };

  if (error)
    return (
      <MessageBar intent="info">
        <MessageBarBody>{error}</MessageBarBody>
      </MessageBar>
    );
  if (!items) return <Spinner size="tiny" label="Loading consultations…" />;
  if (items.length === 0)
    return <Text>No rate scenarios have been shared with providers yet.</Text>;
  return (
    <ul className={styles.list} aria-label="Consultations">
      {items.map((s) => {
        const summary = summaries[s.id];
        return (
          <li key={s.id} className={styles.item}>
            <Text weight="semibold">
              {s.title} {s.status && <Badge appearance="tint">{s.status}</Badge>}
            </Text>
            {(s.opensAt || s.closesAt) && (
              <Text size={200}>
                Open {s.opensAt?.slice(0, 10) ?? '?'} to {s.closesAt?.slice(0, 10) ?? '?'}
              </Text>
            )}
            {s.baseCard && (
              <Text size={200}>
                {s.baseCard.id} version {s.baseCard.version}
                {s.proposed
                  ? ` → proposed ${s.proposed.id}${s.proposed.version ? ` version ${s.proposed.version}` : ''}`
                  : ''}
              </Text>
            )}
            <div>
              <Button
                size="small"
                onClick={() => void show(s.id)}
                aria-label={`Responses to ${s.title}`}
              >
                Responses
              </Button>
            </div>
            {typeof summary === 'string' && <Text size={200}>{summary}</Text>}
            {summary && typeof summary !== 'string' && <SummaryView summary={summary} />}
          </li>
        );
      })}
    </ul>
  );
}
