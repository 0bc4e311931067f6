import { Badge, type BadgeTone } from '@/components/ui/badge';
import { providerLabel, STATE_LABELS, type ByokStatus } from '@/lib/byok/state';

const TONE: Record<ByokStatus['state'], BadgeTone> = {
  verified: 'green',
  failed: 'amber',
  deleted: 'red',
  unknown: 'neutral',
};

/** `synced` false: BYOK events were never read yet, so "none" would be a guess. */
export function ByokBadge({ status, synced = true }: { status: ByokStatus; synced?: boolean }) {
  if (status.state === 'unknown' && !synced)
    return (
      <Badge tone="neutral" title="BYOK events have not been read from WorkOS yet">
        Checking keys…
      </Badge>
    );
  if (status.state === 'unknown')
    return (
      <Badge
        tone="neutral"
        title="No BYOK events in the last 30 days (the Events API keeps 30 days): a customer key verified earlier leaves no trace. Test the customer key on the organization’s BYOK page."
      >
        Key unknown
      </Badge>
    );
  return (
    <Badge
      tone={TONE[status.state]}
      title={`${providerLabel(status.provider)} · ${STATE_LABELS[status.state]}`}
    >
      BYOK · {providerLabel(status.provider)} · {STATE_LABELS[status.state]}
    </Badge>
  );
}
