'use client';

import {
  ConfirmDeleteActions,
  ConfirmDialog,
  ConfirmNameField,
} from '@/components/forms/confirm-delete';
import { Link } from '@/components/ui/link';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { useServerAction } from '@/components/forms/use-server-action';
import { Alert } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Table, Td, TimeCell } from '@/components/ui/table';
import { paths } from '@/lib/paths';
import type { DeletedRow } from '@/lib/vault/recovery-view';
import { eraseRecoveryCopy, restoreDeletedObject } from '../actions';

type Restored =
  | { name: string; id: string; previousId: string }
  /** Proposed as a change request (the change policy puts new objects behind approval). */
  | { name: string; requestId: string; previousId: string };

/** Recently deleted: metadata of each copy; Restore and Delete forever where the role allows. */
export function DeletedList({
  rows,
  showOrg,
  canRestore,
  canErase,
}: {
  rows: DeletedRow[];
  showOrg: boolean;
  canRestore: boolean;
  canErase: boolean;
}) {
  const [restored, setRestored] = useState<Restored | null>(null);
  const [erased, setErased] = useState<string | null>(null);
  return (
    <>
      {restored && 'requestId' in restored ? (
        <Alert tone="info" className="m-4" title="Restore proposed">
          <p data-testid="restore-proposed">
            Restoring <strong className="font-mono">{restored.name}</strong> waits for approval:
            change request{' '}
            <Link href={paths.request(restored.requestId)} className="font-mono underline">
              {restored.requestId}
            </Link>
            . The object is created once an approver approves it; its copy stays here until then.
          </p>
        </Alert>
      ) : restored ? (
        <Alert tone="success" className="m-4" title="Restored">
          <p>
            <strong className="font-mono">{restored.name}</strong> is back as a new object,{' '}
            <Link
              href={paths.object(restored.id)}
              className="font-mono underline"
              data-testid="restored-object-link"
            >
              {restored.id}
            </Link>{' '}
            (it was <span className="font-mono">{restored.previousId}</span>; WorkOS gives a
            re-created object a new id).
          </p>
        </Alert>
      ) : null}
      {erased ? (
        <Alert tone="success" className="m-4">
          The copy of <strong className="font-mono">{erased}</strong> is deleted forever.
        </Alert>
      ) : null}
      {rows.length === 0 ? (
        <p className="px-5 py-4 text-sm text-slate-600">No recently deleted objects.</p>
      ) : (
        <Table
          caption="Recently deleted objects, newest first"
          columns={[
            'Name',
            ...(showOrg ? ['Organization'] : []),
            'Key context',
            'Deleted by',
            'Deleted',
            'Purged after',
            ...(canRestore || canErase ? [''] : []),
          ]}
        >
          {rows.map((r) => (
            <tr key={r.copyId} data-testid="deleted-row">
              <Td>
                <span className="font-mono break-all">{r.name}</span>
                <div className="mt-0.5 font-mono text-[11px] text-slate-600">was {r.objectId}</div>
                {r.unreadable ? (
                  <Badge tone="red" className="mt-1">
                    Unreadable: customer key unavailable
                  </Badge>
                ) : null}
              </Td>
              {showOrg ? (
                <Td kind="muted">
                  {r.orgId ? (
                    <Link href={paths.orgDeleted(r.orgId)} className="underline">
                      {r.orgName ?? r.orgId}
                    </Link>
                  ) : (
                    '—'
                  )}
                </Td>
              ) : null}
              <Td kind="mono">
                {Object.entries(r.context)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')}
              </Td>
              <Td kind="muted">{r.deletedBy}</Td>
              <TimeCell date={r.deletedAt} show="absolute" />
              <TimeCell date={r.purgeAfter} show="absolute" />
              {canRestore || canErase ? (
                <Td>
                  <RowActions
                    row={r}
                    canRestore={canRestore}
                    canErase={canErase}
                    onRestored={(x) => {
                      setErased(null);
                      setRestored(x);
                    }}
                    onErased={(name) => {
                      setRestored(null);
                      setErased(name);
                    }}
                  />
                </Td>
              ) : null}
            </tr>
          ))}
        </Table>
      )}
    </>
  );
}

function RowActions({
  row,
  canRestore,
  canErase,
  onRestored,
  onErased,
}: {
  row: DeletedRow;
  canRestore: boolean;
  canErase: boolean;
  onRestored: (r: Restored) => void;
  onErased: (name: string) => void;
}) {
  const router = useRouter();
  const restore = useServerAction(restoreDeletedObject, 'write');
  const erase = useServerAction(eraseRecoveryCopy, 'write');
  const [newName, setNewName] = useState('');
  const [typed, setTyped] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const nameTaken = restore.error?.code === 'name_taken';
  // The change policy puts new objects behind approval: the restore is proposed with a reason.
  const needsReason = Boolean(restore.error?.fieldErrors?.reason);
  const doRestore = (name?: string, why?: string) =>
    restore.run(
      { copyId: row.copyId, ...(name ? { name } : {}), ...(why ? { reason: why } : {}) },
      {
        onOk: (data) => {
          onRestored(data);
          router.refresh();
        },
      },
    );
  return (
    <div className="flex flex-col items-start gap-2">
      <div className="flex gap-2">
        {canRestore ? (
          <Button
            variant="secondary"
            disabled={restore.pending}
            onClick={() => doRestore()}
            aria-label={`Restore ${row.name}`}
          >
            {restore.pending ? 'Restoring…' : 'Restore'}
          </Button>
        ) : null}
        {canErase ? (
          <Button
            variant="danger"
            onClick={() => {
              setTyped('');
              erase.reset();
              dialog.current?.showModal();
            }}
            aria-label={`Delete ${row.name} forever`}
          >
            Delete forever…
          </Button>
        ) : null}
      </div>
      {restore.error ? (
        <div className="w-full max-w-md space-y-2" data-testid="restore-error">
          <ActionErrorAlert error={restore.error} />
          {needsReason ? (
            <form
              className="flex items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                if (reason.trim()) doRestore(undefined, reason);
              }}
            >
              <div className="flex-1">
                <label
                  htmlFor={`reason-${row.copyId}`}
                  className="block text-sm font-medium text-slate-800"
                >
                  Reason for restoring
                </label>
                <Input
                  id={`reason-${row.copyId}`}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  autoComplete="off"
                  className="mt-1"
                />
              </div>
              <Button
                type="submit"
                variant="secondary"
                disabled={!reason.trim() || restore.pending}
              >
                Propose the restore
              </Button>
            </form>
          ) : null}
          {nameTaken ? (
            <form
              className="flex items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                if (newName) doRestore(newName);
              }}
            >
              <div className="flex-1">
                <label
                  htmlFor={`rename-${row.copyId}`}
                  className="block text-sm font-medium text-slate-800"
                >
                  Restore under another name
                </label>
                <Input
                  id={`rename-${row.copyId}`}
                  value={newName}
                  onChange={(e) => setNewName(e.target.value)}
                  mono
                  autoComplete="off"
                  spellCheck={false}
                  className="mt-1"
                />
              </div>
              <Button type="submit" variant="secondary" disabled={!newName || restore.pending}>
                Restore as this name
              </Button>
            </form>
          ) : null}
        </div>
      ) : null}
      <ConfirmDialog
        ref={dialog}
        labelledBy={`erase-title-${row.copyId}`}
        onConfirm={() => {
          if (typed !== row.name) return;
          erase.run(
            { copyId: row.copyId, confirmName: typed },
            {
              onOk: (data) => {
                dialog.current?.close();
                onErased(data.name);
                router.refresh();
              },
            },
          );
        }}
      >
        <h2 id={`erase-title-${row.copyId}`} className="text-lg font-semibold text-slate-900">
          Delete this copy forever?
        </h2>
        <p className="text-sm text-slate-700">
          The console’s recovery copy of <strong className="font-mono break-all">{row.name}</strong>{' '}
          is the only way back for this object. Once it is gone, nothing can restore it.
        </p>
        <ConfirmNameField id={`erase-confirm-${row.copyId}`} value={typed} onValue={setTyped} />
        {erase.error ? <ActionErrorAlert error={erase.error} /> : null}
        <ConfirmDeleteActions
          onCancel={() => dialog.current?.close()}
          disabled={erase.pending || typed !== row.name}
        >
          {erase.pending ? 'Deleting…' : 'Delete forever'}
        </ConfirmDeleteActions>
      </ConfirmDialog>
    </div>
  );
}
