import {
  Button,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useMemo, useState, type FormEvent } from 'react';
import {
  CharacterCount,
  ErrorSummary,
  SelectField,
  StackedRadios,
  TextField,
  usePageTitle,
  type SummaryError,
} from '../../providerPages/components';
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
  type Position,
  type PublicScenario,
} from '../../../../shared/src/contract/scenarioView';
import { rowLabel } from './format';
import {
  COMMENT_LIMIT,
  cleanAmount,
  fieldIds,
  messageFor,
  type CommentDraft,
  type EvidenceDraft,
  type ResponseDraft,
} from './responseMessages';
import type { ProviderResponseCopy } from './providerResponse';

const UNIT_OPTIONS = COST_UNITS.map((u) => ({ value: u, label: COST_UNIT_LABELS[u] }));

const useStyles = makeStyles({
  form: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    maxWidth: '720px',
  },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
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
    gap: tokens.spacingVerticalM,
  },
  legend: { padding: 0, marginBottom: tokens.spacingVerticalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

/** "ld/2" → {category: "ld", band: "2"}; "" → neither (a general comment). */
function splitTarget(target: string): { category: string | null; band: string | null } {
  if (!target) return { category: null, band: null };
  const [category = null, band = null] = target.split('/');
  return { category, band };
}
const joinTarget = (category: string | null, band: string | null) =>
  category === null ? '' : band === null ? category : `${category}/${band}`;

interface ServerError {
  error?: { code?: string; message?: string; path?: Array<string | number> };
}

/** The draft a change link starts from: the response as last sent. */
export function draftOf(r: ProviderResponseCopy): ResponseDraft {
  return {
    organisationName: r.organisationName,
    contactName: r.contactName,
    contactEmail: r.contactEmail,
    cqcLocationId: r.cqcLocationId ?? '',
    position: r.position,
    comments: r.comments.length
      ? r.comments.map((c) => ({ target: joinTarget(c.category, c.band), text: c.text }))
      : [{ target: '', text: '' }],
    evidence: r.costEvidence.map((e) => ({
      target: joinTarget(e.category, e.band),
      description: e.description,
      amount: e.amount,
      unit: e.unit,
    })),
  };
}

const EMPTY: ResponseDraft = {
  organisationName: '',
  contactName: '',
  contactEmail: '',
  cqcLocationId: '',
  position: '',
  comments: [{ target: '', text: '' }],
  evidence: [],
};

/** Page order, so the error summary lists errors as the fields come. */
function rank(path: string): number {
  const top = [
    'organisationName',
    'contactName',
    'contactEmail',
    'cqcLocationId',
    'position',
    'comments',
    'costEvidence',
  ];
  const [head = '', index = '0', leaf = ''] = path.split('.');
  const leaves = ['category', 'band', 'text', 'description', 'amount', 'unit'];
  return top.indexOf(head) * 1_000_000 + Number(index) * 100 + leaves.indexOf(leaf);
}

export interface SentResponse {
  response: ProviderResponseCopy;
  /** Only when first sent: the private change link's token. */
  changeToken?: string;
}

/**
 * The provider's response, GOV.UK style: an error summary (focused, linked) and messages by
 * each field; a character count on comments; stacked radios. Sends a new response (POST) or,
 * given a change token, replaces the organisation's response (PUT).
 */
export function ResponseForm({
  view,
  base,
  pageTitle,
  change,
  onSent,
}: {
  view: PublicScenario;
  base: string;
  pageTitle: string;
  change?: { token: string; response: ProviderResponseCopy };
  onSent: (sent: SentResponse) => void;
}) {
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

  const [draft, setDraft] = useState<ResponseDraft>(() =>
    change ? draftOf(change.response) : EMPTY,
  );
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [sending, setSending] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  usePageTitle(pageTitle, errors.length > 0 || formError !== null);

  const set = (patch: Partial<ResponseDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setComment = (i: number, patch: Partial<CommentDraft>) =>
    set({ comments: draft.comments.map((c, j) => (j === i ? { ...c, ...patch } : c)) });
  const setEvidence = (i: number, patch: Partial<EvidenceDraft>) =>
    set({ evidence: draft.evidence.map((e, j) => (j === i ? { ...e, ...patch } : e)) });
  const errorOf = (fieldId: string) => errors.find((e) => e.fieldId === fieldId)?.message;

  /** Problems by field path → messages in page order, comment indexes as on screen. */
  const show = (byPath: Record<string, string>) => {
    const onScreen = draft.comments
      .map((c, i) => (c.text.trim() !== '' ? i : -1))
      .filter((i) => i >= 0);
    const paths = Object.keys(byPath).map((p) => {
      const m = /^comments\.(\d+)\.(.*)$/.exec(p);
      return m ? `comments.${onScreen[Number(m[1])] ?? m[1]}.${m[2]}` : p;
    });
    const out = paths
      .sort((a, b) => rank(a) - rank(b))
      .map((p) => messageFor(p, draft))
      .filter((e): e is SummaryError => e !== null);
    setErrors(out);
    setAttempt((a) => a + 1);
    return out.length;
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFormError(null);
    const body = {
      organisationName: draft.organisationName,
      contactName: draft.contactName,
      contactEmail: draft.contactEmail,
      cqcLocationId: draft.cqcLocationId,
      position: draft.position,
      comments: draft.comments
        .filter((c) => c.text.trim() !== '')
        .map((c) => ({ ...splitTarget(c.target), text: c.text })),
      costEvidence: draft.evidence.map((x) => ({
        ...splitTarget(x.target),
        description: x.description,
        amount: cleanAmount(x.amount),
        unit: x.unit,
      })),
    };
    const checked = schema.safeParse(body);
    if (!checked.success) {
      show(issuesByField(checked.error));
      return;
    }
    setErrors([]);
    setSending(true);
    try {
      const res = await fetch(change ? `${base}/responses/${change.token}` : `${base}/responses`, {
        method: change ? 'PUT' : 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
      });
      const payload = (await res.json().catch(() => ({}))) as ServerError & Partial<SentResponse>;
      if (res.ok && payload.response) {
        onSent({ response: payload.response, changeToken: payload.changeToken });
        return;
      }
      const path = payload.error?.path?.join('.');
      const message = payload.error?.message;
      if (path === 'organisationName' && message) {
        // Already responded: the service's words say where to go; link them to the field.
        setErrors([{ fieldId: fieldIds.organisationName, message }]);
        setAttempt((a) => a + 1);
      } else if (!(path && show({ [path]: message ?? '' }))) {
        setFormError(
          message
            ? `${message[0]!.toUpperCase()}${message.slice(1)}.`
            : `The response was not accepted (${res.status}).`,
        );
      }
    } catch {
      setFormError('The response could not be sent. Check your connection and try again.');
    } finally {
      setSending(false);
    }
  }

  return (
    <form className={s.form} onSubmit={submit} noValidate aria-label="Your response">
      <ErrorSummary errors={errors} attempt={attempt} />
      {formError ? (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{formError}</MessageBarBody>
        </MessageBar>
      ) : null}
      <TextField
        id={fieldIds.organisationName}
        label="Organisation name"
        hint="One response per organisation. If you run several homes, you can mention them in your comments."
        required
        error={errorOf(fieldIds.organisationName)}
        value={draft.organisationName}
        onChange={(v) => set({ organisationName: v })}
        inputProps={{ autoComplete: 'organization' }}
      />
      <TextField
        id={fieldIds.contactName}
        label="Contact name"
        required
        error={errorOf(fieldIds.contactName)}
        value={draft.contactName}
        onChange={(v) => set({ contactName: v })}
        inputProps={{ autoComplete: 'name' }}
      />
      <TextField
        id={fieldIds.contactEmail}
        label="Contact email"
        required
        error={errorOf(fieldIds.contactEmail)}
        value={draft.contactEmail}
        onChange={(v) => set({ contactEmail: v })}
        inputProps={{ type: 'email', autoComplete: 'email', spellCheck: false }}
      />
      <TextField
        id={fieldIds.cqcLocationId}
        label="CQC location ID (optional)"
        hint="It looks like 1-123456789. It is on your CQC registration."
        error={errorOf(fieldIds.cqcLocationId)}
        value={draft.cqcLocationId}
        onChange={(v) => set({ cqcLocationId: v })}
      />

      <StackedRadios<Position>
        id={fieldIds.position}
        label="Your position on the proposed rates"
        required
        error={errorOf(fieldIds.position)}
        options={POSITIONS.map((p) => ({ value: p, label: POSITION_LABELS[p] }))}
        value={draft.position as Position | ''}
        onChange={(v) => set({ position: v })}
      />

      <fieldset className={s.fieldset}>
        <legend className={s.legend}>
          <Subtitle2>Comments</Subtitle2>
        </legend>
        {draft.comments.map((c, i) => (
          <div className={s.item} key={i}>
            <SelectField
              id={fieldIds.commentAbout(i)}
              label={`Comment ${i + 1} is about`}
              error={errorOf(fieldIds.commentAbout(i))}
              value={c.target}
              options={targets}
              onChange={(v) => setComment(i, { target: v })}
            />
            <CharacterCount
              id={fieldIds.comment(i)}
              label={`Comment ${i + 1}`}
              limit={COMMENT_LIMIT}
              error={errorOf(fieldIds.comment(i))}
              value={c.text}
              onChange={(v) => setComment(i, { text: v })}
            />
            {draft.comments.length > 1 ? (
              <div>
                <Button
                  appearance="secondary"
                  onClick={() => set({ comments: draft.comments.filter((_, j) => j !== i) })}
                >
                  Remove comment {i + 1}
                </Button>
              </div>
            ) : null}
          </div>
        ))}
        <div className={s.actions}>
          <Button onClick={() => set({ comments: [...draft.comments, { target: '', text: '' }] })}>
            Add another comment
          </Button>
        </div>
      </fieldset>

      <fieldset className={s.fieldset}>
        <legend className={s.legend}>
          <Subtitle2>Cost evidence (optional)</Subtitle2>
        </legend>
        {draft.evidence.map((x, i) => (
          <div className={s.item} key={i}>
            <TextField
              id={fieldIds.costDescription(i)}
              label={`Cost ${i + 1}: what it is`}
              error={errorOf(fieldIds.costDescription(i))}
              value={x.description}
              onChange={(v) => setEvidence(i, { description: v })}
            />
            <TextField
              id={fieldIds.costAmount(i)}
              label={`Cost ${i + 1}: amount (£)`}
              hint="In pounds and pence, like 812.50"
              error={errorOf(fieldIds.costAmount(i))}
              value={x.amount}
              onChange={(v) => setEvidence(i, { amount: v })}
              inputProps={{ inputMode: 'decimal', spellCheck: false }}
            />
            <SelectField
              id={fieldIds.costUnit(i)}
              label={`Cost ${i + 1}: per`}
              value={x.unit}
              options={UNIT_OPTIONS}
              onChange={(v) => setEvidence(i, { unit: v as CostUnit })}
            />
            <SelectField
              id={fieldIds.costAbout(i)}
              label={`Cost ${i + 1} applies to`}
              error={errorOf(fieldIds.costAbout(i))}
              value={x.target}
              options={targets}
              onChange={(v) => setEvidence(i, { target: v })}
            />
            <div>
              <Button
                appearance="secondary"
                onClick={() => set({ evidence: draft.evidence.filter((_, j) => j !== i) })}
              >
                Remove cost {i + 1}
              </Button>
            </div>
          </div>
        ))}
        <div className={s.actions}>
          <Button
            onClick={() =>
              set({
                evidence: [
                  ...draft.evidence,
                  { target: '', description: '', amount: '', unit: 'per-week' },
                ],
              })
            }
          >
            Add a cost figure
          </Button>
        </div>
      </fieldset>

      <div className={s.actions}>
        <Button type="submit" appearance="primary" size="large" disabled={sending}>
          {sending ? 'Sending…' : change ? 'Save changes' : 'Send response'}
        </Button>
      </div>
    </form>
  );
}
