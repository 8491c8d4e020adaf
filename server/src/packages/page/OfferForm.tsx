/** Make or revise an offer on one requirement: confirm the needs can be met, the weekly cost, answers. */
import { Button, Checkbox, Field, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import {
  ErrorSummary,
  ErrorText,
  StackedRadios,
  TextField,
  youEntered,
  type SummaryError,
} from '../../providerPages/components';
import { ApiError, call, parsePounds, type PortalOffer, type PortalRequirement } from './portalApi';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
});

type YesNo = 'yes' | 'no';
const YES_NO = [
  { value: 'yes' as const, label: 'Yes' },
  { value: 'no' as const, label: 'No' },
];

export const offerFieldIds = (requirementId: string) => ({
  confirm: `offer-${requirementId}-confirm`,
  price: `offer-${requirementId}-price`,
  question: (q: string) => `offer-${requirementId}-q-${q}`,
});

export function OfferForm({
  token,
  requirement,
  onSent,
  onCancel,
  onErrors,
}: {
  token: string;
  requirement: PortalRequirement;
  onSent: (offer: PortalOffer) => void;
  onCancel: () => void;
  /** Tells the page whether errors show, for its "Error: " title prefix. */
  onErrors: (shown: boolean) => void;
}) {
  const styles = useStyles();
  const ids = offerFieldIds(requirement.id);
  const previous = requirement.myOffer;
  const [confirmed, setConfirmed] = useState(previous !== null);
  const [price, setPrice] = useState(previous?.weeklyPrice ?? '');
  const [answers, setAnswers] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      (previous?.answers ?? []).map((a) => [
        a.questionId,
        typeof a.answer === 'boolean' ? (a.answer ? 'yes' : 'no') : a.answer,
      ]),
    ),
  );
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [sending, setSending] = useState(false);
  useEffect(() => onErrors(errors.length > 0), [errors, onErrors]);

  const errorFor = (fieldId: string) => errors.find((e) => e.fieldId === fieldId)?.message;

  function check(): SummaryError[] {
    const found: SummaryError[] = [];
    if (!confirmed)
      found.push({ fieldId: ids.confirm, message: 'Confirm that you can meet these needs' });
    const pounds = parsePounds(price);
    if (price.trim() === '')
      found.push({ fieldId: ids.price, message: 'Enter the weekly cost, like 812.50' });
    else if (pounds === null || Number(pounds) <= 0)
      found.push({
        fieldId: ids.price,
        message: `Weekly cost (£) must be pounds and pence more than zero, like 812.50.${youEntered(price)}`,
      });
    for (const q of requirement.questions) {
      const a = (answers[q.id] ?? '').trim();
      if (q.kind === 'open') continue;
      if (a === '') found.push({ fieldId: ids.question(q.id), message: `Answer “${q.text}”` });
      else if (q.kind === 'mandatory' && a === 'no')
        found.push({
          fieldId: ids.question(q.id),
          message: `You can only offer if the answer to “${q.text}” is yes`,
        });
    }
    return found;
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = check();
    setAttempt((n) => n + 1);
    setErrors(found);
    if (found.length > 0) return;
    setSending(true);
    try {
      const body = {
        confirmsNeeds: true,
        weeklyPrice: parsePounds(price),
        answers: requirement.questions
          .filter((q) => (answers[q.id] ?? '').trim() !== '')
          .map((q) => ({
            questionId: q.id,
            answer: q.kind === 'open' ? answers[q.id]!.trim() : answers[q.id] === 'yes',
          })),
      };
      const { offer } = await call<{ offer: PortalOffer }>(
        token,
        `requirements/${requirement.id}/offer`,
        body,
      );
      onSent(offer);
    } catch (e) {
      setErrors([
        {
          fieldId: ids.price,
          message: e instanceof ApiError ? e.message : 'The offer was not sent',
        },
      ]);
    } finally {
      setSending(false);
    }
  }

  return (
    <form className={styles.form} onSubmit={submit} noValidate>
      <ErrorSummary errors={errors} attempt={attempt} />
      <Field
        validationState={errorFor(ids.confirm) ? 'error' : 'none'}
        validationMessage={
          errorFor(ids.confirm) ? <ErrorText message={errorFor(ids.confirm)!} /> : undefined
        }
      >
        <Checkbox
          id={ids.confirm}
          checked={confirmed}
          onChange={(_e, d) => setConfirmed(d.checked === true)}
          label="We can meet these needs"
        />
      </Field>
      <TextField
        id={ids.price}
        label="Weekly cost (£)"
        hint="The whole cost a week, in pounds and pence, like 812.50"
        required
        value={price}
        onChange={setPrice}
        error={errorFor(ids.price)}
        inputProps={{ inputMode: 'decimal', autoComplete: 'off' }}
      />
      {requirement.questions.map((q) =>
        q.kind === 'open' ? (
          <TextField
            key={q.id}
            id={ids.question(q.id)}
            label={q.text}
            hint="Optional"
            value={answers[q.id] ?? ''}
            onChange={(v) => setAnswers((a) => ({ ...a, [q.id]: v }))}
            error={errorFor(ids.question(q.id))}
          />
        ) : (
          <StackedRadios<YesNo>
            key={q.id}
            id={ids.question(q.id)}
            label={q.text}
            hint={q.kind === 'mandatory' ? 'You must be able to answer yes to offer' : undefined}
            required
            options={YES_NO}
            value={(answers[q.id] as YesNo | undefined) ?? ''}
            onChange={(v) => setAnswers((a) => ({ ...a, [q.id]: v }))}
            error={errorFor(ids.question(q.id))}
          />
        ),
      )}
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={sending}>
          {previous ? 'Send revised offer' : 'Send offer'}
        </Button>
        <Button type="button" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
