'use client';

import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { ConflictPanel } from './conflict-panel';
import { paths } from '@/lib/paths';
import { deleteVaultObject } from '../actions';
import { useCurrentVersion } from './object-version';

/** Delete behind a typed-name confirmation and a version check (a dialog, focus-trapped by the browser). */
export function DeleteObject({
  objectId,
  name,
  versionId: pageVersion,
  recoveryDays,
}: {
  objectId: string;
  name: string;
  versionId: string;
  /** DELETE_RECOVERY_DAYS: 0 means the delete is final. */
  recoveryDays: number;
}) {
  const router = useRouter();
  const versionId = useCurrentVersion(pageVersion);
  const dialog = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const { run, pending, error, conflict, reset } = useServerAction(deleteVaultObject, 'write');

  const submit = (versionCheck: string) =>
    run(
      { objectId, versionCheck, confirmName: typed },
      {
        onOk: (data) => {
          dialog.current?.close();
          router.push(data.orgId ? paths.org(data.orgId, { deleted: objectId }) : '/orgs');
        },
      },
    );
  return (
    <>
      <div className="px-5 py-4">
        <Button
          variant="danger"
          onClick={() => {
            setTyped('');
            reset();
            dialog.current?.showModal();
          }}
        >
          Delete…
        </Button>
      </div>
      <dialog
        ref={dialog}
        aria-labelledby="delete-title"
        className="m-auto w-full max-w-lg rounded-lg p-0 shadow-xl"
      >
        <form
          method="dialog"
          className="space-y-4 p-6"
          onSubmit={(e) => {
            e.preventDefault();
            if (typed === name) submit(versionId);
          }}
        >
          <h2 id="delete-title" className="text-lg font-semibold text-slate-900">
            Delete this object?
          </h2>
          {recoveryDays > 0 ? (
            <p className="text-sm text-slate-700">
              This deletes <strong className="font-mono break-all">{name}</strong> and every one of
              its versions from Vault. The console keeps an encrypted copy of the current value for{' '}
              {recoveryDays} days under Recently deleted, where it can be restored (as a new object
              with the same name, context and value); then the copy is purged.
            </p>
          ) : (
            <p className="text-sm text-slate-700">
              This permanently deletes <strong className="font-mono break-all">{name}</strong> and
              every one of its versions. WorkOS keeps no copy, and it cannot be undone.
            </p>
          )}
          <div>
            <label htmlFor="confirm-name" className="block text-sm font-medium text-slate-800">
              Type the object’s name to confirm
            </label>
            <Input
              id="confirm-name"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              autoComplete="off"
              spellCheck={false}
              mono
              danger
              className="mt-1"
            />
          </div>
          {conflict ? (
            <ConflictPanel
              what="delete"
              conflict={conflict.conflict ?? null}
              busy={pending}
              onLoadTheirs={() => router.refresh()}
              onSaveMine={() => submit(conflict.conflict?.currentVersionId ?? versionId)}
            />
          ) : error ? (
            <ActionErrorAlert error={error} />
          ) : null}
          <div className="flex justify-end gap-2">
            <Button variant="ghost" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" variant="danger" disabled={pending || typed !== name}>
              {pending ? 'Deleting…' : recoveryDays > 0 ? 'Delete object' : 'Delete permanently'}
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
