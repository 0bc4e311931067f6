import { Link } from '@/components/ui/link';
import {
  Children,
  cloneElement,
  isValidElement,
  type ComponentProps,
  type ReactElement,
  type ReactNode,
} from 'react';
import { PathName } from '@/components/ui/path-name';
import { RelativeTime } from '@/components/ui/relative-time';
import { cn } from '@/lib/cn';

type Column = string | { label: ReactNode; align?: 'right' };

type CellProps = { children?: ReactNode; className?: string };

/** What a cell holds, and so how it looks: the classes the console's tables repeat. */
const CELL = {
  text: '',
  /** Secondary text (organization names, owners, notes). */
  muted: 'text-slate-700',
  /** A time or date: kept on one line. */
  time: 'whitespace-nowrap text-slate-700',
  /** An id or a key: monospace, broken anywhere rather than widening the table. */
  mono: 'font-mono text-xs break-all',
  /** A count: right-aligned, digits of equal width (pair it with a column `align: 'right'`). */
  number: 'text-right tabular-nums',
} as const;

type TdProps = ComponentProps<'td'> & {
  kind?: keyof typeof CELL;
  /** Tighter rows, top-aligned (operation and import tables, whose cells may wrap). */
  dense?: boolean;
  /** Set by Table on phones: the column label shown in front of the value. */
  stackLabel?: ReactNode;
};

/** A table cell. Use it (or `NameCell`) instead of a `<td>` with hand-copied classes. */
export function Td({
  kind = 'text',
  dense = false,
  stackLabel,
  className,
  children,
  ...rest
}: TdProps) {
  return (
    <td
      className={cn(dense ? 'px-4 py-2 align-top' : 'px-4 py-2.5', CELL[kind], className)}
      data-label={typeof stackLabel === 'string' ? stackLabel : undefined}
      {...rest}
    >
      {stackLabel === undefined ? (
        children
      ) : (
        <>
          {typeof stackLabel === 'string' ? null : <StackLabel>{stackLabel}</StackLabel>}
          <div data-cell-value className="min-w-0">
            {children}
          </div>
        </>
      )}
    </td>
  );
}

/** A row's name cell: the object's name, broken after each `/`, linking to its page. */
export function NameCell({
  href,
  name,
  strong = false,
  children,
  ...rest
}: Omit<TdProps, 'kind'> & { href: string; name: string; strong?: boolean }) {
  return (
    <Td {...rest}>
      <Link href={href} className={cn('text-indigo-700 hover:underline', strong && 'font-medium')}>
        <PathName name={name} />
      </Link>
      {children}
    </Td>
  );
}

/** A row's time cell: one line, relative (exact on hover) or `show="absolute"`. */
export function TimeCell({
  date,
  show,
  kind = 'time',
  ...rest
}: Omit<TdProps, 'children'> & Pick<ComponentProps<typeof RelativeTime>, 'date' | 'show'>) {
  return (
    <Td kind={kind} {...rest}>
      <RelativeTime date={date} show={show} />
    </Td>
  );
}

/**
 * A column label shown in front of a value on phones. A plain-text label is not markup at all: the
 * cell carries it as `data-label` and CSS draws it (app/globals.css, with empty alt text so screen
 * readers, which have the column header, do not hear it twice); that saves ~200 bytes per cell
 * on every table page. Only a label that is itself markup renders this span.
 */
function StackLabel({ children }: { children: ReactNode }) {
  return (
    <span
      aria-hidden="true"
      className="hidden text-xs font-semibold tracking-wide text-slate-500 uppercase max-sm:block"
    >
      {children}
    </span>
  );
}

const isCell = (type: unknown) =>
  type === 'td' || type === 'th' || type === Td || type === NameCell || type === TimeCell;

