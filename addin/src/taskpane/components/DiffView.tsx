import {
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { CardDiff } from '../../../../shared/src/diff';
import { percentage, pounds } from '../format';
import { FigureCell, FigureHeaderCell, FigureTable } from './FigureTable';

const useStyles = makeStyles({
  list: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
});

const isMoney = (v: string | null) => v !== null && /^-?\d+\.\d{2}$/.test(v);
const show = (v: string | null) => (v === null ? '—' : isMoney(v) ? pounds(v) : v);

type Change = {
  key: string;
  label: string;
  old: string | null;
  new: string | null;
  percent?: string | null;
};

/** "hotel cost: £348.43 → £360.00 (3.32%)", "category name: dementia: added Dementia". */
function describe(c: Change): string {
  if (c.old === null) return `${c.label}: added ${show(c.new)}`;
  if (c.new === null) return `${c.label}: removed (was ${show(c.old)})`;
  return `${c.label}: ${show(c.old)} → ${show(c.new)}${c.percent ? ` (${percentage(c.percent)})` : ''}`;
}

/** The engine's diff between two versions of a card: amounts and fields that moved, then weekly fees that moved. */
export function DiffView({ diff }: { diff: CardDiff }) {
  const styles = useStyles();
  const title = `Changes from version ${diff.from.version} to version ${diff.to.version}`;
  // The heading already names both versions; the id never differs between versions of a card.
  const changes: Change[] = [
    ...[diff.hotel, ...diff.rows].filter((r) => r.status !== 'unchanged'),
    ...diff.metadata
      .filter((m) => m.field !== 'id' && m.field !== 'version')
      .map((m) => ({ ...m, key: `metadata:${m.field}` })),
  ];
  if (changes.length === 0)
    return (
      <Text>
        No differences between version {diff.from.version} and version {diff.to.version}.
      </Text>
    );
  return (
    <section aria-label={title}>
      <Text weight="semibold">{title}</Text>
      <ul className={styles.list}>
        {changes.map((c) => (
          <li key={c.key}>
            <Text>{describe(c)}</Text>
          </li>
        ))}
      </ul>
      {diff.fees.length > 0 && (
        <FigureTable size="small" aria-label="Standard weekly fees that changed">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Category</TableHeaderCell>
              <FigureHeaderCell>Silver before</FigureHeaderCell>
              <FigureHeaderCell>after</FigureHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {diff.fees.map((f) => (
              <TableRow key={`${f.category}/${f.band ?? ''}`}>
                <TableCell>
                  {f.category}
                  {f.band ? `, band ${f.band}` : ''}
                </TableCell>
                <FigureCell>{f.before ? pounds(f.before.silver) : '—'}</FigureCell>
                <FigureCell>{f.after ? pounds(f.after.silver) : '—'}</FigureCell>
              </TableRow>
            ))}
          </TableBody>
        </FigureTable>
      )}
    </section>
  );
}
