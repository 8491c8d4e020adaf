import {
  Button,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Select,
  Subtitle2,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMemo, useState, type FormEvent } from 'react';
import {
  issuesByField,
  responseSchema,
  targetsOf,
} from '../../../../shared/src/contract/scenarioResponse';
import {
  COST_UNIT_LABELS,
  COST_UNITS,
  POSITION_LABELS,
  POSITIONS,
  type CostUnit,
  type PublicScenario,
} from '../../../../shared/src/contract/scenarioView';
import { rowLabel } from './format';

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    maxWidth: '720px',
  },
  grid: {
    display: 'grid',
    gap: tokens.spacingHorizontalM,
    gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))',
  },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  fieldset: {
    border: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
  legend: { padding: 0 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

interface CommentDraft {
  target: string;
  text: string;
}
interface EvidenceDraft {
  target: string;
  description: string;
  amount: string;
  unit: CostUnit;
}

/** "ld/2" → {category: "ld", band: "2"}; "" → neither (a general comment). */
function splitTarget(target: string): { category: string | null; band: string | null } {
  if (!target) return { category: null, band: null };
  const [category = null, band = null] = target.split('/');
  return { category, band };
}

interface ServerError {
  error?: { code?: string; message?: string; path?: Array<string | number> };
}

export function ResponseForm({ view, postUrl }: { view: PublicScenario; postUrl: string }) {
  const s = useStyles();
  const schema = useMemo(() => responseSchema(targetsOf(view.rows)), [view.rows]);
  const targets = useMemo(() => {
    const out: Array<{ value: string; label: string }> = [
      { value: '', label: 'The proposal as a whole' },
    ];
    const seen = new Set<string>();
    for (const row of view.rows) {
      if (row.band !== null && !seen.has(row.category)) {
        out.push({ value: row.category, label: `${row.categoryName} (all bands)` });
        seen.add(row.category);
      }
      out.push({ value: row.key, label: rowLabel(row) });
    }
    return out;
  }, [view.rows]);

  const [organisationName, setOrganisationName] = useState('');
  const [contactName, setContactName] = useState('');
  const [contactEmail, setContactEmail] = useState('');
  const [cqcLocationId, setCqcLocationId] = useState('');
  const [position, setPosition] = useState('');
  const [comments, setComments] = useState<CommentDraft[]>([{ target: '', text: '' }]);
  const [evidence, setEvidence] = useState<EvidenceDraft[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<'editing' | 'sending' | 'sent'>('editing');
  const [reference, setReference] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);

  const err = (key: string) => errors[key];
  const fieldState = (key: string) => (errors[key] ? ('error' as const) : ('none' as const));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const body = {
      organisationName,
      contactName,
      contactEmail,
      cqcLocationId,
      position,
      comments: comments
        .filter((c) => c.text.trim() !== '')
        .map((c) => ({ ...splitTarget(c.target), text: c.text })),
      costEvidence: evidence.map((x) => ({
        ...splitTarget(x.target),
        description: x.description,
        amount: x.amount.trim().replace(/^£/, '').replace(/,/g, ''),
        unit: x.unit,
      })),
    };
    const checked = schema.safeParse(body);
    if (!checked.success) {
      setErrors(remapCommentIndexes(issuesByField(checked.error), comments));
      setFormError('Please correct the highlighted fields.');
      return;
    }
    setErrors({});
    setStatus('sending');
    try {
      const res = await fetch(postUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const payload = (await res.json().catch(() => ({}))) as ServerError & { id?: string };
      if (res.ok) {
        setReference(payload.id ?? null);
        setStatus('sent');
        return;
      }
      const path = payload.error?.path?.join('.');
      if (path)
        setErrors(
          remapCommentIndexes({ [path]: payload.error?.message ?? 'not accepted' }, comments),
        );
      setFormError(payload.error?.message ?? `The response was not accepted (${res.status}).`);
    } catch {
      setFormError('The response could not be sent. Check your connection and try again.');
    }
    setStatus('editing');
  }

  if (status === 'sent') {
    return (
      <MessageBar intent="success" role="status">
        <MessageBarBody>
          <MessageBarTitle>Thank you: your response has been received.</MessageBarTitle>
          {reference ? `Your reference is ${reference}.` : null}
        </MessageBarBody>
      </MessageBar>
    );
  }

  return (
    <form className={s.form} onSubmit={submit} noValidate aria-label="Your response">
      {formError ? (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{formError}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={s.grid}>
        <Field
          label="Organisation name"
          required
          validationState={fieldState('organisationName')}
          validationMessage={err('organisationName')}
        >
          <Input
            name="organisationName"
            value={organisationName}
            onChange={(_, d) => setOrganisationName(d.value)}
            autoComplete="organization"
          />
        </Field>
        <Field
          label="Contact name"
          required
          validationState={fieldState('contactName')}
          validationMessage={err('contactName')}
        >
          <Input
            name="contactName"
            value={contactName}
            onChange={(_, d) => setContactName(d.value)}
            autoComplete="name"
          />
        </Field>
        <Field
          label="Contact email"
          required
          validationState={fieldState('contactEmail')}
          validationMessage={err('contactEmail')}
        >
          <Input
            name="contactEmail"
            type="email"
            value={contactEmail}
            onChange={(_, d) => setContactEmail(d.value)}
            autoComplete="email"
          />
        </Field>
        <Field
          label="CQC location ID (optional)"
          hint="Like 1-123456789"
          validationState={fieldState('cqcLocationId')}
          validationMessage={err('cqcLocationId')}
        >
          <Input
            name="cqcLocationId"
            value={cqcLocationId}
            onChange={(_, d) => setCqcLocationId(d.value)}
          />
        </Field>
      </div>

      <Field
        label="Your position on the proposed rates"
        required
        validationState={fieldState('position')}
        validationMessage={err('position')}
      >
        <RadioGroup
          name="position"
          value={position}
          onChange={(_, d) => setPosition(d.value)}
          layout="horizontal"
        >
          {POSITIONS.map((p) => (
            <Radio key={p} value={p} label={POSITION_LABELS[p]} />
          ))}
        </RadioGroup>
      </Field>

      <fieldset className={s.fieldset}>
        <legend className={s.legend}>
          <Subtitle2>Comments</Subtitle2>
        </legend>
        {comments.map((c, i) => (
          <div className={s.item} key={i}>
            <Field
              label={`Comment ${i + 1} is about`}
              validationState={
                fieldState(`comments.${i}.category`) === 'error' ||
                fieldState(`comments.${i}.band`) === 'error'
                  ? 'error'
                  : 'none'
              }
              validationMessage={err(`comments.${i}.category`) ?? err(`comments.${i}.band`)}
            >
              <Select
                value={c.target}
                onChange={(_, d) =>
                  setComments(comments.map((x, j) => (j === i ? { ...x, target: d.value } : x)))
                }
              >
                {targets.map((t) => (
                  <option key={t.value} value={t.value}>
                    {t.label}
                  </option>
                ))}
              </Select>
            </Field>
            <Field
              label={`Comment ${i + 1}`}
              validationState={fieldState(`comments.${i}.text`)}
              validationMessage={err(`comments.${i}.text`)}
            >
              <Textarea
                name={`comment-${i}`}
                value={c.text}
                resize="vertical"
                onChange={(_, d) =>
                  setComments(comments.map((x, j) => (j === i ? { ...x, text: d.value } : x)))
                }
              />
            </Field>
            {comments.length > 1 ? (
              <Button
                appearance="subtle"
                onClick={() => setComments(comments.filter((_, j) => j !== i))}
              >
                Remove comment {i + 1}
              </Button>
            ) : null}
          </div>
        ))}
        <div className={s.actions}>
          <Button onClick={() => setComments([...comments, { target: '', text: '' }])}>
            Add another comment
          </Button>
        </div>
      </fieldset>

      <fieldset className={s.fieldset}>
        <legend className={s.legend}>
          <Subtitle2>Cost evidence (optional)</Subtitle2>
        </legend>
        {evidence.map((x, i) => {
          const set = (patch: Partial<EvidenceDraft>) =>
            setEvidence(evidence.map((y, j) => (j === i ? { ...y, ...patch } : y)));
          return (
            <div className={s.item} key={i}>
              <div className={s.grid}>
                <Field
                  label={`Cost ${i + 1}: what it is`}
                  validationState={fieldState(`costEvidence.${i}.description`)}
                  validationMessage={err(`costEvidence.${i}.description`)}
                >
                  <Input
                    name={`evidence-${i}-description`}
                    value={x.description}
                    onChange={(_, d) => set({ description: d.value })}
                  />
                </Field>
                <Field
                  label={`Cost ${i + 1}: amount (£)`}
                  validationState={fieldState(`costEvidence.${i}.amount`)}
                  validationMessage={err(`costEvidence.${i}.amount`)}
                >
                  <Input
                    name={`evidence-${i}-amount`}
                    inputMode="decimal"
                    value={x.amount}
                    onChange={(_, d) => set({ amount: d.value })}
                  />
                </Field>
                <Field
                  label={`Cost ${i + 1}: per`}
                  validationState={fieldState(`costEvidence.${i}.unit`)}
                  validationMessage={err(`costEvidence.${i}.unit`)}
                >
                  <Select value={x.unit} onChange={(_, d) => set({ unit: d.value as CostUnit })}>
                    {COST_UNITS.map((u) => (
                      <option key={u} value={u}>
                        {COST_UNIT_LABELS[u]}
                      </option>
                    ))}
                  </Select>
                </Field>
                <Field
                  label={`Cost ${i + 1} applies to`}
                  validationState={fieldState(`costEvidence.${i}.category`)}
                  validationMessage={
                    err(`costEvidence.${i}.category`) ?? err(`costEvidence.${i}.band`)
                  }
                >
                  <Select value={x.target} onChange={(_, d) => set({ target: d.value })}>
                    {targets.map((t) => (
                      <option key={t.value} value={t.value}>
                        {t.label}
                      </option>
                    ))}
                  </Select>
                </Field>
              </div>
              <Button
                appearance="subtle"
                onClick={() => setEvidence(evidence.filter((_, j) => j !== i))}
              >
                Remove cost {i + 1}
              </Button>
            </div>
          );
        })}
        <div className={s.actions}>
          <Button
            onClick={() =>
              setEvidence([
                ...evidence,
                { target: '', description: '', amount: '', unit: 'per-week' },
              ])
            }
          >
            Add a cost figure
          </Button>
        </div>
      </fieldset>

      <div className={s.actions}>
        <Button type="submit" appearance="primary" disabled={status === 'sending'}>
          {status === 'sending' ? 'Sending…' : 'Send response'}
        </Button>
      </div>
    </form>
  );
}

/** Blank comments are dropped before checking; map the checked indexes back to the boxes on screen. */
function remapCommentIndexes(
  errors: Record<string, string>,
  drafts: CommentDraft[],
): Record<string, string> {
  const onScreen = drafts.map((c, i) => (c.text.trim() !== '' ? i : -1)).filter((i) => i >= 0);
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    const m = /^comments\.(\d+)\.(.*)$/.exec(key);
    out[m ? `comments.${onScreen[Number(m[1])] ?? m[1]}.${m[2]}` : key] = message;
  }
  return out;
}
