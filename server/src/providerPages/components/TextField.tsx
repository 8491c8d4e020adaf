import { Field, Input, type InputProps } from '@fluentui/react-components';
import { ErrorText } from './VisuallyHidden';

/**
 * A labelled text input with an optional hint and error message, under a fixed id (so an
 * error summary can link to it). The message reads "Error: …" to screen readers.
 */
export function TextField({
  id,
  label,
  hint,
  error,
  required,
  value,
  onChange,
  inputProps,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  value: string;
  onChange: (value: string) => void;
  inputProps?: Omit<InputProps, 'id' | 'value' | 'onChange'>;
}) {
  return (
    <Field
      data-field={id}
      label={{ children: label, htmlFor: id }}
      hint={hint}
      required={required}
      validationState={error ? 'error' : 'none'}
      validationMessage={error ? <ErrorText message={error} /> : undefined}
    >
      <Input id={id} value={value} onChange={(_, d) => onChange(d.value)} {...inputProps} />
    </Field>
  );
}
