import { useEffect, useMemo, useState, type FormEvent } from 'react';
import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { CardSummary, CarefeeApi, ScenarioSummary } from '../../services';
import { dayEnd, dayFromNow, dayStart } from './format';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

const DRAFTLIKE = new Set(['draft', 'submitted']);

/**
 * A new consultation: an approved card against a draft version of it or a price review
 * (uplift by CPIH and NLW, computed by the service's engine), open between two dates.
 */
export function NewConsultation({
  api,
  onCreated,
  onCancel,
}: {
  api: CarefeeApi;
  onCreated: (s: ScenarioSummary) => void;
  onCancel: () => void;
}) {
  const s = useStyles();
  const [cards, setCards] = useState<CardSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [base, setBase] = useState('');
  const [kind, setKind] = useState<'draft' | 'review'>('review');
  const [draft, setDraft] = useState('');
  const [title, setTitle] = useState('');
  const [reviewYear, setReviewYear] = useState(String(new Date().getFullYear() + 1));
  const [cpih, setCpih] = useState('');
  const [nlw, setNlw] = useState('');
  const [localWage, setLocalWage] = useState('');
  const [opens, setOpens] = useState(dayFromNow(0));
  const [closes, setCloses] = useState(dayFromNow(28));
  const [notes, setNotes] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    api
      .listCards()
      .then((all) => {
        setCards(all);
        const first = all.find((c) => c.status === 'approved');
        if (first) setBase(`${first.id}@${first.version}`);
      })
      .catch((e: Error) => setLoadError(e.message));
  }, [api]);

  const approved = useMemo(() => (cards ?? []).filter((c) => c.status === 'approved'), [cards]);
  const baseCard = approved.find((c) => `${c.id}@${c.version}` === base) ?? null;
  const drafts = useMemo(
    () => (cards ?? []).filter((c) => c.id === baseCard?.id && DRAFTLIKE.has(c.status)),
    [cards, baseCard],
  );
  useEffect(() => {
    setDraft(drafts[0] ? String(drafts[0].version) : '');
    if (baseCard) setTitle(`${baseCard.title}: proposed rates`);
  }, [drafts, baseCard]);

  if (loadError)
    return (
      <MessageBar intent="error">
        <MessageBarBody>{loadError}</MessageBarBody>
      </MessageBar>
    );
  if (!cards) return <Spinner size="tiny" label="Loading cards…" />;
  if (approved.length === 0)
    return (
      <MessageBar intent="info">
        <MessageBarBody>
          A consultation compares against an approved card; this organisation has none yet.
        </MessageBarBody>
      </MessageBar>
    );

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!baseCard) return setError('Choose the approved card to compare against.');
    if (!title.trim()) return setError('Enter a title.');
    if (kind === 'draft' && !draft)
      return setError('This card has no draft version to consult on.');
    if (kind === 'review' && (!cpih.trim() || !nlw.trim()))
      return setError('Enter the CPIH and NLW changes for the price review, like 0.038.');
    if (!opens || !closes || closes < opens)
      return setError('The closing date must be on or after the opening date.');
    setSaving(true);
    try {
      const created = await api.createScenario!({
        title: title.trim(),
        baseCard: { id: baseCard.id, version: baseCard.version },
        proposed:
          kind === 'draft'
            ? { id: baseCard.id, version: Number(draft) }
            : {
                uplift: {
                  reviewYear: Number(reviewYear),
                  cpihChange: cpih.trim(),
                  nlwChange: nlw.trim(),
                  ...(localWage.trim() ? { localWageChange: localWage.trim() } : {}),
                },
              },
        opensAt: dayStart(opens),
        closesAt: dayEnd(closes),
        ...(notes.trim() ? { assumptions: { notes: notes.trim() } } : {}),
      });
      onCreated(created);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className={s.form} onSubmit={submit} aria-label="New consultation" noValidate>
      {error && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      <Field label="Compare against (approved card)">
        <Select value={base} onChange={(_, d) => setBase(d.value)}>
          {approved.map((c) => (
            <option key={`${c.id}@${c.version}`} value={`${c.id}@${c.version}`}>
              {c.title} ({c.id} version {c.version})
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Proposed rates">
        <RadioGroup value={kind} onChange={(_, d) => setKind(d.value as 'draft' | 'review')}>
          <Radio value="review" label="A price review of this card" />
          <Radio
            value="draft"
            label={drafts.length ? 'A draft version of this card' : 'A draft version (none yet)'}
            disabled={drafts.length === 0}
          />
        </RadioGroup>
      </Field>
      {kind === 'draft' ? (
        <Field label="Draft version">
          <Select value={draft} onChange={(_, d) => setDraft(d.value)}>
            {drafts.map((c) => (
              <option key={c.version} value={String(c.version)}>
                Version {c.version} ({c.status})
              </option>
            ))}
          </Select>
        </Field>
      ) : (
        <>
          <Field label="Review year">
            <Input
              value={reviewYear}
              onChange={(_, d) => setReviewYear(d.value)}
              inputMode="numeric"
            />
          </Field>
          <Field label="CPIH change (hotel costs)" hint="A fraction: 0.038 is 3.8%">
            <Input value={cpih} onChange={(_, d) => setCpih(d.value)} inputMode="decimal" />
          </Field>
          <Field label="NLW change (care costs)" hint="A fraction: 0.067 is 6.7%">
            <Input value={nlw} onChange={(_, d) => setNlw(d.value)} inputMode="decimal" />
          </Field>
          <Field label="Local wage change (optional)">
            <Input
              value={localWage}
              onChange={(_, d) => setLocalWage(d.value)}
              inputMode="decimal"
            />
          </Field>
        </>
      )}
      <Field label="Title providers see">
        <Input value={title} onChange={(_, d) => setTitle(d.value)} />
      </Field>
      <Field label="Opens on">
        <Input type="date" value={opens} onChange={(_, d) => setOpens(d.value)} />
      </Field>
      <Field label="Closes at the end of">
        <Input type="date" value={closes} onChange={(_, d) => setCloses(d.value)} />
      </Field>
      <Field label="Notes for providers (optional)">
        <Textarea value={notes} onChange={(_, d) => setNotes(d.value)} />
      </Field>
      <div className={s.actions}>
        <Button type="submit" appearance="primary" disabled={saving}>
          {saving ? 'Creating…' : 'Create consultation'}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
