import { notFound } from 'next/navigation';
import { OrgTabs } from '@/components/orgs/org-tabs';
import { Card, CardHeader } from '@/components/ui/card';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Crumb, PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/session';
import { getOrganization } from '@/lib/orgs';
import { paths } from '@/lib/paths';
import { ImportForm } from './_components/import-form';

export const metadata = { title: 'Import' };

export default async function ImportPage({ params }: { params: Promise<{ orgId: string }> }) {
  await requirePermission('vault.objects:write');
  const { orgId } = await params;
  const result = await getOrganization(orgId);
  if (!result.ok) {
    if (result.error.code === 'not_found') notFound();
    return (
      <ErrorPanel
        error={result.error}
        what="this organization"
        retryHref={paths.orgImport(orgId)}
      />
    );
  }
  return (
    <>
      <PageHeader
        eyebrow={<Crumb href={paths.org(orgId)}>{result.data.name}</Crumb>}
        title="Import a .env or JSON file"
        description={<span className="font-mono text-xs">{orgId}</span>}
      />
      <OrgTabs orgId={orgId} current="operations" />
      <Card>
        <CardHeader
          title="Names and values"
          description="Each name becomes an object under this organization’s context. The preview compares existing names with an audited read; applying creates new names and saves changed ones with a version check."
        />
        <ImportForm orgId={orgId} />
      </Card>
    </>
  );
}
