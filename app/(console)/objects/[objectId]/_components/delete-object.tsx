'use client';

import {
  ConfirmDeleteActions,
  ConfirmDialog,
  ConfirmNameField,
} from '@/components/forms/confirm-delete';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';
import { ConflictOrError } from './conflict-panel';
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
  const { run, pending, error, reset } = useServerAction(deleteVaultObject, 'write');

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
      <ConfirmDialog
        ref={dialog}
        labelledBy="delete-title"
        onConfirm={() => {
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
        <ConfirmNameField id="confirm-name" value={typed} onValue={setTyped} />
        <ConflictOrError
          what="delete"
          error={error}
          busy={pending}
          writeOver={submit}
          pageVersion={versionId}
        />
        <ConfirmDeleteActions
          onCancel={() => dialog.current?.close()}
          disabled={pending || typed !== name}
        >
          {pending ? 'Deleting…' : recoveryDays > 0 ? 'Delete object' : 'Delete permanently'}
        </ConfirmDeleteActions>
      </ConfirmDialog>
    </>
  );
}
