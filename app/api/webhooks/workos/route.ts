import { after } from 'next/server';
import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { json } from '@/lib/http/json';
import { ensureIndexSync } from '@/lib/index/runtime';
import { receiveWorkOSWebhook } from '@/lib/index/webhooks';
import { getWorkOS } from '@/lib/workos/client';

/**
 * WorkOS webhook endpoint. Public in the proxy: it has no session and authenticates each delivery
 * itself, by the WorkOS-Signature header and WORKOS_WEBHOOK_SECRET. Replies before any Vault call.
 */
export async function POST(request: Request) {
  const raw = await request.text();
  const reply = await receiveWorkOSWebhook(raw, request.headers.get('workos-signature'), {
    db: await getDb(),
    workos: getWorkOS('index-sync'),
    secret: getEnv().webhookSecret,
    sync: ensureIndexSync,
    defer: (work) =>
      after(() =>
        work().catch((err: unknown) =>
          console.error(
            `[webhooks] catch-up failed: ${err instanceof Error ? err.message.slice(0, 200) : 'unknown error'}`,
          ),
        ),
      ),
  });
  return json(reply.body, reply.status);
}
