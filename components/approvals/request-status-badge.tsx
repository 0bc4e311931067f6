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
  stale: 'amber',
  applied: 'green',
};

const LABELS: Record<DisplayStatus, string> = {
  pending: 'Pending',
  active: 'Granted, running',
  // Reveal requests show active or ended instead; an approved change request not yet written shows this.
  approved: 'Approved, not applied',
  denied: 'Denied',
  expired: 'Expired unanswered',
  ended: 'Grant ended',
  withdrawn: 'Withdrawn',
  revoked: 'Revoked',
  stale: 'Stale: needs rebase',
  applied: 'Applied',
};

export function RequestStatusBadge({ status }: { status: DisplayStatus }) {
  return <Badge tone={TONES[status]}>{LABELS[status]}</Badge>;
}
