import { Field, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { count } from './messages';
import { ErrorText, VisuallyHidden } from './VisuallyHidden';

const useStyles = makeStyles({
  info: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase300 },
  over: { color: tokens.colorPaletteRedForeground3, fontWeight: tokens.fontWeightSemibold },
});

/** "You have 4,990 characters remaining" / "You have 12 characters too many", as GOV.UK words it. */
export function remainingText(length: number, limit: number): string {
  const left = limit - length;
  if (left >= 0) return `You have ${count(left)} character${left === 1 ? '' : 's'} remaining`;
  return `You have ${count(-left)} character${left === -1 ? '' : 's'} too many`;
}

/**
 * GOV.UK's character count: a textarea whose limit is shown before anyone types, with the
 * count left (or over) updated as they type. Over the limit is allowed while typing (nothing
 * typed is cut off) and reported as an error on sending. Screen readers hear the count after a
 * pause in typing, not every keystroke.
 */
export function CharacterCount({
  id,
  label,
  hint,
  error,
  limit,
  value,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  limit: number;
  value: string;
  onChange: (value: string) => void;
}) {
  const s = useStyles();
  const text = remainingText(value.length, limit);
  const [announced, setAnnounced] = useState(text);
  useEffect(() => {
    const t = setTimeout(() => setAnnounced(text), 1000);
    return () => clearTimeout(t);
  }, [text]);
  return (
    <div data-field={id}>
      <Field
        label={{ children: label, htmlFor: id }}
        hint={hint ?? `You can enter up to ${count(limit)} characters`}
        validationState={error ? 'error' : 'none'}
        validationMessage={error ? <ErrorText message={error} /> : undefined}
      >
        <Textarea
          id={id}
          value={value}
          resize="vertical"
          rows={5}
          onChange={(_, d) => onChange(d.value)}
          aria-describedby={`${id}-count`}
        />
      </Field>
      <div id={`${id}-count`} className={value.length > limit ? s.over : s.info} aria-hidden>
        {text}
      </div>
      <VisuallyHidden>
        <span aria-live="polite">{announced === remainingText(0, limit) ? '' : announced}</span>
      </VisuallyHidden>
    </div>
  );
}
