import { useEffect, useState } from 'react';
import { Button, MessageBar, MessageBarBody, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ServiceError, type CarefeeApi, type ScenarioSummary } from '../services';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, margin: 0, padding: 0, listStyleType: 'none' },
  pre: { whiteSpace: 'pre-wrap', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

/** Flatten a summary object into "key: value" lines; its shape belongs to the scenarios service. */
export function summaryLines(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [`${prefix || 'value'}: ${String(value)}`];
  if (Array.isArray(value)) return value.flatMap((v, i) => summaryLines(v, `${prefix}[${i}]`));
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' ? summaryLines(v, prefix ? `${prefix}.${k}` : k) : [`${prefix ? `${prefix}.${k}` : k}: ${String(v)}`],
  );
}

/** Draft rate scenarios shared with providers, and what providers said about them. */
export function ConsultationsView({ api }: { api: CarefeeApi }) {
  const styles = useStyles();
  const [items, setItems] = useState<ScenarioSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [summaries, setSummaries] = useState<Record<string, string[]>>({});

  useEffect(() => {
    api
      .listScenarios?.()
      .then(setItems)
      .catch((e: Error) => setError(e instanceof ServiceError && e.kind === 'not-found' ? 'This service has no consultations yet.' : e.message));
  }, [api]);

  const show = async (id: string) => {
    try {
      const s = await api.scenarioSummary!(id);
      setSummaries((m) => ({ ...m, [id]: summaryLines(s) }));
    } catch (e) {
      setSummaries((m) => ({ ...m, [id]: [(e as Error).message] }));
    }
  };

  if (error)
    return (
      <MessageBar intent="info">
        <MessageBarBody>{error}</MessageBarBody>
      </MessageBar>
    );
  if (!items) return <Spinner size="tiny" label="Loading consultations…" />;
  if (items.length === 0) return <Text>No scenarios have been shared with providers.</Text>;
  return (
    <ul className={styles.list} aria-label="Consultations">
      {items.map((s) => (
        <li key={s.id}>
          <Text weight="semibold" block>
            {s.title}
          </Text>
          {s.status && <Text size={200} block>{s.status}</Text>}
          <Button size="small" onClick={() => void show(s.id)} aria-label={`Responses to ${s.title}`}>
            Responses
          </Button>
          {summaries[s.id] && <div className={styles.pre}>{summaries[s.id]!.join('\n')}</div>}
        </li>
      ))}
    </ul>
  );
}
