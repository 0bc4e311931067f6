import { cn } from '@/lib/cn';

/**
 * The console's data table: a caption for screen readers, a header row, then rows. On a narrow
 * screen it scrolls sideways inside its own box (focusable, so keyboard users can scroll it too)
 * instead of widening the page. `relative` keeps absolutely positioned descendants (sr-only
 * text in a scrolled-off column) inside the scroller, where they would otherwise widen the page.
 */
export function Table({
  caption,
  columns,
  children,
  className,
}: {
  caption: React.ReactNode;
  columns: (string | { label: React.ReactNode; align?: 'right' })[];
  children: React.ReactNode;
  className?: string;
}) {
  return (
    <div
      tabIndex={0}
      data-table-scroll
      className="relative overflow-x-auto focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-indigo-600"
    >
      <table className={cn('min-w-full divide-y divide-slate-200 text-sm', className)}>
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-600 uppercase">
          <tr>
            {columns.map((c, i) => {
              const col = typeof c === 'string' ? { label: c } : c;
              return (
                <th
                  key={i}
                  scope="col"
                  className={cn('px-4 py-2.5', col.align === 'right' && 'text-right')}
                >
                  {col.label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
