import { orgForPage } from '@/components/orgs/org-for-page';
import { OrgTabs } from '@/components/orgs/org-tabs';
import { Card, CardHeader } from '@/components/ui/card';
import { Crumb, PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/session';
import { paths } from '@/lib/paths';
import { ImportForm } from './_components/import-form';

export const metadata = { title: 'Import' };

export default async function ImportPage({ params }: { params: Promise<{ orgId: string }> }) {
  await requirePermission('vault.objects:write');
  const { orgId } = await params;
  const { org, panel } = await orgForPage(orgId, paths.orgImport(orgId));
  if (!org) return panel;
  return (
    <>
      <PageHeader
        eyebrow={<Crumb href={paths.org(orgId)}>{org.name}</Crumb>}
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
