import {
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  makeStyles,
} from '@fluentui/react-components';
import { chcTierFee, type RateCard, type ScheduleRow } from '../../../../shared/src';
import { pounds } from '../format';
import { FigureCell, FigureHeaderCell, FigureTable } from './FigureTable';

const useStyles = makeStyles({
  wrap: { overflowX: 'auto' },
});

export function rowLabel(r: Pick<ScheduleRow, 'categoryName' | 'band' | 'bandName'>): string {
  if (r.band === null) return r.categoryName;
  // A band name that only repeats the id ("Band 2") adds nothing.
  const named = r.bandName && r.bandName.trim().toLowerCase() !== `band ${r.band}`.toLowerCase();
  return `${r.categoryName}, band ${r.band}${named ? ` (${r.bandName})` : ''}`;
}

/** A card's weekly fees by category and band, at each priceable rating: the engine's feeSchedule. */
export function ScheduleTable({
  rows,
  caption,
}: {
  rows: readonly ScheduleRow[];
  caption: string;
}) {
  const styles = useStyles();
  return (
    // A table wider than the pane scrolls: its box takes keyboard focus so it can scroll without a mouse.
    <div className={styles.wrap} role="region" aria-label={caption} tabIndex={0}>
      <FigureTable size="small" aria-label={caption}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Category</TableHeaderCell>
            <FigureHeaderCell>Silver</FigureHeaderCell>
            <FigureHeaderCell>Gold</FigureHeaderCell>
            <FigureHeaderCell>Bronze after deadline</FigureHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={`${r.category}/${r.band ?? ''}`}>
              <TableCell title={`hotel ${pounds(r.hotel)} + care ${pounds(r.care)}`}>
                {rowLabel(r)}
              </TableCell>
              <FigureCell>{pounds(r.silver)}</FigureCell>
              <FigureCell>{pounds(r.gold)}</FigureCell>
              <FigureCell>{pounds(r.bronze)}</FigureCell>
            </TableRow>
          ))}
        </TableBody>
      </FigureTable>
    </div>
  );
}

/** A card's Continuing Healthcare tiers, each fee from the engine's chcTierFee. */
export function ChcTiersTable({ card }: { card: RateCard }) {
  const styles = useStyles();
  const tiers = (card.chcTiers ?? []).map((t) => chcTierFee(card, t.id));
  if (tiers.length === 0) return null;
  return (
    <div
      className={styles.wrap}
      role="region"
      aria-label={`CHC tiers, ${card.title} version ${card.version}`}
      tabIndex={0}
    >
      <FigureTable size="small" aria-label={`CHC tiers, ${card.title} version ${card.version}`}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>CHC tier</TableHeaderCell>
            <FigureHeaderCell>Weekly fee</FigureHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {tiers.map((t) => (
            <TableRow key={t.tierId}>
              <TableCell>
                {t.name}
                {t.kind === 'staffed'
                  ? ` (base ${pounds(t.base)} + ${t.hours} staff hours at ${pounds(t.hourlyRate)})`
                  : ''}
              </TableCell>
              <FigureCell>{pounds(t.fee)}</FigureCell>
            </TableRow>
          ))}
        </TableBody>
      </FigureTable>
    </div>
  );
}
