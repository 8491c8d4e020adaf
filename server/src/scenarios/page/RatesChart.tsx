import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { PublicScenario } from '../../../../shared/src/contract/scenarioView';
import { niceAxis } from './axis';
import { pounds, rowLabel } from './format';

const useStyles = makeStyles({
  chart: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  axis: {
    position: 'relative',
    height: '1.5em',
    marginLeft: 'var(--label-width)',
    marginRight: 'var(--value-width)',
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground2,
  },
  tick: { position: 'absolute', transform: 'translateX(-50%)', whiteSpace: 'nowrap' },
  firstTick: { transform: 'none' },
  lastTick: { transform: 'translateX(-100%)' },
  row: {
    display: 'grid',
    gridTemplateColumns: 'var(--label-width) 1fr',
    alignItems: 'center',
    rowGap: tokens.spacingVerticalXXS,
    '@media (max-width: 640px)': { gridTemplateColumns: '1fr' },
  },
  label: { fontWeight: tokens.fontWeightSemibold, paddingRight: tokens.spacingHorizontalM },
  bars: { display: 'flex', flexDirection: 'column', gap: '2px' },
  barLine: {
    display: 'grid',
    gridTemplateColumns: '1fr var(--value-width)',
    alignItems: 'center',
  },
  bar: { height: '18px', minWidth: '2px', borderRadius: '0 2px 2px 0' },
  current: { backgroundColor: tokens.colorNeutralForeground3 },
  proposed: { backgroundColor: tokens.colorBrandBackground },
  value: {
    whiteSpace: 'nowrap',
    fontSize: tokens.fontSizeBase200,
    paddingLeft: tokens.spacingHorizontalS,
  },
  root: {
    '--label-width': '14rem',
    '--value-width': '8.5rem',
    '@media (max-width: 640px)': { '--label-width': '0px' },
  },
});

/**
 * Current against proposed standard weekly fee, one horizontal pair of bars per category and
 * band. Every row's label is written out (wrapping, never dropped), each bar carries its figure,
 * and the scale steps are round (£100, £200, £500…). The same figures follow as a table, so
 * the chart itself is hidden from screen readers.
 */
export function RatesChart({ view }: { view: PublicScenario }) {
  const s = useStyles();
  const values = view.rows.flatMap((r) =>
    [r.current?.weekly, r.proposed?.weekly].filter((v): v is string => v !== undefined),
  );
  const axis = niceAxis(Math.max(0, ...values.map(Number)));
  const width = (v: string) => `${((Number(v) / axis.max) * 100).toFixed(2)}%`;
  return (
    <div className={s.root} data-testid="rates-chart">
      <div className={s.chart} aria-hidden="true">
        <div className={s.axis} data-testid="chart-axis">
          {axis.ticks.map((t, i) => (
            <span
              key={t}
              className={mergeClasses(
                s.tick,
                i === 0 && s.firstTick,
                i === axis.ticks.length - 1 && s.lastTick,
              )}
              style={{ left: `${(t / axis.max) * 100}%` }}
            >
              £{t.toLocaleString('en-GB')}
            </span>
          ))}
        </div>
        {view.rows.map((row) => (
          <div className={s.row} key={row.key} data-chart-row={row.key}>
            <div className={s.label}>{rowLabel(row)}</div>
            <div className={s.bars}>
              {row.current ? (
                <div className={s.barLine}>
                  <div>
                    <div
                      className={mergeClasses(s.bar, s.current)}
                      style={{ width: width(row.current.weekly) }}
                    />
                  </div>
                  <span className={s.value}>Current {pounds(row.current.weekly)}</span>
                </div>
              ) : null}
              {row.proposed ? (
                <div className={s.barLine}>
                  <div>
                    <div
                      className={mergeClasses(s.bar, s.proposed)}
                      style={{ width: width(row.proposed.weekly) }}
                    />
                  </div>
                  <span className={s.value}>Proposed {pounds(row.proposed.weekly)}</span>
                </div>
              ) : null}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
