import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Link } from '@/components/ui/link';
import { PageHeader } from '@/components/ui/page-header';
import { RelativeTime } from '@/components/ui/relative-time';
import { Table, Td, TimeCell } from '@/components/ui/table';
import { hasPermission, requirePermission } from '@/lib/auth/session';
import { inboxItems, type InboxDecision } from '@/lib/notify/inbox';
import { cachedOrgNames } from '@/lib/org-names';
import { paths } from '@/lib/paths';
import { MarkSeen } from './_components/mark-seen';

export const metadata = { title: 'Inbox' };

const KIND_LABEL: Record<InboxDecision['kind'], string> = {
  approved: 'Approved',
  denied: 'Denied',
  revoked: 'Revoked',
  expired: 'Expired unanswered',
};

export default async function InboxPage() {
  const session = await requirePermission('vault.metadata:read');
  const approver = hasPermission(session, 'vault.requests:approve');
  const renderedAt = new Date();
  const { waiting, decisions } = await inboxItems(session.user.id, approver);
  const orgNames = await cachedOrgNames([
    ...new Set([...waiting.map((w) => w.orgId), ...decisions.map((d) => d.orgId)]),
  ]);
  const unseen = decisions.filter((d) => d.unseen).length;
  const target = (objectId: string | null, objectName: string | null, orgId: string) => (
    <>
      {objectId ? (
        <Link className="font-mono text-indigo-700 hover:underline" href={paths.object(objectId)}>
          {objectName ?? objectId}
        </Link>
      ) : (
        <span>All objects</span>
      )}
      <span className="block text-xs text-slate-500">{orgNames.get(orgId) ?? orgId}</span>
    </>
  );
  return (
    <>
      <PageHeader
        title="Inbox"
        description="Access requests waiting for your decision, and what was decided on yours."
      />
      {approver ? (
        <section aria-labelledby="inbox-waiting" className="mb-6">
          <h2 id="inbox-waiting" className="mb-2 text-base font-semibold text-slate-900">
            Waiting for your decision ({waiting.length})
          </h2>
          <Card className="overflow-hidden">
            {waiting.length === 0 ? (
              <EmptyState title="Nothing is waiting">
                Requests you may approve appear here; you never decide your own.
              </EmptyState>
            ) : (
              <Table
                caption="Requests waiting for your decision"
                columns={['Requested', 'By', 'Access to', 'Closes']}
              >
                {waiting.map((w) => (
                  <tr key={w.requestId}>
                    <Td kind="time">
                      <Link
                        className="text-indigo-700 hover:underline"
                        href={paths.request(w.requestId)}
                      >
                        <RelativeTime date={w.createdAt} />
                      </Link>
                    </Td>
                    <Td className="text-slate-800">{w.requesterEmail}</Td>
                    <Td>{target(w.objectId, w.objectName, w.orgId)}</Td>
                    <TimeCell date={w.expiresAt} />
                  </tr>
                ))}
              </Table>
            )}
          </Card>
        </section>
      ) : null}
      <section aria-labelledby="inbox-decisions">
        <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
          <h2 id="inbox-decisions" className="text-base font-semibold text-slate-900">
            Decisions on your requests{unseen ? ` (${unseen} new)` : ''}
          </h2>
          <MarkSeen until={renderedAt.toISOString()} count={unseen} />
        </div>
        <Card className="overflow-hidden">
          {decisions.length === 0 ? (
            <EmptyState title="No decisions yet">
              When someone approves, denies or revokes a request of yours, or it expires, it shows
              here.
            </EmptyState>
          ) : (
            <Table
              caption="Decisions on your requests, newest first"
              columns={['When', 'What', 'By', 'Access to', 'Comment']}
            >
              {decisions.map((d, i) => (
                <tr
                  key={`${d.requestId}-${d.kind}-${i}`}
                  data-unseen={d.unseen ? 'true' : undefined}
                >
                  <Td kind="time">
                    <Link
                      className="text-indigo-700 hover:underline"
                      href={paths.request(d.requestId)}
                    >
                      <RelativeTime date={d.at} />
                    </Link>
                  </Td>
                  <Td>
                    {KIND_LABEL[d.kind]}
                    {d.unseen ? (
                      <Badge tone="indigo" className="ml-2">
                        New
                      </Badge>
                    ) : null}
                  </Td>
                  <Td className="text-slate-800">{d.by ?? 'The console (time ran out)'}</Td>
                  <Td>{target(d.objectId, d.objectName, d.orgId)}</Td>
                  <Td className="max-w-xs">
                    <span className="line-clamp-2">{d.comment ?? ''}</span>
                  </Td>
                </tr>
              ))}
            </Table>
          )}
        </Card>
      </section>
    </>
  );
}
