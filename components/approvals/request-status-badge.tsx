import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { DisplayStatus } from '@/lib/approvals/requests';

const TONES: Record<DisplayStatus, BadgeTone> = {
  pending: 'amber',
  active: 'green',
  approved: 'green',
  denied: 'red',
  expired: 'neutral',
  ended: 'neutral',
  withdrawn: 'neutral',
  revoked: 'red',
};

const LABELS: Record<DisplayStatus, string> = {
  pending: 'Pending',
  active: 'Granted, running',
  approved: 'Approved',
  denied: 'Denied',
  expired: 'Expired unanswered',
  ended: 'Grant ended',
  withdrawn: 'Withdrawn',
  revoked: 'Revoked',
};

export function RequestStatusBadge({ status }: { status: DisplayStatus }) {
  return <Badge tone={TONES[status]}>{LABELS[status]}</Badge>;
}
