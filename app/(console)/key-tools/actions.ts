'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { POLICY } from '@/lib/auth/step-up';
import { decryptLocally, encryptLocally } from '@/lib/keys/local-crypto';
import { recordAudit } from '@/lib/audit/trail';
import { emitWorkosAudit } from '@/lib/audit/workos';
import { keyContextSchema, toContext } from '@/lib/vault/schemas';

const text = z.string().max(256 * 1024, { message: 'At most 256 KiB.' });
const aad = z
  .string()
  .max(1000, { message: 'Associated data is at most 1,000 characters.' })
  .optional();

/**
 * Nothing entered or produced here is logged or stored. Encrypt only computes; decrypt hands out
 * plaintext, so it is audited like a reveal (data key id and organization, never the text) before
 * the plaintext is returned, and needs a recent sign-in (lib/auth/step-up.ts).
 */
export const encryptWithDataKey = defineAction(
  {
    name: 'encryptWithDataKey',
    schema: z.object({ plaintext: text, context: keyContextSchema, associatedData: aad }),
    permission: 'vault.keys:use',
    policy: { ...POLICY.metadata, stepUp: 'write', rateLimit: 'key_tools' },
    probe: (c) => ({ plaintext: 'matrix', context: [{ key: 'organization_id', value: c.orgId }] }),
  },
  async (input) => encryptLocally(input.plaintext, toContext(input.context), input.associatedData),
);

export const decryptWithDataKey = defineAction(
  {
    name: 'decryptWithDataKey',
    schema: z.object({
      ciphertext: z
        .string()
        .min(1, { message: 'Paste a ciphertext.' })
        .max(400 * 1024),
      associatedData: aad,
    }),
    permission: 'vault.keys:use',
    // A value read that also spends the key-tools budget (it calls /keys/decrypt).
    policy: { ...POLICY.valueRead, rateLimit: ['value_reads', 'key_tools'] },
    probe: () => ({ ciphertext: 'bm90IGEgY2lwaGVydGV4dA==' }),
    returnTo: () => '/key-tools',
  },
  async (input, { session }) => {
    const r = await decryptLocally(input.ciphertext.trim(), input.associatedData);
    const orgId = r.ok ? (r.data.context?.organization_id ?? null) : null;
    // Our trail first: if it cannot be written, the plaintext is not returned (fail closed).
    const auditId = await recordAudit({
      user: session.user,
      action: 'key.decrypted',
      outcome: r.ok ? 'success' : 'failure',
      orgId,
      detail: {
        data_key_id: r.ok ? r.data.dataKeyId : null,
        ...(r.ok ? {} : { error: r.error.code }),
        ...(session.impersonator ? { impersonator: session.impersonator.email } : {}),
      },
    });
    if (!r.ok) return r;
    await emitWorkosAudit({
      session,
      orgId,
      action: 'vault.key.decrypted',
      object: { id: r.data.dataKeyId ?? 'unknown', name: 'data key', type: 'vault_data_key' },
      idempotencyKey: auditId,
    });
    return r;
  },
);
