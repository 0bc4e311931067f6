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
export function usePreviewApply<PI, PR, AI, AR>(
  previewAction: (input: PI) => Promise<ActionResult<{ rows: PR[] }>>,
  applyAction: (input: AI) => Promise<ActionResult<{ rows: AR[] }>>,
) {
  const [rows, setRows] = useState<PR[] | null>(null);
  const [results, setResults] = useState<AR[] | null>(null);
  const preview = useServerAction(previewAction, 'read');
  const apply = useServerAction(applyAction, 'write');
  return {
    rows,
    results,
    pending: preview.pending || apply.pending,
    error: preview.error ?? apply.error,
    runPreview(input: PI) {
      apply.reset();
      setResults(null);
      preview.run(input, { onOk: (data) => setRows(data.rows) });
    },
    runApply(input: AI) {
      preview.reset();
      apply.run(input, { onOk: (data) => setResults(data.rows) });
    },
    clear() {
      setRows(null);
      setResults(null);
    },
  };
}
