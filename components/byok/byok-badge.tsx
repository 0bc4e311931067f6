import { Badge, type BadgeTone } from '@/components/ui/badge';
import { providerLabel, STATE_LABELS, type ByokStatus } from '@/lib/byok/state';

const TONE: Record<ByokStatus['state'], BadgeTone> = {
  verified: 'green',
  failed: 'amber',
  deleted: 'red',
  none: 'neutral',
};

export function ByokBadge({ status }: { status: ByokStatus }) {
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
