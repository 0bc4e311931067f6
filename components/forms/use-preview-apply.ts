'use client';

import { useState } from 'react';
import type { ActionResult } from '@/lib/actions/result';
import { useServerAction } from './use-server-action';

/**
 * A batch form's two steps: an audited preview (a read) that lists rows, then an apply (a write)
 * that reports each row's outcome. Each step clears the other's error, so one shows at a time;
 * a new preview drops the last apply's outcomes, and `clear` drops both when the input changes
 * under them.
 */
export function usePreviewApply<PI, PR, AI, AD extends { rows: unknown[] }>(
  previewAction: (input: PI) => Promise<ActionResult<{ rows: PR[] }>>,
  applyAction: (input: AI) => Promise<ActionResult<AD>>,
) {
  const [rows, setRows] = useState<PR[] | null>(null);
  /** The apply's whole answer (an import can answer "sent for approval" beside its rows). */
  const [applied, setApplied] = useState<AD | null>(null);
  const results = (applied?.rows ?? null) as AD['rows'] | null;
  const preview = useServerAction(previewAction, 'read');
  const apply = useServerAction(applyAction, 'write');
  return {
    rows,
    results,
    applied,
    pending: preview.pending || apply.pending,
    error: preview.error ?? apply.error,
    runPreview(input: PI) {
      apply.reset();
      setApplied(null);
      preview.run(input, { onOk: (data) => setRows(data.rows) });
    },
    runApply(input: AI) {
      preview.reset();
      apply.run(input, { onOk: (data) => setApplied(data) });
    },
    clear() {
      setRows(null);
      setApplied(null);
    },
  };
}
