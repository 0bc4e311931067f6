import { Link } from '@/components/ui/link';
import { notFound } from 'next/navigation';
import { PlaceActions } from '../../_components/place-actions';
import { ObjectTable } from '@/components/objects/object-table';
import { BreakGlassBanner } from './_components/break-glass-banner';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import { ErrorPanel } from '@/components/ui/error-panel';
import { IndexBuildingNotice } from '@/components/layout/first-sync-notice';
import { Crumb, PageHeader } from '@/components/ui/page-header';
import { OrgTabs } from '@/components/orgs/org-tabs';
import { hasPermission, requirePermission } from '@/lib/auth/session';
import { buttonClass } from '@/components/ui/button';
import { formatCount } from '@/lib/format';
import { getOrganization } from '@/lib/orgs';
import { deletedObjectName } from '@/lib/audit/trail';
import { openBreakGlass } from '@/lib/approvals/break-glass';
import { orgObjectsView } from '@/lib/index/org-objects';
import { param, parseSearchParams, type PageInput } from '@/lib/http/search-params';
import { paths } from '@/lib/paths';

export const metadata = { title: 'Organization' };

export default async function OrganizationPage({
  params,
  searchParams,
}: PageInput<{ orgId: string }>) {
  const session = await requirePermission('vault.metadata:read');
  const { orgId } = await params;
  // The banner shows a name from our own audit trail (a delete this console made in this
  // organization), never text from the URL (F15a).
  const { deleted: deletedId } = parseSearchParams(await searchParams, {
    deleted: param.text(200),
  }).data;
  const result = await getOrganization(orgId);
  if (!result.ok) {
    if (result.error.code === 'not_found') notFound();
    return (
      <>
        <PageHeader eyebrow={<Crumb href="/orgs">Organizations</Crumb>} title={orgId} />
        <ErrorPanel error={result.error} retryHref={paths.org(orgId)} what="this organization" />
      </>
    );
  }
  const org = result.data;
  const deleted = deletedId ? await deletedObjectName(deletedId, orgId) : null;
  const [{ first, total, building }, breakGlass] = await Promise.all([
    orgObjectsView(org.id),
    openBreakGlass(org.id),
  ]);

  return (
    <>
      <PageHeader
        eyebrow={<Crumb href="/orgs">Organizations</Crumb>}
        title={org.name}
        description={
          <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span className="font-mono text-xs">{org.id}</span>
            <CopyButton text={org.id} label="Copy id" />
            {org.domains.length ? <span>{org.domains.map((d) => d.domain).join(', ')}</span> : null}
            <span>{formatCount(total)} objects indexed</span>
          </span>
        }
        actions={
          <>
            <PlaceActions session={session} kind="org" id={org.id} label={org.name} />
            {hasPermission(session, 'vault.objects:write') ? (
              <Link href={paths.orgNew(org.id)} className={buttonClass('primary')}>
                Create object
              </Link>
            ) : null}
          </>
        }
      />
      <BreakGlassBanner
        uses={breakGlass}
        canAcknowledge={hasPermission(session, 'vault.requests:approve')}
        userEmail={session.user.email}
      />
      {deleted ? (
        <Alert tone="success" className="mb-4">
          Deleted <strong className="font-mono">{deleted}</strong> and all its versions.
        </Alert>
      ) : null}
      <OrgTabs orgId={org.id} current="objects" />
      {building ? (
        <IndexBuildingNotice>
          {formatCount(building.objectCount)} objects are indexed so far across all organizations.
          This list fills in as the build continues; nothing is decrypted to build it.
        </IndexBuildingNotice>
      ) : null}
      <Card className="overflow-hidden">
        <ObjectTable
          orgId={org.id}
          initial={first}
          emptyHint={
            <>
              Objects appear here when their key context has{' '}
              <code className="font-mono">organization_id={org.id}</code>.
            </>
          }
        />
      </Card>
    </>
  );
}
