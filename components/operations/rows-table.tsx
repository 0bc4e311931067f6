import { Badge, type BadgeTone } from '@/components/ui/badge';
import { PathName } from '@/components/ui/path-name';
import { Table, Td } from '@/components/ui/table';
import type { ReactNode } from 'react';
import type { OperationRow, RowStatus } from '@/lib/operations/store';

const TONE: Record<RowStatus, BadgeTone> = {
  pending: 'neutral',
  in_progress: 'blue',
  done: 'green',
  skipped: 'amber',
  failed: 'red',
};
const LABEL: Record<RowStatus, string> = {
  pending: 'To do',
  in_progress: 'In progress',
  done: 'Done',
  skipped: 'Skipped',
  failed: 'Failed',
};

/** One line per object of a batch: what the plan saw, what happened, and why. No values. */
export function RowsTable({
  rows,
  showKeys,
  rowAction,
}: {
  rows: OperationRow[];
  showKeys: boolean;
  /** A control per row (a plan that has not started: take the object out). */
  rowAction?: (row: OperationRow) => ReactNode;
}) {
  return (
    <Table
      caption="Objects in this operation"
      columns={[
        'Object',
        'Version (planned)',
        ...(showKeys ? ['Key id before', 'Key id after'] : []),
        'Status',
        'Why',
        ...(rowAction ? ['Plan'] : []),
      ]}
    >
      {rows.map((r) => (
        <tr key={r.seq} data-object-id={r.object_id}>
          <Td dense>
            <PathName name={r.object_name} />
            <div className="font-mono text-xs text-slate-500">
              {/* An import plan's new name has no object id until it is created. */}
              {r.object_id || 'new object'}
            </div>
          </Td>
          <Td dense kind="mono">
            {r.expected_version ?? '—'}
          </Td>
          {showKeys ? (
            <>
              <Td dense kind="mono">
                {r.key_id_before ?? '—'}
              </Td>
              <Td dense kind="mono">
                {r.key_id_after ?? ''}
              </Td>
            </>
          ) : null}
          <Td dense>
            <Badge tone={TONE[r.status]}>{LABEL[r.status]}</Badge>
          </Td>
          <Td dense className="min-w-48 text-xs text-slate-700 [overflow-wrap:anywhere]">
            {r.reason ?? ''}
          </Td>
          {rowAction ? <Td dense>{rowAction(r)}</Td> : null}
        </tr>
      ))}
    </Table>
  );
}
