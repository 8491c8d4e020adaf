import {
  Table,
  TableCell,
  TableHeaderCell,
  makeStyles,
  mergeClasses,
  type TableCellProps,
  type TableHeaderCellProps,
  type TableProps,
} from '@fluentui/react-components';

/**
 * Tables of money for a 320 px pane. Fluent's Table lays columns out at equal fixed widths, which
 * clips "£1,234.56" in a narrow pane, and its header cell is a flex box that ignores text-align,
 * which leaves numeric headings on the left over right-aligned figures.
 */
const useStyles = makeStyles({
  // Columns as wide as their figures; the label column takes what is left and wraps.
  table: { tableLayout: 'auto' },
  figure: { textAlign: 'right', whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
  // A heading may wrap ("Bronze after deadline"); each line sits over the figures' right edge.
  heading: { textAlign: 'right' },
  headingButton: { justifyContent: 'flex-end', textAlign: 'right' },
});

export function FigureTable({ className, ...props }: TableProps) {
  const styles = useStyles();
  return <Table {...props} className={mergeClasses(styles.table, className)} />;
}

/** A right-aligned heading over a column of figures. */
export function FigureHeaderCell({ className, ...props }: TableHeaderCellProps) {
  const styles = useStyles();
  return (
    <TableHeaderCell
      {...props}
      className={mergeClasses(styles.heading, className)}
      button={{ className: styles.headingButton }}
    />
  );
}

/** A right-aligned figure that never wraps or clips. */
export function FigureCell({ className, ...props }: TableCellProps) {
  const styles = useStyles();
  return <TableCell {...props} className={mergeClasses(styles.figure, className)} />;
}
