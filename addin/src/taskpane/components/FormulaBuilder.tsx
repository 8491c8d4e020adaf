import { useState } from 'react';
import { Button, Field, Input, Select, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { RateCard } from '../../../../shared/src';
import type { ExcelActions } from '../excelActions';
import { feeFormula, type FeeFormulaChoice } from '../feeFormula';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  formula: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
});

/** Pick a category, band and rating on this card and put =CARE.FEE(...) in the active cell. */
export function FormulaBuilder({
  card,
  excel,
  busy,
  run,
}: {
  card: RateCard;
  excel: ExcelActions | null | undefined;
  busy: boolean;
  run(what: string, action: () => Promise<string>): Promise<void>;
}) {
  const styles = useStyles();
  const [category, setCategory] = useState(card.categories[0]?.id ?? '');
  const bands = card.categories.find((c) => c.id === category)?.bands ?? [];
  const [band, setBand] = useState('');
  const chosenBand = bands.some((b) => b.id === band) ? band : (bands[0]?.id ?? '');
  const [rating, setRating] = useState<FeeFormulaChoice['rating']>('Silver');
  const [deadline, setDeadline] = useState('');

  let formula = '';
  let problem = '';
  try {
    formula = feeFormula({
      card: card.id,
      category,
      band: chosenBand || null,
      rating,
      bronzeDeadline: deadline || null,
    });
  } catch (e) {
    problem = (e as Error).message;
  }

  const insert = () =>
    run('Inserting the formula', async () => {
      const r = await excel!.insertFormula(formula);
      return `Inserted ${formula} in ${r.address}.`;
    });

  return (
    <section aria-label="Fee formula" className={styles.root}>
      <Text weight="semibold">Fee formula</Text>
      <Field label="Category">
        <Select value={category} onChange={(_, d) => setCategory(d.value)}>
          {card.categories.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      </Field>
      {bands.length > 0 && (
        <Field label="Band">
          <Select value={chosenBand} onChange={(_, d) => setBand(d.value)}>
            {bands.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name ? `${b.id}: ${b.name}` : `Band ${b.id}`}
              </option>
            ))}
          </Select>
        </Field>
      )}
      <Field label="Rating">
        <Select
          value={rating}
          onChange={(_, d) => setRating(d.value as FeeFormulaChoice['rating'])}
        >
          <option value="Gold">Gold</option>
          <option value="Silver">Silver</option>
          <option value="Bronze">Bronze</option>
        </Select>
      </Field>
      {rating === 'Bronze' && (
        <Field
          label="Bronze improvement deadline"
          validationState={problem ? 'error' : 'none'}
          validationMessage={problem || 'The standard fee up to this date, 3% less after it.'}
        >
          <Input type="date" value={deadline} onChange={(_, d) => setDeadline(d.value)} />
        </Field>
      )}
      {formula && (
        <Text className={styles.formula} aria-label="Formula">
          {formula}
        </Text>
      )}
      <div>
        <Button disabled={!excel || busy || !formula} onClick={() => void insert()}>
          Insert formula in the active cell
        </Button>
      </div>
    </section>
  );
}
