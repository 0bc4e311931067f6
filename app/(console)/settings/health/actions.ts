'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { POLICY } from '@/lib/auth/step-up';
import { consoleRedirectUri } from '@/lib/auth/redirects';
import { runDoctor } from '@/lib/doctor/checks';
import { getEnv } from '@/lib/env';
import { getWorkOS } from '@/lib/workos/client';

/** Runs the pre-flight checks with the server's own configuration (creates and deletes a test object). */
export const runHealthChecks = defineAction(
  {
    name: 'runHealthChecks',
    schema: z.object({}).strict(),
    permission: 'vault.objects:write',
    policy: POLICY.consoleWrite,
    probe: () => ({}),
  },
  async () => {
    const env = getEnv();
    const workos = getWorkOS('doctor');
    const results = await runDoctor({
      apiKey: env.workos.apiKey,
      clientId: env.workos.clientId,
      cookiePassword: process.env.WORKOS_COOKIE_PASSWORD ?? '',
      redirectUri: consoleRedirectUri() ?? '',
      appUrl: env.appUrl,
      workos,
    });
    return { ok: true, data: { results, ranAt: new Date().toISOString() } };
  },
);
