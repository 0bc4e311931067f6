'use client';

import { useRouter } from 'next/navigation';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';
import { restoreObjectVersion } from '../actions';
import { ConflictOrError } from './conflict-panel';
import { useCurrentVersion } from './object-version';

/**
 * "Restore this version": writes the kept copy of an earlier value back as a new version, with a
 * version check against the version this page shows. The value never reaches the browser.
 */
export function RestoreVersion({
  objectId,
  copyId,
  versionId,
  pageVersion,
}: {
  objectId: string;
  copyId: string;
  versionId: string;
  pageVersion: string;
}) {
  const router = useRouter();
  const current = useCurrentVersion(pageVersion);
  const { run, pending, error, reset } = useServerAction(restoreObjectVersion, 'write');
  const submit = (versionCheck: string) =>
    run({ objectId, copyId, versionCheck }, { onOk: () => router.refresh() });
  return (
    <div className="space-y-2">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() => {
          reset();
          submit(current);
        }}
        aria-label={`Restore version ${versionId}`}
      >
        {pending ? 'Restoring…' : 'Restore this version'}
      </Button>
      <ConflictOrError
        what="save"
        error={error}
        busy={pending}
        writeOver={submit}
        pageVersion={current}
      />
    </div>
  );
}
