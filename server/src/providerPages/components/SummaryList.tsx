import { makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  list: { margin: 0 },
  row: {
    display: 'grid',
    gridTemplateColumns: 'minmax(8rem, 30%) 1fr',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} 0`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    '@media (max-width: 640px)': { gridTemplateColumns: '1fr', gap: tokens.spacingVerticalXXS },
  },
  key: { fontWeight: tokens.fontWeightSemibold },
  value: { margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
});

/** GOV.UK's summary list (check answers): each question and its answer, stacked on a phone. */
export function SummaryList({ rows }: { rows: ReadonlyArray<{ key: string; value: ReactNode }> }) {
  const s = useStyles();
  return (
    <dl className={s.list}>
      {rows.map((r) => (
        <div className={s.row} key={r.key}>
          <dt className={s.key}>{r.key}</dt>
          <dd className={s.value}>{r.value}</dd>
        </div>
      ))}
    </dl>
  );
}
