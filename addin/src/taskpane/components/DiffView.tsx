import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { CardDiff } from '../../../../shared/src/cardDiff';
import { percent, pounds } from '../format';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  num: { textAlign: 'right', whiteSpace: 'nowrap' },
});

const isMoney = (v: string | null) => v !== null && /^-?\d+\.\d{2}$/.test(v);
const show = (v: string | null) => (v === null ? '—' : isMoney(v) ? pounds(v) : v);

/** The engine's diff between two versions of a card: fields that moved, then weekly fees that moved. */
export function DiffView({ diff }: { diff: CardDiff }) {
  const styles = useStyles();
  const title = `Changes from version ${diff.from.version} to version ${diff.to.version}`;
  if (diff.changes.length === 0) return <Text>No differences between version {diff.from.version} and version {diff.to.version}.</Text>;
  return (
    <section aria-label={title}>
      <Text weight="semibold">{title}</Text>
      <ul className={styles.list}>
        {diff.changes.map((c) => (
          <li key={`${c.kind}:${c.path.join('.')}`}>
            <Text>
              {c.label}: {c.kind === 'added' ? `added ${show(c.after)}` : c.kind === 'removed' ? `removed (was ${show(c.before)})` : `${show(c.before)} → ${show(c.after)}`}
              {c.percent ? ` (${percent(c.percent)})` : ''}
            </Text>
          </li>
        ))}
      </ul>
      {diff.fees.length > 0 && (
        <Table size="small" aria-label="Standard weekly fees that changed">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Category</TableHeaderCell>
              <TableHeaderCell className={styles.num}>Silver before</TableHeaderCell>
              <TableHeaderCell className={styles.num}>after</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {diff.fees.map((f) => (
              <TableRow key={`${f.category}/${f.band ?? ''}`}>
                <TableCell>
                  {f.category}
                  {f.band ? `, band ${f.band}` : ''}
                </TableCell>
                <TableCell className={styles.num}>{f.before ? pounds(f.before.silver) : '—'}</TableCell>
                <TableCell className={styles.num}>{f.after ? pounds(f.after.silver) : '—'}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
