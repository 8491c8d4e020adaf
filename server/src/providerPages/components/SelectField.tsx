import { Field, Select } from '@fluentui/react-components';
import { ErrorText } from './VisuallyHidden';

/**
 * A labelled drop-down with an optional error message, under a fixed id (so an error summary
 * can link to it): TextField's twin for a choice from a list.
 */
export function SelectField({
  id,
  label,
  error,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  error?: string;
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  onChange: (value: string) => void;
}) {
  return (
    <Field
      data-field={id}
      label={{ children: label, htmlFor: id }}
      validationState={error ? 'error' : 'none'}
      validationMessage={error ? <ErrorText message={error} /> : undefined}
    >
      <Select id={id} value={value} onChange={(_, d) => onChange(d.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}
