import { Link } from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { ActivityPanel } from '@/components/activity/activity-panel';
import { PlaceActions } from '../../_components/place-actions';
import { MetadataList } from '@/components/objects/metadata-list';
import { SdkSnippet } from '@/components/objects/sdk-snippet';
import { VersionTable } from '@/components/objects/version-table';
import { Alert } from '@/components/ui/alert';
import { Card, CardHeader } from '@/components/ui/card';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Crumb, PageHeader } from '@/components/ui/page-header';
import { DeleteObject } from './_components/delete-object';
import { ProposeDelete } from './_components/propose-delete';
import { opNeedsApproval } from '@/lib/vault/change-requests';
import { RestoreVersion } from './_components/restore-version';
import { versionCopiesView } from '@/lib/vault/recovery-view';
import { BreakGlass } from './_components/break-glass';
import { GrantAccess } from './_components/grant-access';
import { RevealPanel } from './_components/reveal-panel';
import { StewardshipCard } from './_components/stewardship-card';
import { ValueEditor } from './_components/value-editor';
import { effectivePolicy } from '@/lib/approvals/policy';
import { hasPermission, requirePermission } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { providerLabel } from '@/lib/byok/state';
import { getObjectView, getObjectStewardship } from '@/lib/vault/object-view';
import { ACTIVITY_FILTERS } from '@/lib/activity/labels';
import { loadObjectActivity } from '@/lib/activity/object-activity';
import { param, parseSearchParams, type PageInput } from '@/lib/http/search-params';
import { paths } from '@/lib/paths';

export const metadata = { title: 'Object' };

