/** Ask for a reason before a refusal (declining an agreement, disputing a receipt). */
import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import { ErrorSummary, TextField, type SummaryError } from '../../providerPages/components';
import { ApiError } from './portalApi';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  actions: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalM },
});

export function ReasonForm({
  id,
  label,
  hint,
  action,
  send,
  onCancel,
  onErrors,
}: {
  id: string;
  label: string;
  hint: string;
  action: string;
  send: (reason: string) => Promise<void>;
  onCancel: () => void;
  /** Tells the page whether errors show, for its "Error: " title prefix. */
  onErrors: (shown: boolean) => void;
}) {
  const styles = useStyles();
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [sending, setSending] = useState(false);
  useEffect(() => onErrors(errors.length > 0), [errors, onErrors]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    if (reason.trim() === '') {
      setErrors([{ fieldId: id, message: `Enter ${label.toLowerCase()}` }]);
      return;
    }
    setErrors([]);
    setSending(true);
    try {
      await send(reason.trim());
    } catch (e) {
      setErrors([{ fieldId: id, message: e instanceof ApiError ? e.message : 'Not sent' }]);
    } finally {
      setSending(false);
    }
  }

  return (
    <form className={styles.form} onSubmit={submit} noValidate>
      <ErrorSummary errors={errors} attempt={attempt} />
      <TextField
        id={id}
        label={label}
        hint={hint}
        required
        value={reason}
        onChange={setReason}
        error={errors[0]?.message}
      />
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={sending}>
          {action}
        </Button>
        <Button type="button" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
