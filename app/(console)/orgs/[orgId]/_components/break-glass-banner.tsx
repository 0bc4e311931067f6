import { Alert } from '@/components/ui/alert';
import { Link } from '@/components/ui/link';
import { RelativeTime } from '@/components/ui/relative-time';
import type { BreakGlassUse } from '@/lib/approvals/break-glass';
import { paths } from '@/lib/paths';
import { AcknowledgeBreakGlass } from './acknowledge-break-glass';

/**
 * The organization page's banner: every break-glass use nobody has acknowledged yet, with who,
 * what, when and why. Approvers (vault.requests:approve) acknowledge each; the server checks that.
 */
export function BreakGlassBanner({
  uses,
  canAcknowledge,
  userEmail,
}: {
  uses: BreakGlassUse[];
  canAcknowledge: boolean;
  userEmail: string;
}) {
  if (!uses.length) return null;
  return (
    <Alert
      tone="error"
      className="mb-4"
      title={`Break-glass: ${uses.length} use${uses.length === 1 ? '' : 's'} without approval, not yet acknowledged`}
    >
      <ul className="mt-2 space-y-3" data-testid="break-glass-banner">
        {uses.map((u) => (
          <li key={u.id} className="flex flex-wrap items-start justify-between gap-2">
            <p>
              <strong>{u.userEmail}</strong> {u.action === 'copy' ? 'copied' : 'revealed'}{' '}
              {u.objectId ? (
                <Link href={paths.object(u.objectId)} className="font-mono underline">
                  {u.objectName ?? u.objectId}
                </Link>
              ) : (
                'a value'
              )}{' '}
              <RelativeTime date={u.occurredAt} />. Reason: “{u.reason}”
            </p>
            {canAcknowledge && u.userEmail !== userEmail ? (
              <AcknowledgeBreakGlass id={u.id} />
            ) : null}
          </li>
        ))}
      </ul>
      {!canAcknowledge ? (
        <p className="mt-2 text-xs">An approver (vault.requests:approve) acknowledges each use.</p>
      ) : null}
    </Alert>
  );
}
