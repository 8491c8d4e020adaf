import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles } from '@fluentui/react-components';
import type { ScheduleRow } from '../../../../shared/src';
import { pounds } from '../format';

const useStyles = makeStyles({
  wrap: { overflowX: 'auto' },
  num: { textAlign: 'right', whiteSpace: 'nowrap' },
});

export function rowLabel(r: Pick<ScheduleRow, 'categoryName' | 'band' | 'bandName'>): string {
  if (r.band === null) return r.categoryName;
  return `${r.categoryName}, band ${r.band}${r.bandName ? ` (${r.bandName})` : ''}`;
}

/** A card's weekly fees by category and band, at each priceable rating: the engine's feeSchedule. */
export function ScheduleTable({ rows, caption }: { rows: readonly ScheduleRow[]; caption: string }) {
  const styles = useStyles();
  return (
    <div className={styles.wrap}>
      <Table size="small" aria-label={caption}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Category</TableHeaderCell>
            <TableHeaderCell className={styles.num}>Silver</TableHeaderCell>
            <TableHeaderCell className={styles.num}>Gold</TableHeaderCell>
            <TableHeaderCell className={styles.num}>Bronze</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={`${r.category}/${r.band ?? ''}`}>
              <TableCell title={`hotel ${pounds(r.hotel)} + care ${pounds(r.care)}`}>{rowLabel(r)}</TableCell>
              <TableCell className={styles.num}>{pounds(r.silver)}</TableCell>
              <TableCell className={styles.num}>{pounds(r.gold)}</TableCell>
              <TableCell className={styles.num}>{pounds(r.bronze)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
