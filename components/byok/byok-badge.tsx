import { Badge, type BadgeTone } from '@/components/ui/badge';
import { providerLabel, STATE_LABELS, type ByokStatus } from '@/lib/byok/state';

const TONE: Record<ByokStatus['state'], BadgeTone> = {
  verified: 'green',
  failed: 'amber',
  deleted: 'red',
  none: 'neutral',
};

/** `synced` false: BYOK events were never read yet, so "none" would be a guess. */
export function ByokBadge({ status, synced = true }: { status: ByokStatus; synced?: boolean }) {
  if (status.state === 'none' && !synced)
    return (
      <Badge tone="neutral" title="BYOK events have not been read from WorkOS yet">
        Checking keys…
      </Badge>
    );
  if (status.state === 'none')
    return (
      <Badge tone="neutral" title="No customer-managed key: data uses WorkOS-managed keys">
        WorkOS-managed
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
