import { Link } from '@/components/ui/link';
import { ResyncButton } from './_components/resync-button';
import { buttonClass } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { Card, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { hasPermission, requirePermission } from '@/lib/auth/session';
import { databaseKind } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { formatCount } from '@/lib/format';
import { getIndexStatus } from '@/lib/index/runtime';

export const metadata = { title: 'Settings & health' };

export default async function SettingsPage() {
  const session = await requirePermission('vault.metadata:read');
  const [status, dbKind] = await Promise.all([getIndexStatus(), databaseKind()]);
  const env = getEnv();
  const failing =
    status.lastErrorAt && (!status.lastSyncAt || status.lastErrorAt > status.lastSyncAt);
  return (
    <>
      <PageHeader
        title="Settings & health"
        description="How the console is configured and how fresh its context index is."
        actions={
          <>
            {hasPermission(session, 'console.policy:manage') ? (
              <Link href="/settings/approvals" className={buttonClass('secondary')}>
                Approval policy
              </Link>
            ) : null}
            {hasPermission(session, 'vault.objects:write') ? (
              <Link href="/settings/health" className={buttonClass('secondary')}>
                Run health checks
              </Link>
            ) : null}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader
            title="Context index"
            description="Vault’s list endpoint has no key context, so the console keeps its own index of object metadata, built from list and describe only."
            actions={hasPermission(session, 'vault.objects:write') ? <ResyncButton /> : null}
          />
          <dl className="grid grid-cols-2 gap-4 px-5 py-4 text-sm">
            <div>
              <dt className="text-slate-600">State</dt>
              <dd className="font-medium">
                {status.build.status === 'ready'
                  ? 'Ready'
                  : `Building (${formatCount(status.build.listed)} listed)`}
              </dd>
            </div>
            <div>
              <dt className="text-slate-600">Objects indexed</dt>
              <dd className="font-medium tabular-nums">{formatCount(status.objectCount)}</dd>
            </div>
            <div>
              <dt className="text-slate-600">Last sync</dt>
              <dd className="font-medium">
                <RelativeTime date={status.lastSyncAt} />
              </dd>
            </div>
            <div>
              <dt className="text-slate-600">Last deletion check</dt>
              <dd className="font-medium">
                <RelativeTime date={status.lastReconcileAt} />
              </dd>
            </div>
            <div>
              <dt className="text-slate-600">Sync interval</dt>
              <dd className="font-medium">
                {env.indexSync.intervalMs / 1000} s (deletions every{' '}
                {env.indexSync.reconcileIntervalMs / 1000} s)
              </dd>
            </div>
            <div>
              <dt className="text-slate-600">Request budget</dt>
              <dd className="font-medium">
                {formatCount(env.indexSync.maxRequestsPerMinute)} WorkOS calls/min
              </dd>
            </div>
          </dl>
          {status.listFilter.mode !== 'filtered' ? (
            <div className="px-5 pb-4">
              <Alert
                tone="info"
                title={
                  status.listFilter.mode === 'rejected'
                    ? `WorkOS refused the list’s updated_after filter (HTTP ${status.listFilter.status ?? '4xx'})`
                    : 'WorkOS ignored the list’s updated_after filter'
                }
              >
                <p>
                  New and changed objects are found by a bounded walk of the whole list instead, a
                  few pages per pass; the filter is tried again every 30 minutes.
                </p>
              </Alert>
            </div>
          ) : null}
          {failing ? (
            <div className="px-5 pb-4">
              <Alert tone="warning" title="The last sync failed">
                <p>{status.lastError}</p>
                <p>The index keeps its previous contents and the next sync retries.</p>
              </Alert>
            </div>
          ) : null}
        </Card>
        <Card>
          <CardHeader title="Configuration" />
          <dl className="grid grid-cols-1 gap-3 px-5 py-4 text-sm">
            <div>
              <dt className="text-slate-600">Mode</dt>
              <dd className="font-medium">
                {env.mode === 'local' ? 'Local: bundled WorkOS emulator' : 'Cloud: WorkOS API'}
              </dd>
            </div>
            <div>
              <dt className="text-slate-600">WorkOS API</dt>
              <dd className="font-mono text-xs">{`${env.workos.https ? 'https' : 'http'}://${env.workos.hostname}${env.workos.port ? `:${env.workos.port}` : ''}`}</dd>
            </div>
            <div>
              <dt className="text-slate-600">Console database</dt>
              <dd className="font-medium">
                {dbKind === 'postgres'
                  ? 'PostgreSQL (DATABASE_URL)'
                  : `PGlite (${env.database.dataDir})`}
              </dd>
            </div>
            <div>
              <dt className="text-slate-600">Reveal</dt>
              <dd className="font-medium">
                Re-masked after {env.reveal.maskAfterSeconds} s; needs a sign-in within{' '}
                {Math.round(env.reveal.recentAuthMaxAgeSeconds / 60)} min
              </dd>
            </div>
          </dl>
        </Card>
      </div>
    </>
  );
}
