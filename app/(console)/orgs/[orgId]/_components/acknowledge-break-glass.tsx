'use client';

import { acknowledgeBreakGlassUse } from '../break-glass-actions';
import { ActionButton } from '@/components/forms/action-button';

/** Acknowledge one break-glass use (audited on the server); the banner refreshes. */
export function AcknowledgeBreakGlass({ id }: { id: string }) {
  return (
    <ActionButton action={acknowledgeBreakGlassUse} input={{ id }} size="sm" gap="space-y-1">
      Acknowledge
    </ActionButton>
  );
}
