import { Card, CardHeader } from '@/components/ui/card';
import { RelativeTime } from '@/components/ui/relative-time';
import type { Stewardship } from '@/lib/stewardship/store';
import { stewardshipStatus } from '@/lib/stewardship/status';
import { StewardshipForm } from './stewardship-form';

/** Owner, notes, rotation and expiry: read by everyone who sees the object, edited by admins. */
export function StewardshipCard({
  objectId,
  record,
  lastChanged,
  canEdit,
}: {
  objectId: string;
  record: Stewardship | null;
  lastChanged: string | null;
  canEdit: boolean;
}) {
  const { due, overdue, expired } = stewardshipStatus(record, lastChanged);
  return (
    <Card id="stewardship">
      <CardHeader
        title="Owner and rotation"
        description="Kept in the console database, never in Vault or the key context."
      />
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-2 px-5 py-4 text-sm">
        <dt className="text-slate-600">Owner</dt>
        <dd className="text-slate-900" data-testid="stewardship-owner">
          {record?.owner || <span className="text-slate-500">Not set</span>}
        </dd>
        <dt className="text-slate-600">Notes</dt>
        <dd className="whitespace-pre-wrap text-slate-900" data-testid="stewardship-notes">
          {record?.notes || <span className="text-slate-500">None</span>}
        </dd>
        <dt className="text-slate-600">Rotation</dt>
        <dd className="text-slate-900" data-testid="stewardship-rotation">
          {record?.rotationDays ? (
            <>
              Every {record.rotationDays} days
              {due ? (
                <span className={overdue ? 'font-medium text-red-700' : 'text-slate-600'}>
                  {' '}
                  · {overdue ? 'overdue since' : 'due'} <RelativeTime date={due} show="absolute" />
                </span>
              ) : null}
            </>
          ) : (
            <span className="text-slate-500">No period set</span>
          )}
        </dd>
        <dt className="text-slate-600">Expires</dt>
        <dd className="text-slate-900">
          {record?.expiresOn ? (
            <span className={expired ? 'font-medium text-red-700' : undefined}>
              {record.expiresOn}
              {expired ? ' (expired)' : ''}
            </span>
          ) : (
            <span className="text-slate-500">No expiry</span>
          )}
        </dd>
        {record ? (
          <>
            <dt className="text-slate-600">Last edited</dt>
            <dd className="text-slate-700">
              {record.updatedBy}, <RelativeTime date={record.updatedAt} />
            </dd>
          </>
        ) : null}
      </dl>
      {canEdit ? (
        <StewardshipForm
          objectId={objectId}
          initial={{
            owner: record?.owner ?? '',
            notes: record?.notes ?? '',
            rotationDays: record?.rotationDays ?? null,
            expiresOn: record?.expiresOn ?? null,
            updatedAt: record?.updatedAt ?? null,
          }}
        />
      ) : null}
    </Card>
  );
}