export default async function ObjectPage({
  params,
  searchParams,
}: PageInput<{ objectId: string }>) {
  const session = await requirePermission('vault.metadata:read');
  const { objectId } = await params;
  const { created, activity, activity_after } = parseSearchParams(await searchParams, {
    created: param.text(10),
    activity: param.oneOf(ACTIVITY_FILTERS),
    activity_after: param.cursor(),
  }).data;
  // Console data that needs only the id, started alongside the WorkOS calls; awaited below.
  const stewardshipLoad = getObjectStewardship(objectId);
  stewardshipLoad.catch(() => undefined); // still thrown where it is awaited
  const copiesLoad = versionCopiesView(objectId);
  copiesLoad.catch(() => undefined);
  const view = await getObjectView(objectId);
  if (!view.ok) {
    if (view.error.code === 'not_found') notFound();
    return (
      <>
        <PageHeader eyebrow={<Crumb href="/orgs">Organizations</Crumb>} title="Object" />
        <ErrorPanel
          error={view.error}
          retryHref={paths.object(objectId)}
          what={`object ${objectId}`}
        />
      </>
    );
  }
  const { meta, versions, authors, orgName, byok, onBrokenCustomerKey } = view.data;
  const activityFilter = activity ?? 'all';
  // The policy and the panels below need only the object's metadata: one round of reads.
  const [policy, activityData, stewardship, copies] = await Promise.all([
    effectivePolicy(meta.orgId),
    loadObjectActivity(
      meta.name,
      activityFilter,
      activity_after ?? null,
      versions.ok ? versions.data : [],
    ),
    stewardshipLoad,
    copiesLoad,
  ]);
  // Without reveal permission, an approval policy may let this person ask for access.
  const revealPolicy =
    !hasPermission(session, 'vault.values:reveal') && meta.orgId && policy?.revealNeedsApproval
      ? policy
      : null;
  // Where policy puts changes or deletes behind approval, the page proposes instead of writing.
  const changeApproval = opNeedsApproval(policy, 'update') ? policy : null;
  const deleteApproval = opNeedsApproval(policy, 'delete');
  const canRestore = hasPermission(session, 'vault.objects:write');

  return (
    <>
      <PageHeader
        eyebrow={
          <nav aria-label="Breadcrumb" className="flex gap-1">
            <Crumb href="/orgs">Organizations</Crumb>
            {meta.orgId ? (
              <>
                <span aria-hidden>/</span>
                <Crumb href={paths.org(meta.orgId)}>{orgName ?? meta.orgId}</Crumb>
              </>
            ) : null}
          </nav>
        }
        title={<span className="font-mono text-xl">{meta.name}</span>}
        description="Metadata and versions come from describe and the version list; nothing on this page decrypts the value."
        actions={<PlaceActions session={session} kind="object" id={meta.id} label={meta.name} />}
      />
      {onBrokenCustomerKey && byok ? (
        <Alert tone="error" className="mb-4" title="Customer key unavailable">
          <p>
            {byok.keyId
              ? 'This object is encrypted with '
              : 'This object was written after the key was verified, so it is most likely (an estimate from write times) encrypted with '}
            {orgName ?? 'the organization'}’s own {providerLabel(byok.provider)} key, which{' '}
            {byok.state === 'deleted' ? 'was deleted' : 'is failing verification'}. Its value cannot
            be read or changed until the customer restores the key. Metadata and versions below are
            still available.{' '}
            {meta.orgId ? (
              <Link href={paths.orgByok(meta.orgId)} className="font-medium underline">
                BYOK status
              </Link>
            ) : null}
          </p>
        </Alert>
      ) : null}
      {created ? (
        <Alert tone="success" className="mb-4">
          Object created. Its key context is now fixed.
        </Alert>
      ) : null}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card>
            <CardHeader
              title="Value"
              description="Never loaded with the page. Each reveal, copy and edit is recorded in the audit trail."
            />
            {hasPermission(session, 'vault.values:reveal') ? (
              <RevealPanel
                objectId={meta.id}
                maskAfterSeconds={getEnv().reveal.maskAfterSeconds}
                reasonToCustomer={getEnv().reveal.reasonDestination !== 'console-only'}
              />
            ) : revealPolicy ? (
              <GrantAccess
                objectId={meta.id}
                orgName={orgName ?? meta.orgId ?? 'this organization'}
                maxGrantMinutes={revealPolicy.maxGrantMinutes}
                ticketRequired={revealPolicy.ticketRequired}
                approvalsRequired={revealPolicy.approvalsRequired}
                maskAfterSeconds={getEnv().reveal.maskAfterSeconds}
                reasonToCustomer={getEnv().reveal.reasonDestination !== 'console-only'}
              />
            ) : (
              <p className="px-5 py-4 text-sm text-slate-600">
                Your role can read metadata and versions, not values.
              </p>
            )}
            {revealPolicy?.breakGlassAllowed ? (
              <BreakGlass objectId={meta.id} maskAfterSeconds={getEnv().reveal.maskAfterSeconds} />
            ) : null}
            {hasPermission(session, 'vault.objects:write') &&
            hasPermission(session, 'vault.values:reveal') ? (
              <div className="border-t border-slate-200">
                <ValueEditor
                  objectId={meta.id}
                  pageVersion={meta.versionId ?? ''}
                  {...(changeApproval
                    ? { propose: { approvalsRequired: changeApproval.approvalsRequired } }
                    : {})}
                />
              </div>
            ) : null}
          </Card>
          <Card>
            <CardHeader title="Metadata" />
            <MetadataList meta={meta} orgName={orgName} />
          </Card>
          <Card className="overflow-hidden">
            <CardHeader
              title="Version history"
              description="Sizes are of the stored encrypted record, not of the plaintext. Authors come from the console’s own audit trail, else from the WorkOS write event nearest in time."
            />
            {versions.ok ? (
              <VersionTable
                versions={versions.data}
                authors={authors}
                eventAuthors={activityData.eventAuthors}
                eventsSince={activityData.horizon?.toISOString() ?? null}
                showSizes={hasPermission(session, 'vault.values:reveal')}
                earlierValue={(v) =>
                  v.current ? (
                    'In use now: nothing to restore.'
                  ) : copies[v.id] && canRestore ? (
                    <RestoreVersion
                      objectId={meta.id}
                      copyId={copies[v.id]!}
                      versionId={v.id}
                      pageVersion={meta.versionId ?? ''}
                    />
                  ) : copies[v.id] ? (
                    'The console kept a copy; restoring it needs write access.'
                  ) : (
                    'No copy exists: this version was replaced outside the console, before copies were kept, or its recovery window ended.'
                  )
                }
              />
            ) : (
              <div className="p-4">
                <ErrorPanel
                  error={versions.error}
                  what="versions"
                  retryHref={paths.object(objectId)}
                />
              </div>
            )}
          </Card>
          <Card className="overflow-hidden" id="activity">
            <CardHeader
              title="Activity"
              description="Every create, update, value read, metadata read and delete WorkOS reported for this name, from the console and from outside it. No values."
              actions={
                hasPermission(session, 'console.audit:read') ? (
                  <Link
                    href={paths.audit({ object: meta.id })}
                    className="text-sm text-indigo-700 underline"
                  >
                    Console audit trail
                  </Link>
                ) : null
              }
            />
            <ActivityPanel
              objectId={meta.id}
              rows={activityData.rows}
              filter={activityFilter}
              nextCursor={activityData.nextCursor}
              isFirstPage={!activity_after}
              horizon={activityData.horizon}
              retentionDays={activityData.retentionDays}
              syncedAt={activityData.syncedAt}
            />
          </Card>
        </div>
        <div className="space-y-6">
          {hasPermission(session, 'vault.objects:delete') && meta.versionId ? (
            <Card>
              <CardHeader title="Delete" description="Removes the object and all its versions." />
              {deleteApproval ? (
                <ProposeDelete objectId={meta.id} versionId={meta.versionId} />
              ) : (
                <DeleteObject
                  objectId={meta.id}
                  name={meta.name}
                  versionId={meta.versionId}
                  recoveryDays={getEnv().deleteRecoveryDays}
                />
              )}
            </Card>
          ) : null}
          <StewardshipCard
            objectId={meta.id}
            record={stewardship}
            lastChanged={meta.updatedAt}
            canEdit={hasPermission(session, 'vault.objects:write')}
          />
          <Card className="overflow-hidden">
            <CardHeader title="Same calls with the SDK" />
            <SdkSnippet objectId={meta.id} />
          </Card>
        </div>
      </div>
    </>
  );
}
