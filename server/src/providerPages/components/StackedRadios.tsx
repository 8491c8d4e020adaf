import { Field, Radio, RadioGroup } from '@fluentui/react-components';
import { ErrorText } from './VisuallyHidden';

/**
 * GOV.UK radios: one question, its options stacked one per line (easier to read and to tap on a
 * phone than a row). The first option's input carries `id`, where an error summary links.
 */
export function StackedRadios<V extends string>({
  id,
  label,
  hint,
  error,
  required,
  options,
  value,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
  options: ReadonlyArray<{ value: V; label: string }>;
  value: V | '';
  onChange: (value: V) => void;
}) {
  return (
    <Field
      data-field={id}
      label={label}
      hint={hint}
      required={required}
      validationState={error ? 'error' : 'none'}
      validationMessage={error ? <ErrorText message={error} /> : undefined}
    >
      <RadioGroup
        name={id}
        value={value}
        layout="vertical"
        onChange={(_, d) => onChange(d.value as V)}
      >
        {options.map((o, i) => (
          <Radio
            key={o.value}
            value={o.value}
            label={o.label}
            input={i === 0 ? { id } : undefined}
          />
        ))}
      </RadioGroup>
    </Field>
  );
}
