import { useEffect, useMemo, useState } from 'react';
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  ProgressBar,
  Select,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Decimal, feeSchedule, parseChangeText } from '../../../../shared/src';
import { upliftCard, type UpliftResult } from '../../../../shared/src/uplift';
import {
  PUBLISHED_CHANGE_PLACES,
  REFERENCE_SERIES,
  yearOnYearChange,
  type IndexSeries,
} from '../../../../shared/src/indices';
import type { CarefeeApi, FetchedCard, Me, PaneServices } from '../services';
import { budgetImpact, type BudgetImpact } from '../budget';
import { percent, pounds } from '../format';
import { FigureCell, FigureHeaderCell, FigureTable } from './FigureTable';
import { rowLabel } from './ScheduleTable';
import { OUTSIDE_EXCEL } from './CardDetail';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: {
    display: 'flex',
    gap: tokens.spacingHorizontalS,
    alignItems: 'flex-end',
    flexWrap: 'wrap',
  },
  grow: { flexGrow: 1, minWidth: '120px' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

const EDITOR_ROLES = new Set(['editor', 'approver', 'admin']);

export interface PriceReviewProps {
  api: CarefeeApi;
  me: Me;
  services: PaneServices;
  fetched: FetchedCard | null;
  /** A draft was saved: look the card's versions up again. */
  onSaved?: () => void;
}

type Notice = { intent: 'success' | 'error'; text: string } | null;

type ChangeField = 'cpihChange' | 'nlwChange' | 'localWageChange';
const FIELD_LABELS: Record<ChangeField, string> = {
  cpihChange: 'CPIH',
  nlwChange: 'NLW',
  localWageChange: 'local care wage',
};

/**
 * Where a change came from: a published series (and which values), or typed by hand. A typed
 * figure is the user's assumption, and every result built on it says so.
 */
type Origin = { kind: 'published'; text: string } | { kind: 'assumed' };

/** Above this, or below zero, a change is confirmed before a draft is saved. */
const LARGE_CHANGE = new Decimal('0.2');

/** The change as the engine takes it, or the reason it cannot be read. */
function readChange(text: string, field: ChangeField): { value?: string; error?: string } {
  if (text.trim() === '') return {};
  try {
    return { value: parseChangeText(text, `${FIELD_LABELS[field]} change`, [field]) };
  } catch (e) {
    return { error: `${(e as Error).message}: type 0.031 or 3.1%` };
  }
}

export function PriceReview({ api, me, services, fetched, onSaved }: PriceReviewProps) {
  const styles = useStyles();
  const card = fetched?.card ?? null;
  const startYear = card
    ? Number(card.effectiveFrom.slice(0, 4)) + (card.effectiveFrom.slice(5) >= '04-01' ? 1 : 0)
    : new Date().getFullYear();
  const [reviewYear, setReviewYear] = useState(String(startYear));
  const [cpih, setCpih] = useState('');
  const [nlw, setNlw] = useState('');
  const [localWage, setLocalWage] = useState('');
  const [tables, setTables] = useState<string[]>([]);
  const [table, setTable] = useState('');
  const [budget, setBudget] = useState<BudgetImpact | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [origins, setOrigins] = useState<Partial<Record<ChangeField, Origin>>>({});
  const [seriesErrors, setSeriesErrors] = useState<Partial<Record<ChangeField, string>>>({});
  const [confirming, setConfirming] = useState<string | null>(null);
  const excel = services.excel;
  const typed = (field: ChangeField, set: (v: string) => void) => (value: string) => {
    set(value);
    setOrigins((o) => ({ ...o, [field]: { kind: 'assumed' } }));
    setSeriesErrors((e) => ({ ...e, [field]: undefined }));
    setConfirming(null);
  };
  const changes = {
    cpihChange: readChange(cpih, 'cpihChange'),
    nlwChange: readChange(nlw, 'nlwChange'),
    localWageChange: readChange(localWage, 'localWageChange'),
  };

  useEffect(() => setReviewYear(String(startYear)), [startYear]);
  useEffect(() => {
    if (!excel) return;
    void excel
      .listTables()
      .then((t) => {
        setTables(t);
        setTable((current) => current || (t.find((n) => /placement/i.test(n)) ?? t[0] ?? ''));
      })
      .catch(() => setTables([]));
  }, [excel]);

  // The engine does the review; the pane only shows it. Errors are the engine's, with the field named.
  const { cpihChange, nlwChange, localWageChange } = changes;
  const preview = useMemo(():
    { result: UpliftResult } | { error: string; field?: string } | null => {
    if (!card || !cpihChange.value || !nlwChange.value || localWageChange.error) return null;
    try {
      return {
        result: upliftCard(card, {
          reviewYear: Number(reviewYear),
          cpihChange: cpihChange.value,
          nlwChange: nlwChange.value,
          localWageChange: localWageChange.value,
        }),
      };
    } catch (e) {
      const path = (e as { path?: unknown[] }).path;
      return { error: (e as Error).message, field: path?.length ? String(path[0]) : undefined };
    }
  }, [
    card,
    reviewYear,
    cpihChange.value,
    nlwChange.value,
    localWageChange.value,
    localWageChange.error,
  ]);
  const result = preview && 'result' in preview ? preview.result : null;
  /** The message a field shows: what it cannot read, the engine's refusal, or the series'. */
  const fieldError = (field: ChangeField | 'reviewYear'): string | undefined => {
    if (field !== 'reviewYear' && changes[field].error) return changes[field].error;
    if (preview && 'error' in preview && preview.field === field) return preview.error;
    return field === 'reviewYear' ? undefined : seriesErrors[field];
  };
  /** Changes typed by the user rather than read from a published series: their forecasts. */
  const assumedFields = (['cpihChange', 'nlwChange', 'localWageChange'] as const).filter(
    (f) => changes[f].value !== undefined && origins[f]?.kind !== 'published',
  );
  const assumptions = assumedFields.map((f) => `${FIELD_LABELS[f]} ${percent(changes[f].value)}`);
  useEffect(() => setBudget(null), [result]);

  if (!card || !fetched)
    return <Text>Open a card in Cards first: the review starts from the version you open.</Text>;

  /**
   * The year-on-year change from a series: the service's copy (the organisation may have added
   * values, or a series such as CPIH), else the engine's shipped one. The engine computes it.
   */
  const fromSeries = async (id: string, field: ChangeField, set: (v: string) => void) => {
    setSeriesErrors((e) => ({ ...e, [field]: undefined }));
    setConfirming(null);
    try {
      let series: IndexSeries | undefined;
      try {
        series = await api.indexSeries?.(id);
      } catch {
        series = undefined;
      }
      series ??= REFERENCE_SERIES.get(id);
      if (!series)
        throw new Error(
          `There is no ${id.toUpperCase()} series on this service yet: enter the change by hand.`,
        );
      // Rounded as the change is quoted (one decimal place of a percent), as the papers uplift by it.
      const change = yearOnYearChange(series, Number(reviewYear), PUBLISHED_CHANGE_PLACES);
      set(change.change);
      const how =
        change.fromValue === null || String(series.unit) === 'percent'
          ? `${change.toValue}% in force on ${change.toDate}`
          : `${change.fromValue} → ${change.toValue} (${change.fromDate} to ${change.toDate})`;
      const text = `${series.name}: ${how}, ${percent(change.change)}.`;
      setOrigins((o) => ({ ...o, [field]: { kind: 'published', text } }));
      setNotice({ intent: 'success', text });
    } catch (e) {
      // Not yet published (or no series): said on the field, and the field is left as it was,
      // never filled with last year's figure or a zero.
      setSeriesErrors((errors) => ({ ...errors, [field]: (e as Error).message }));
    }
  };

  const save = () =>
    void run('Saving the draft', async () => {
      setConfirming(null);
      const saved = await api.uplift(card.id, card.version, {
        reviewYear: Number(reviewYear),
        cpihChange: cpihChange.value!,
        nlwChange: nlwChange.value!,
        ...(localWageChange.value ? { localWageChange: localWageChange.value } : {}),
        // The draft card's notes then name them, so the record says what it was built on.
        ...(assumedFields.length ? { assumed: assumedFields } : {}),
      });
      onSaved?.();
      const assumed = assumptions.length
        ? ` It rests on your assumptions: ${assumptions.join(', ')}.`
        : '';
      return `Saved as draft: ${saved.card.id} version ${saved.card.version}. An approver must approve it before it is in force.${assumed}`;
    });

  /** A fall, or a rise above 20%, is asked about before it becomes a draft. */
  const askOrSave = () => {
    const unusual = (['cpihChange', 'nlwChange', 'localWageChange'] as const).filter((f) => {
      const v = changes[f].value;
      return v !== undefined && (new Decimal(v).isNegative() || new Decimal(v).gt(LARGE_CHANGE));
    });
    if (unusual.length === 0) return save();
    setConfirming(
      `${unusual.map((f) => `${FIELD_LABELS[f]} ${percent(changes[f].value)}`).join(' and ')} ${
        unusual.length === 1 ? 'is' : 'are'
      } ${unusual.some((f) => new Decimal(changes[f].value!).isNegative()) ? 'a fall or ' : ''}unusually large. Save this draft anyway?`,
    );
  };

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

  const before = feeSchedule(card);
  const after = result ? feeSchedule(result.card) : null;
  const canEdit = EDITOR_ROLES.has(me.user.role);
  // The service reviews only a published card (approved, or superseded by a later one).
  const reviewable = fetched.meta.status === 'approved' || fetched.meta.status === 'superseded';

  return (
    <div className={styles.root}>
      <Text>
        Price review of <strong>{card.title}</strong> (version {card.version}): hotel cost moves
        with CPIH; care cost with the greater of the National Living Wage and the local care wage.
      </Text>
      <div className={styles.row}>
        <Field
          label="Review year"
          hint="New rates from 1 April"
          className={styles.grow}
          validationMessage={fieldError('reviewYear')}
          validationState={fieldError('reviewYear') ? 'error' : 'none'}
        >
          <Input type="number" value={reviewYear} onChange={(_, d) => setReviewYear(d.value)} />
        </Field>
      </div>
      <div className={styles.row}>
        <Field
          label="CPIH change"
          hint="3.1% or 0.031"
          className={styles.grow}
          validationMessage={fieldError('cpihChange')}
          validationState={fieldError('cpihChange') ? 'error' : 'none'}
        >
          <Input
            inputMode="decimal"
            value={cpih}
            onChange={(_, d) => typed('cpihChange', setCpih)(d.value)}
          />
        </Field>
        <Button onClick={() => void fromSeries('cpih', 'cpihChange', setCpih)}>
          From CPIH series
        </Button>
      </div>
      <div className={styles.row}>
        <Field
          label="NLW change"
          hint="3.1% or 0.031"
          className={styles.grow}
          validationMessage={fieldError('nlwChange')}
          validationState={fieldError('nlwChange') ? 'error' : 'none'}
        >
          <Input
            inputMode="decimal"
            value={nlw}
            onChange={(_, d) => typed('nlwChange', setNlw)(d.value)}
          />
        </Field>
        <Button onClick={() => void fromSeries('nlw', 'nlwChange', setNlw)}>From NLW series</Button>
      </div>
      <Field
        label="Local care wage change (optional)"
        hint="Used when greater than the NLW change"
        validationMessage={fieldError('localWageChange')}
        validationState={fieldError('localWageChange') ? 'error' : 'none'}
      >
        <Input
          inputMode="decimal"
          value={localWage}
          onChange={(_, d) => typed('localWageChange', setLocalWage)(d.value)}
        />
      </Field>

      {preview && 'error' in preview && !preview.field && (
        <MessageBar intent="error">
          <MessageBarBody>{preview.error}</MessageBarBody>
        </MessageBar>
      )}

      {result && after && (
        <section aria-label="Uplift preview">
          <Text block>
            From {result.effectiveFrom}: hotel {pounds(card.hotelCost)} →{' '}
            <strong>{pounds(result.card.hotelCost)}</strong> ({percent(result.hotelChange)}); care
            costs +{percent(result.careChange)} (
            {result.careChangeBasis === 'nlw' ? 'NLW' : 'local care wage'}).
          </Text>
          <Text block size={200}>
            {assumptions.length
              ? `Your assumptions, not published figures: ${assumptions.join(', ')}.`
              : 'Every change is a published figure.'}{' '}
            {(['cpihChange', 'nlwChange'] as const)
              .map((f) => origins[f])
              .filter((o): o is { kind: 'published'; text: string } => o?.kind === 'published')
              .map((o) => o.text)
              .join(' ')}
          </Text>
          <FigureTable size="small" aria-label="Uplifted schedule">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Category</TableHeaderCell>
                <FigureHeaderCell>Care</FigureHeaderCell>
                <FigureHeaderCell>Silver now</FigureHeaderCell>
                <FigureHeaderCell>New</FigureHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {after.map((r, i) => (
                <TableRow key={`${r.category}/${r.band ?? ''}`}>
                  <TableCell>{rowLabel(r)}</TableCell>
                  <FigureCell title={`was ${pounds(before[i]?.care)}`}>{pounds(r.care)}</FigureCell>
                  <FigureCell>{pounds(before[i]?.silver)}</FigureCell>
                  <FigureCell>{pounds(r.silver)}</FigureCell>
                </TableRow>
              ))}
            </TableBody>
          </FigureTable>
          <details>
            <summary>
              <Text size={200}>Every amount that moves ({result.lines.length})</Text>
            </summary>
            <ul aria-label="Every amount that moves">
              {result.lines.map((l) => (
                <li key={l.path.join('.')}>
                  <Text size={200}>
                    {l.label}: {pounds(l.before)} → {pounds(l.after)}
                  </Text>
                </li>
              ))}
            </ul>
          </details>
        </section>
      )}

      {result && (
        <section aria-label="Budget and saving" className={styles.root}>
          {excel ? (
            <div className={styles.row}>
              <Field
                label="Placements table"
                className={styles.grow}
                hint={
                  tables.length
                    ? 'Columns Category, Band, Rating, Weeks'
                    : 'No tables in this workbook'
                }
              >
                <Select
                  value={table}
                  onChange={(_, d) => setTable(d.value)}
                  disabled={tables.length === 0}
                >
                  {tables.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </Select>
              </Field>
              <Button
                disabled={busy || !table}
                onClick={() =>
                  void run('Budget impact', async () => {
                    const impact = budgetImpact(
                      card,
                      result.card,
                      await excel.readPlacements(table),
                    );
                    setBudget(impact);
                    return `Priced ${impact.lines} placements from ${table}.`;
                  })
                }
              >
                Budget impact
              </Button>
            </div>
          ) : (
            <Text size={200}>{OUTSIDE_EXCEL}</Text>
          )}
          {budget && (
            <FigureTable size="small" aria-label="Budget impact">
              <TableBody>
                <TableRow>
                  <TableCell>Current annual cost</TableCell>
                  <FigureCell>{pounds(budget.current)}</FigureCell>
                </TableRow>
                <TableRow>
                  <TableCell>After the review</TableCell>
                  <FigureCell>{pounds(budget.uplifted)}</FigureCell>
                </TableRow>
                <TableRow>
                  <TableCell>Change</TableCell>
                  <FigureCell>{pounds(budget.change)}</FigureCell>
                </TableRow>
              </TableBody>
            </FigureTable>
          )}
          {budget && budget.problems.length > 0 && (
            <MessageBar intent="warning">
              <MessageBarBody>
                {budget.problems.length} lines could not be priced, e.g. row{' '}
                {budget.problems[0]!.row}: {budget.problems[0]!.message}
              </MessageBarBody>
            </MessageBar>
          )}
          <div className={styles.actions}>
            <Button
              disabled={!excel || busy}
              onClick={() =>
                void run('Writing the review', async () => {
                  const r = await excel!.insertPriceReview(
                    {
                      current: card,
                      uplifted: result.card,
                      reviewYear: Number(reviewYear),
                      cpihChange: result.hotelChange,
                      careChange: result.careChange,
                      budget: budget
                        ? {
                            tableName: table,
                            current: budget.current,
                            uplifted: budget.uplifted,
                            change: budget.change,
                            lines: budget.lines,
                          }
                        : null,
                    },
                    (done, total) => setProgress({ done, total }),
                  );
                  return `Review written to sheet "${r.sheetName}".`;
                })
              }
            >
              Write review sheet
            </Button>
            <Button
              appearance="primary"
              disabled={!canEdit || !reviewable || busy}
              onClick={askOrSave}
            >
              Save as draft card
            </Button>
          </div>
          {confirming && (
            <MessageBar intent="warning" role="alert">
              <MessageBarBody>{confirming}</MessageBarBody>
              <MessageBarActions>
                <Button appearance="primary" onClick={save}>
                  Save anyway
                </Button>
                <Button onClick={() => setConfirming(null)}>Cancel</Button>
              </MessageBarActions>
            </MessageBar>
          )}
          {!canEdit && (
            <Text size={200}>Saving a draft needs the editor role; you are a {me.user.role}.</Text>
          )}
          {canEdit && !reviewable && (
            <Text size={200}>
              This version is {fetched.meta.status}: a price review saved to the service starts from
              an approved version.
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
        </section>
      )}
      {notice && (
        <MessageBar intent={notice.intent} role="status">
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
