import { makeStyles, tokens } from '@fluentui/react-components';
import type { PublicScenario } from '../../../../shared/src/contract/scenarioView';
import { pounds, rowLabel } from './format';

const useStyles = makeStyles({
  table: { borderCollapse: 'collapse', width: '100%' },
  cell: {
    textAlign: 'left',
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  num: { textAlign: 'right', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
});

/** The chart's figures as a table: what the chart shows, for screen readers and anyone who prefers it. */
export function ChartTable({ view }: { view: PublicScenario }) {
  const s = useStyles();
  return (
    <table className={s.table} data-testid="chart-table">
      <caption style={{ textAlign: 'left', fontWeight: 600 }}>
        Current and proposed weekly fees
      </caption>
      <thead>
        <tr>
          <th scope="col" className={s.cell}>
            Category of care
          </th>
          <th scope="col" className={`${s.cell} ${s.num}`}>
            Current weekly fee
          </th>
          <th scope="col" className={`${s.cell} ${s.num}`}>
            Proposed weekly fee
          </th>
        </tr>
      </thead>
      <tbody>
        {view.rows.map((row) => (
          <tr key={row.key}>
            <th scope="row" className={s.cell} style={{ fontWeight: 400 }}>
              {rowLabel(row)}
            </th>
            <td className={`${s.cell} ${s.num}`}>{pounds(row.current?.weekly)}</td>
            <td className={`${s.cell} ${s.num}`}>{pounds(row.proposed?.weekly)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
