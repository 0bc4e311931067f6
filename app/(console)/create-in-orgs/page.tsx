import { Card, CardHeader } from '@/components/ui/card';
import { Crumb, PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/session';
import { param, parseSearchParams, type PageInput } from '@/lib/http/search-params';
import { paths } from '@/lib/paths';
import { matrixView } from '@/lib/stewardship/views';
import { CreateInOrgsForm } from './_components/create-in-orgs-form';

export const metadata = { title: 'Create in several organizations' };

const MAX_ORGS = 200;

export default async function CreateInOrgsPage({ searchParams }: PageInput) {
  await requirePermission('vault.objects:write');
  const { data } = parseSearchParams(await searchParams, {
    kind: param.text(200),
    orgs: param.text(8000),
  });
  const kind = (data.kind ?? '').trim();
  const orgIds = [
    ...new Set(
      (data.orgs ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ].slice(0, MAX_ORGS);
  // Each org's name is its usual prefix (as in the tenant matrix) followed by the kind.
  const initial = orgIds.length
    ? await matrixView({
        orgIds,
        strip: 1,
        orgLimit: MAX_ORGS,
        orgOffset: 0,
        kindLimit: 1,
        kindOffset: 0,
      }).then(({ matrix, names }) =>
        orgIds.map((orgId) => {
          const prefix = matrix.prefixes[orgId];
          return {
            orgId,
            orgName: names.get(orgId) ?? null,
            name: prefix && kind ? `${prefix}/${kind}` : kind,
          };
        }),
      )
    : [];
  return (
    <>
      <PageHeader
        eyebrow={<Crumb href={paths.matrix()}>Tenant matrix</Crumb>}
        title="Create a name in several organizations"
        description="One object per organization, each under its own key context { organization_id }. Names that already exist are skipped, never overwritten."
      />
      <Card>
        <CardHeader
          title="Organizations, names and values"
          description="Values go to the server only when you apply; the console stores none of them."
        />
        <CreateInOrgsForm initial={initial} />
      </Card>
    </>
  );
}
