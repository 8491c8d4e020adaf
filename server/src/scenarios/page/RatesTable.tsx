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
import type { PublicScenario } from '../../../../shared/src/contract/scenarioView';
import { pounds, rowLabel, signedPercent, signedPounds } from './format';

const useStyles = makeStyles({
  scroll: { overflowX: 'auto', maxWidth: '100%' },
  table: { minWidth: '680px', tableLayout: 'auto' },
  first: { minWidth: '150px' },
  num: { textAlign: 'right', fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  head: {
    textAlign: 'right',
    verticalAlign: 'bottom',
    '& > div': { justifyContent: 'flex-end', whiteSpace: 'normal', textAlign: 'right' },
  },
  up: { color: tokens.colorPaletteGreenForeground1 },
  down: { color: tokens.colorPaletteRedForeground1 },
});

/** Current and proposed weekly rates, one row per category and band. */
export function RatesTable({ view, labelledBy }: { view: PublicScenario; labelledBy: string }) {
  const s = useStyles();
  const num = s.num;
  return (
    <div className={s.scroll} role="region" aria-labelledby={labelledBy} tabIndex={0}>
      <Table className={s.table} aria-labelledby={labelledBy} size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell scope="col" className={s.first}>
              Category of care
            </TableHeaderCell>
            <TableHeaderCell scope="col" className={s.head}>
              Current care cost
            </TableHeaderCell>
            <TableHeaderCell scope="col" className={s.head}>
              Proposed care cost
            </TableHeaderCell>
            <TableHeaderCell scope="col" className={s.head}>
              Current weekly fee
            </TableHeaderCell>
            <TableHeaderCell scope="col" className={s.head}>
              Proposed weekly fee
            </TableHeaderCell>
            <TableHeaderCell scope="col" className={s.head}>
              Change (£)
            </TableHeaderCell>
            <TableHeaderCell scope="col" className={s.head}>
              Change (%)
            </TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          <TableRow>
            <TableCell>Hotel cost (every category)</TableCell>
            <TableCell className={num}>—</TableCell>
            <TableCell className={num}>—</TableCell>
            <TableCell className={num}>{pounds(view.hotel.current)}</TableCell>
            <TableCell className={num}>{pounds(view.hotel.proposed)}</TableCell>
            <TableCell className={num}>{signedPounds(view.hotel.change.pounds)}</TableCell>
            <TableCell className={num}>{signedPercent(view.hotel.change.percent)}</TableCell>
          </TableRow>
          {view.rows.map((row) => (
            <TableRow key={row.key} data-row={row.key}>
              <TableCell>{rowLabel(row)}</TableCell>
              <TableCell className={num}>{pounds(row.current?.care)}</TableCell>
              <TableCell className={num}>{pounds(row.proposed?.care)}</TableCell>
              <TableCell className={num}>{pounds(row.current?.weekly)}</TableCell>
              <TableCell className={num}>{pounds(row.proposed?.weekly)}</TableCell>
              <TableCell
                className={mergeClasses(num, row.change?.pounds.startsWith('-') ? s.down : s.up)}
              >
                {signedPounds(row.change?.pounds)}
              </TableCell>
              <TableCell className={num}>{signedPercent(row.change?.percent)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
