import {
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
  mergeClasses,
  tokens,
} from '@fluentui/react-components';
import type { PublicScenario, ScenarioRow } from '../../../../shared/src/contract/scenarioView';
import { pounds, rowLabel, signedPercent, signedPounds } from './format';

const NARROW = '@media (max-width: 640px)';
const WIDE = '@media (min-width: 641px)';

const useStyles = makeStyles({
  wide: { [NARROW]: { display: 'none' } },
  table: { tableLayout: 'auto' },
  first: { minWidth: '150px' },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  head: {
    textAlign: 'right',
    verticalAlign: 'bottom',
    '& > div': { justifyContent: 'flex-end', whiteSpace: 'normal', textAlign: 'right' },
  },
  up: { color: tokens.colorPaletteGreenForeground1 },
  down: { color: tokens.colorPaletteRedForeground1 },
  cards: {
    [WIDE]: { display: 'none' },
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  card: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalM,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  cardTitle: { margin: `0 0 ${tokens.spacingVerticalS}`, fontSize: tokens.fontSizeBase400 },
  pairs: { margin: 0 },
  pair: {
    display: 'flex',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalXXS} 0`,
    borderTop: `1px solid ${tokens.colorNeutralStroke3}`,
  },
  dd: { margin: 0, fontVariantNumeric: 'tabular-nums', textAlign: 'right' },
});

interface Line {
  key: string;
  label: string;
  currentCare: string;
  proposedCare: string;
  currentWeekly: string;
  proposedWeekly: string;
  changePounds: string;
  changePercent: string;
  falls: boolean;
}

const HEADINGS: Array<[keyof Line, string]> = [
  ['currentCare', 'Current care cost'],
  ['proposedCare', 'Proposed care cost'],
  ['currentWeekly', 'Current weekly fee'],
  ['proposedWeekly', 'Proposed weekly fee'],
  ['changePounds', 'Change (£)'],
  ['changePercent', 'Change (%)'],
];

function lines(view: PublicScenario): Line[] {
  const row = (r: ScenarioRow): Line => ({
    key: r.key,
    label: rowLabel(r),
    currentCare: pounds(r.current?.care),
    proposedCare: pounds(r.proposed?.care),
    currentWeekly: pounds(r.current?.weekly),
    proposedWeekly: pounds(r.proposed?.weekly),
    changePounds: signedPounds(r.change?.pounds),
    changePercent: signedPercent(r.change?.percent),
    falls: r.change?.pounds.startsWith('-') ?? false,
  });
  return [
    {
      key: 'hotel',
      label: 'Hotel cost (every category)',
      currentCare: '—',
      proposedCare: '—',
      currentWeekly: pounds(view.hotel.current),
      proposedWeekly: pounds(view.hotel.proposed),
      changePounds: signedPounds(view.hotel.change.pounds),
      changePercent: signedPercent(view.hotel.change.percent),
      falls: view.hotel.change.pounds.startsWith('-'),
    },
    ...view.rows.map(row),
  ];
}

/**
 * Current and proposed weekly rates. On a wide screen a table, one row per category and band;
 * on a phone each row is a card of its own, every figure labelled, so nothing sits off-screen.
 */
export function RatesTable({ view, labelledBy }: { view: PublicScenario; labelledBy: string }) {
  const s = useStyles();
  const all = lines(view);
  return (
    <>
      <div className={s.wide}>
        <Table className={s.table} aria-labelledby={labelledBy} size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell scope="col" className={s.first}>
                Category of care
              </TableHeaderCell>
              {HEADINGS.map(([key, heading]) => (
                <TableHeaderCell key={key} scope="col" className={s.head}>
                  {heading}
                </TableHeaderCell>
              ))}
            </TableRow>
          </TableHeader>
          <TableBody>
            {all.map((l) => (
              <TableRow key={l.key} data-row={l.key}>
                <TableCell>{l.label}</TableCell>
                {HEADINGS.map(([key]) => (
                  <TableCell
                    key={key}
                    className={mergeClasses(
                      s.num,
                      key === 'changePounds' && l.key !== 'hotel' && (l.falls ? s.down : s.up),
                    )}
                  >
                    {l[key] as string}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <ul className={s.cards} aria-labelledby={labelledBy} data-testid="rate-cards">
        {all.map((l) => (
          <li key={l.key} className={s.card} data-card={l.key}>
            <h3 className={s.cardTitle}>{l.label}</h3>
            <dl className={s.pairs}>
              {HEADINGS.filter(([key]) => l.key !== 'hotel' || !key.endsWith('Care')).map(
                ([key, heading]) => (
                  <div className={s.pair} key={key}>
                    <dt>{heading}</dt>
                    <dd className={s.dd}>{l[key] as string}</dd>
                  </div>
                ),
              )}
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}
