import { HealthChecks } from './_components/health-checks';
import { Crumb, PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/session';

export const metadata = { title: 'Health checks' };

/** Admin-only: the checks write (and delete) a test object. */
export default async function HealthPage() {
  await requirePermission('vault.objects:write');
  return (
    <>
      <PageHeader
        eyebrow={<Crumb href="/settings">Settings & health</Crumb>}
        title="Health checks"
        description="The same pre-flight checks as `npm run doctor`, run by this server with its own configuration."
      />
      <HealthChecks />
    </>
  );
}
