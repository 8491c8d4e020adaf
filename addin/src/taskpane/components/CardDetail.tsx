import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Badge,
  Button,
  Divider,
  Field,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Select,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { feeSchedule } from '../../../../shared/src';
import { diffCards, type CardDiff } from '../../../../shared/src/diff';
import type { CardSummary, CarefeeApi, FetchedCard, PaneServices } from '../services';
import { dateRange, pounds } from '../format';
import { ChcTiersTable, ScheduleTable } from './ScheduleTable';
import { DiffView } from './DiffView';
import { FormulaBuilder } from './FormulaBuilder';
import { AgreementsInsert } from './AgreementsInsert';
import { STATUS_COLOUR } from './CardsView';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  compare: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalS },
});

export const OUTSIDE_EXCEL =
  'Open this pane in Excel to insert into a workbook; in a browser it is a read-only preview.';

type Notice = { intent: 'success' | 'error' | 'info'; text: string } | null;

export interface CardDetailProps {
  api: CarefeeApi;
  services: PaneServices;
  fetched: FetchedCard;
  family: CardSummary[];
  onBack(): void;
}

export function CardDetail({ api, services, fetched, family, onBack }: CardDetailProps) {
  // Keyboard and screen-reader users land on the card they opened, not on the page body.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [fetched.card.id, fetched.card.version]);
  const styles = useStyles();
  const { card, meta } = fetched;
  const rows = useMemo(() => feeSchedule(card), [card]);
  const excel = services.excel;
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [pinned, setPinned] = useState<number | undefined>(() => services.pinning?.get(card.id));
  const others = family.filter((v) => v.version !== card.version);
  const [compareWith, setCompareWith] = useState<string>(
    others[0] ? String(others[0].version) : '',
  );
  const [diff, setDiff] = useState<CardDiff | null>(null);

  const run = async (what: string, action: () => Promise<string>) => {
    setBusy(true);
    setNotice(null);
    try {
      setNotice({ intent: 'success', text: await action() });
    } catch (e) {
      setNotice({ intent: 'error', text: `${what} failed: ${(e as Error).message}` });
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };

  const insertSchedule = () =>
    run('Inserting the schedule', async () => {
      const r = await excel!.insertSchedule(card, meta, (done, total) =>
        setProgress({ done, total }),
      );
      return `Schedule inserted on sheet "${r.sheetName}" (table ${r.tableName}).`;
    });
  const insertTemplate = () =>
    run('Inserting the placements template', async () => {
      const r = await excel!.insertPlacementsTemplate(card);
      return `Placements template inserted on sheet "${r.sheetName}"; its fees are =CARE.FEE formulas.`;
    });
  const pin = () =>
    run('Pinning', async () => {
      await services.pinning!.pin(card.id, card.version);
      setPinned(card.version);
      return `This workbook now prices ${card.id} with version ${card.version}.`;
    });
  const addName = () =>
    run('Adding CAREFEE', async () => {
      const r = await excel!.addCarefeeName();
      if (!r.ok) throw new Error(r.reason);
      return r.existed
        ? 'The workbook already has the CAREFEE name.'
        : 'Added the CAREFEE name: =CAREFEE(card, category, [band], [rating], [date]).';
    });

  const compare = () =>
    run('Comparing', async () => {
      const other = await api.getCard(card.id, Number(compareWith));
      const [older, newer] =
        other.card.version < card.version ? [other.card, card] : [card, other.card];
      setDiff(diffCards(older, newer));
      return `Compared version ${older.version} with version ${newer.version}.`;
    });

  const isPinned = pinned === card.version;
  return (
    <div className={styles.root}>
      <div>
        <Button size="small" appearance="subtle" onClick={onBack}>
          ← All cards
        </Button>
      </div>
      <div>
        <Text as="h2" size={400} weight="semibold" block tabIndex={-1} ref={heading}>
          {card.title}
        </Text>
        <Text block size={200}>
          {card.commissioner} · {card.id} version {card.version}{' '}
          <Badge appearance="tint" color={STATUS_COLOUR[meta.status]}>
            {meta.status}
          </Badge>
        </Text>
        <Text block size={200}>
          {dateRange(card.effectiveFrom, card.effectiveTo)}
          {meta.approvedBy
            ? ` · approved by ${meta.approvedBy}${meta.approvedAt ? ` on ${meta.approvedAt.slice(0, 10)}` : ''}`
            : ''}
        </Text>
        <Text block size={200}>
          Hotel cost {pounds(card.hotelCost)} a week; care cost by category below.
          {isPinned
            ? ' Pinned to this workbook.'
            : pinned !== undefined
              ? ` This workbook is pinned to version ${pinned}.`
              : ''}
        </Text>
      </div>

      <section aria-label="Workbook">
        <div className={styles.actions}>
          <Button
            appearance="primary"
            disabled={!excel || busy}
            onClick={() => void insertSchedule()}
          >
            Insert schedule
          </Button>
          <Button disabled={!excel || busy} onClick={() => void insertTemplate()}>
            Insert placements template
          </Button>
          <Button disabled={!services.pinning || busy || isPinned} onClick={() => void pin()}>
            {isPinned ? 'Pinned' : 'Pin this version'}
          </Button>
          <Button disabled={!excel || busy} onClick={() => void addName()}>
            Add CAREFEE name
          </Button>
        </div>
        <FormulaBuilder card={card} excel={excel} busy={busy} run={run} />
        <AgreementsInsert api={api} card={card} excel={excel} disabled={busy} />
        {!excel && (
          <Text size={200} block>
            {OUTSIDE_EXCEL}
          </Text>
        )}
        {progress && (
          <Field
            label="Writing to the workbook"
            validationState="none"
            validationMessage={`${progress.done} of ${progress.total} rows`}
          >
            <ProgressBar value={progress.total ? progress.done / progress.total : 0} />
          </Field>
        )}
        {notice && (
          <MessageBar intent={notice.intent} role="status">
            <MessageBarBody>{notice.text}</MessageBarBody>
          </MessageBar>
        )}
      </section>

      <ScheduleTable rows={rows} caption={`Weekly fees, ${card.title} version ${card.version}`} />
      <ChcTiersTable card={card} />
      {card.notes && <Text size={200}>{card.notes}</Text>}

      <Divider />
      {others.length > 0 ? (
        <section aria-label="Compare versions">
          <div className={styles.compare}>
            <Field label="Compare with version">
              <Select value={compareWith} onChange={(_, d) => setCompareWith(d.value)}>
                {others.map((v) => (
                  <option key={v.version} value={v.version}>
                    Version {v.version} ({v.status})
                  </option>
                ))}
              </Select>
            </Field>
            <Button disabled={busy} onClick={() => void compare()}>
              Show changes
            </Button>
          </div>
          {diff && <DiffView diff={diff} />}
        </section>
      ) : (
        <Text size={200}>This is the only version of this card.</Text>
      )}
    </div>
  );
}
