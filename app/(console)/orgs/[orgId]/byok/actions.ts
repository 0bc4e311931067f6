'use server';

import { GenerateLinkIntent } from '@workos-inc/node';
import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { POLICY } from '@/lib/auth/step-up';
import { recordAudit } from '@/lib/audit/trail';
import { testCustomerKey } from '@/lib/byok/key-test';
import { getDb } from '@/lib/db/client';
import { orgIdSchema } from '@/lib/vault/schemas';
import { getWorkOS } from '@/lib/workos/client';
import { toConsoleError } from '@/lib/workos/errors';

/** An Admin Portal link for the customer's IT team to set up their key. Links expire after 5 minutes. */
export const generateByokLink = defineAction(
  {
    name: 'generateByokLink',
    schema: z.object({ orgId: orgIdSchema }),
    permission: 'vault.byok:manage',
    policy: POLICY.write,
    probe: (c) => ({ orgId: c.orgId }),
    returnTo: (i) => `/orgs/${encodeURIComponent(i.orgId)}/byok`,
    auditTarget: (i) => ({ orgId: i.orgId }),
  },
  async ({ orgId }, { session }) => {
    try {
      const { link } = await getWorkOS().adminPortal.generateLink({
        organization: orgId,
        intent: GenerateLinkIntent.BringYourOwnKey,
      });
      await recordAudit({ user: session.user, action: 'portal.link_generated', orgId });
      return {
        ok: true,
        data: { link, expiresAt: new Date(Date.now() + 5 * 60_000).toISOString() },
      };
    } catch (err) {
      return { ok: false, error: toConsoleError(err) };
    }
  },
);

/**
 * "Test the customer key": one harmless Vault call under the organization's key context (a data
 * key is wrapped and dropped; nothing is stored at WorkOS). Usable or not, the run is audited.
 */
export const testByokKey = defineAction(
  {
    name: 'testByokKey',
    schema: z.object({ orgId: orgIdSchema }),
    permission: 'vault.byok:manage',
    policy: { ...POLICY.metadata, rateLimit: 'writes' },
    probe: (c) => ({ orgId: c.orgId }),
    returnTo: (i) => `/orgs/${encodeURIComponent(i.orgId)}/byok`,
    auditTarget: (i) => ({ orgId: i.orgId }),
  },
  async ({ orgId }, { session }) => {
    const check = await testCustomerKey(await getDb(), getWorkOS(), orgId, session.user);
    return { ok: true, data: { ...check, checkedAt: check.checkedAt.toISOString() } };
  },
);
