import { useCallback, useEffect, useState } from 'react';
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
import { ServiceError, type CarefeeApi, type Me, type ScenarioSummary } from '../services';
import type { ExcelActions } from '../excelActions';
import { ConsultationDetail } from './consultations/ConsultationDetail';
import { NewConsultation } from './consultations/NewConsultation';
import { ukDate } from './consultations/format';

export { POSITION_TEXT, positionsLine } from './consultations/format';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
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
  heading: { margin: 0, fontSize: tokens.fontSizeBase400 },
});

const EDITORS = new Set(['editor', 'approver', 'admin']);

/**
 * Consultations run from Excel: make one from an approved card and a draft or a price review,
 * share it through links, watch views and responses arrive, and export the responses.
 */
export function ConsultationsView({
  api,
  me,
  excel = null,
}: {
  api: CarefeeApi;
  me?: Me;
  excel?: ExcelActions | null;
}) {
  const styles = useStyles();
  const [items, setItems] = useState<ScenarioSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const canEdit = !me || EDITORS.has(me.user.role);

  const load = useCallback(() => {
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
  useEffect(load, [load]);

  if (error)
    return (
      <MessageBar intent="info">
        <MessageBarBody>{error}</MessageBarBody>
      </MessageBar>
    );
  if (!items) return <Spinner size="tiny" label="Loading consultations…" />;
  return (
    <div className={styles.root}>
      {canEdit && api.createScenario && !creating && (
        <div>
          <Button appearance="primary" onClick={() => setCreating(true)}>
            New consultation
          </Button>
        </div>
      )}
      {creating && (
        <NewConsultation
          api={api}
          onCancel={() => setCreating(false)}
          onCreated={(s) => {
            setCreating(false);
            setItems([s, ...items.filter((x) => x.id !== s.id)]);
            setOpen(s.id);
          }}
        />
      )}
      {items.length === 0 ? (
        <Text>No rate scenarios have been shared with providers yet.</Text>
      ) : (
        <ul className={styles.list} aria-label="Consultations">
          {items.map((s) => (
            <li key={s.id} className={styles.item}>
              <h2 className={styles.heading}>
                {s.title} {s.status && <Badge appearance="tint">{s.status}</Badge>}
              </h2>
              {(s.opensAt || s.closesAt) && (
                <Text size={200}>
                  Open {ukDate(s.opensAt) || '?'} to {ukDate(s.closesAt) || '?'}
                </Text>
              )}
              {s.baseCard && (
                <Text size={200}>
                  {s.baseCard.id} version {s.baseCard.version}
                  {s.proposed
                    ? ` → proposed ${s.proposed.id}${s.proposed.version ? ` version ${s.proposed.version}` : ' (price review)'}`
                    : ''}
                </Text>
              )}
              <div>
                <Button
                  size="small"
                  onClick={() => setOpen(open === s.id ? null : s.id)}
                  aria-expanded={open === s.id}
                  aria-label={`${open === s.id ? 'Close' : 'Links and responses'} for ${s.title}`}
                >
                  {open === s.id ? 'Close' : 'Links and responses'}
                </Button>
              </div>
              {open === s.id && (
                <ConsultationDetail api={api} scenario={s} canEdit={canEdit} excel={excel} />
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
