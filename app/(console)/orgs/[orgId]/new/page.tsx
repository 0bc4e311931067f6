import { CreateObjectForm } from './_components/create-object-form';
import { Card } from '@/components/ui/card';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Crumb, PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/session';
import { getOrganization } from '@/lib/orgs';
import { paths } from '@/lib/paths';
import { policyRequiring } from '@/lib/vault/change-requests';
import { param, parseSearchParams, type PageInput } from '@/lib/http/search-params';

export const metadata = { title: 'Create object' };

export default async function NewObjectPage({
  params,
  searchParams,
}: PageInput<{ orgId: string }>) {
  await requirePermission('vault.objects:write');
  const { orgId } = await params;
  // A name suggested by a link (the tenant matrix's "Missing · create"); only a starting value.
  const { name } = parseSearchParams(await searchParams, { name: param.text(200) }).data;
  const result = await getOrganization(orgId);
  if (!result.ok)
    return (
      <ErrorPanel error={result.error} what="this organization" retryHref={paths.orgNew(orgId)} />
    );
  const propose = (await policyRequiring('create', { orgId: result.data.id })) !== null;
  return (
    <>
      <PageHeader
        eyebrow={<Crumb href={paths.org(result.data.id)}>{result.data.name}</Crumb>}
        title={propose ? 'Propose a new object' : 'Create object'}
      />
      <Card className="max-w-3xl p-6">
        <CreateObjectForm
          orgId={result.data.id}
          orgName={result.data.name}
          defaultName={name}
          propose={propose}
        />
      </Card>
    </>
  );
}
