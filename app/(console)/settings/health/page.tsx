import Link from 'next/link';
import { HealthChecks } from '@/components/layout/health-checks';
import { PageHeader } from '@/components/ui/page-header';
import { requirePermission } from '@/lib/auth/session';
import { runHealthChecks } from './actions';

export const metadata = { title: 'Health checks' };

/** Admin-only: the checks write (and delete) a test object. */
export default async function HealthPage() {
  await requirePermission('vault.objects:write');
  return (
    <>
      <PageHeader
        eyebrow={
          <Link prefetch={false} href="/settings" className="hover:underline">
            Settings & health
          </Link>
        }
        title="Health checks"
        description="The same pre-flight checks as `npm run doctor`, run by this server with its own configuration."
      />
      <HealthChecks run={runHealthChecks} />
    </>
  );
}
