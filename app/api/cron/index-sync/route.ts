import { getEnv } from '@/lib/env';
import { json } from '@/lib/http/json';
import { bearerMatches } from '@/lib/security/bearer';
import { ensureIndexSync } from '@/lib/index/runtime';

/** Vercel stops a function after this many seconds; a pass stays inside INDEX_SYNC_BUDGET_SECONDS. */
export const maxDuration = 60;
export const dynamic = 'force-dynamic';

/**
 * One bounded index-sync pass, for a scheduler (Vercel Cron sends `Authorization: Bearer
 * $CRON_SECRET`). Public in the proxy: it has no session and checks that header itself. The pass
 * is a build slice, or an incremental sync plus a reconcile slice when one is due, within the
 * budget; the next call resumes where this one stopped.
 */
export async function GET(request: Request) {
  const { cronSecret, indexSync } = getEnv();
  if (!bearerMatches(request.headers.get('authorization'), cronSecret))
    return json(
      {
        error: {
          code: 'unauthenticated',
          // The same words whether or not a secret is configured (R3-12).
          message: 'Send "Authorization: Bearer" with this console’s cron secret.',
        },
      },
      401,
    );
  const sync = await ensureIndexSync();
  const summary = await sync.runOnce({ budgetMs: indexSync.passBudgetMs });
  return json(summary, summary.error ? 502 : 200);
}