/**
 * Below `sm` every row is laid out as a card: the first cell (the row's name) on its own
 * full-width line, then one line per other column with that column's label in front. The label
 * is visual only (aria-hidden, or CSS generated content with empty alt text): screen readers still get a real table with its column headers,
 * and the explicit roles keep it one where `display: block` would otherwise drop table semantics
 * (Safari). A cell whose value renders nothing is hidden in the card, so no bare labels show.
 */
function stackRow(row: ReactNode, labels: ReactNode[]): ReactNode {
  if (!isValidElement<CellProps>(row) || row.type !== 'tr') return row;
  let i = -1;
  const cells = Children.map(row.props.children, (cell) => {
    if (!isValidElement<CellProps>(cell) || !isCell(cell.type)) return cell;
    i += 1;
    if (i === 0)
      return cloneElement(cell as ReactElement<CellProps & { role?: string }>, {
        role: cell.type === 'th' ? 'rowheader' : 'cell',
      });
    // Cell components render the label themselves (their children are not the whole cell).
    if (typeof cell.type !== 'string')
      return cloneElement(cell as ReactElement<TdProps>, { role: 'cell', stackLabel: labels[i] });
    const label = labels[i];
    return cloneElement(
      cell as ReactElement<CellProps & { role?: string; 'data-label'?: string }>,
      { role: 'cell', 'data-label': typeof label === 'string' ? label : undefined },
      typeof label === 'string' ? null : <StackLabel>{label}</StackLabel>,
      <div data-cell-value className="min-w-0">
        {cell.props.children}
      </div>,
    );
  });
  return cloneElement(row as ReactElement<{ role?: string }>, { role: 'row' }, cells);
}

/**
 * The console's data table: a caption for screen readers, a header row, then rows. From `sm` up
 * it is a plain table that scrolls sideways inside its own box (focusable, so keyboard users can
 * scroll it too) instead of widening the page; `relative` keeps absolutely positioned
 * descendants (sr-only text in a scrolled-off column) inside the scroller. Below `sm` each row
 * becomes a stacked card (see stackRow), so long names get the full width instead of being
 * squeezed into a column a few characters wide.
 */
export function Table({
  caption,
  columns,
  children,
  className,
}: {
  caption: ReactNode;
  columns: Column[];
  children: ReactNode;
  className?: string;
}) {
  const cols = columns.map((c) => (typeof c === 'string' ? { label: c } : c));
  return (
    <div
      tabIndex={0}
      data-table-scroll
      className="relative overflow-x-auto focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600"
    >
      <table
        role="table"
        data-stacked-below="sm"
        className={cn(
          'min-w-full divide-y divide-slate-200 text-sm',
          // Phone layout: rows become cards.
          'max-sm:block max-sm:[&_tbody]:block max-sm:[&_tr]:block max-sm:[&_tr]:px-4 max-sm:[&_tr]:py-3',
          'max-sm:[&_td]:grid max-sm:[&_td]:grid-cols-[7rem_minmax(0,1fr)] max-sm:[&_td]:items-baseline max-sm:[&_td]:gap-x-3',
          'max-sm:[&_td]:px-0 max-sm:[&_td]:py-0.5 max-sm:[&_td]:text-left max-sm:[&_td]:whitespace-normal',
          'max-sm:[&_td:first-child]:block max-sm:[&_td:first-child]:pb-1.5 max-sm:[&_td:first-child]:text-base',
          'max-sm:[&_td:has(>[data-cell-value]:empty)]:hidden',
          className,
        )}
      >
        <caption className="sr-only">{caption}</caption>
        <thead
          role="rowgroup"
          className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase max-sm:sr-only"
        >
          <tr role="row">
            {cols.map((col, i) => (
              <th
                key={i}
                scope="col"
                role="columnheader"
                className={cn('px-4 py-2.5', col.align === 'right' && 'text-right')}
              >
                {col.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup" className="divide-y divide-slate-100">
          {Children.map(children, (row) =>
            stackRow(
              row,
              cols.map((c) => c.label),
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
