'use client';

import { useState } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';
import { ReasonField } from '@/components/ui/input';
import { Link } from '@/components/ui/link';
import { paths } from '@/lib/paths';
import { proposeObjectDelete } from '../actions';
import { useCurrentVersion } from './object-version';

/** Where policy puts deletes behind approval: a delete request with a reason, at this version. */
export function ProposeDelete({
  objectId,
  versionId: pageVersion,
}: {
  objectId: string;
  versionId: string;
}) {
  const versionId = useCurrentVersion(pageVersion);
  const [reason, setReason] = useState('');
  const [filed, setFiled] = useState<string | null>(null);
  const { run, pending, error } = useServerAction(proposeObjectDelete, 'write');
  if (filed)
    return (
      <p role="status" className="px-5 py-4 text-sm text-emerald-800" data-testid="delete-proposed">
        Delete proposed: it happens once approved.{' '}
        <Link className="font-medium underline" href={paths.request(filed)}>
          See the request
        </Link>
      </p>
    );
  return (
    <form
      className="space-y-3 px-5 py-4"
      onSubmit={(e) => {
        e.preventDefault();
        run({ objectId, versionCheck: versionId, reason }, { onOk: (d) => setFiled(d.id) });
      }}
    >
      <p className="text-sm text-slate-700">
        This organization’s approval policy puts deletes behind approval.
      </p>
      <ReasonField
        id="delete-reason"
        label="Reason for deleting"
        error={error?.fieldErrors?.reason?.[0]}
        value={reason}
        onValue={setReason}
      />
      <Button type="submit" variant="danger" disabled={pending}>
        {pending ? 'Proposing…' : 'Propose delete'}
      </Button>
      {error ? <ActionErrorAlert error={error} /> : null}
    </form>
  );
}
