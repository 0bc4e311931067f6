'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { POLICY } from '@/lib/auth/step-up';
import { decryptLocally, encryptLocally } from '@/lib/keys/local-crypto';
import { recordAudit } from '@/lib/audit/trail';
import { emitWorkosAudit } from '@/lib/audit/workos';
import { keyContextSchema, toContext } from '@/lib/vault/schemas';
import { fail } from '@/lib/actions/result';
import { decryptAdmission, DECRYPT_RULE } from '@/lib/approvals/decrypt';
import { effectivePolicy } from '@/lib/approvals/policy';
import { createAccessRequest } from '@/lib/approvals/requests';
import { requestDecryptAccessSchema } from '@/lib/approvals/schemas';
import { detectEnvelope } from '@/lib/keys/envelope';
import { consoleError } from '@/lib/workos/errors';

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
    const ciphertext = input.ciphertext.trim();
    // The organization the data key is bound to, read from the envelope before WorkOS unwraps
    // anything, so a decrypt the policy puts behind approval never reaches /keys/decrypt without a
    // grant. Not an envelope at all: decryptLocally names the problem without calling WorkOS.
    let envelopeOrg: string | null | undefined;
    try {
      envelopeOrg = detectEnvelope(ciphertext).context?.organization_id ?? null;
    } catch {
      envelopeOrg = undefined;
    }
    let grantId: string | null = null;
    if (envelopeOrg !== undefined) {
      const admitted = await decryptAdmission(session, envelopeOrg);
      if (!admitted.ok) {
        await recordAudit({
          user: session.user,
          action: 'key.decrypted',
          outcome: 'failure',
          orgId: envelopeOrg,
          detail: { error: 'approval_required', rule: 'key_decrypt_needs_approval' },
        });
        return fail(admitted.error);
      }
      grantId = admitted.grant?.id ?? null;
    }
    const r = await decryptLocally(ciphertext, input.associatedData);
    const orgId = r.ok ? (r.data.context?.organization_id ?? null) : null;
    // Our trail first: if it cannot be written, the plaintext is not returned (fail closed).
    const auditId = await recordAudit({
      user: session.user,
      action: 'key.decrypted',
      outcome: r.ok ? 'success' : 'failure',
      orgId,
      detail: {
        data_key_id: r.ok ? r.data.dataKeyId : null,
        ...(grantId ? { grant_id: grantId } : {}),
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
      ...(grantId ? { metadata: { request_id: grantId } } : {}),
    });
    return r;
  },
);

/**
 * Ask for time-bound key-tools decrypt access to one organization. Only where the policy that
 * applies to it puts decrypts behind approval; it goes to the same queue as reveal requests
 * (same approvers, never one's own, expiry and longest grant).
 */
export const requestDecryptAccess = defineAction(
  {
    name: 'requestDecryptAccess',
    schema: requestDecryptAccessSchema,
    permission: 'vault.keys:use',
    policy: POLICY.metadata,
    // With no policy on this made-up organization, answered "nothing to ask for" before anything is filed.
    probe: () => ({
      orgId: 'org_matrixNoSuchOrganization',
      minutes: 30,
      reason: 'auth matrix probe',
      ticket: '',
    }),
    returnTo: () => '/key-tools',
  },
  async (input, { session }) => {
    const policy = await effectivePolicy(input.orgId);
    if (!policy?.keyDecryptNeedsApproval)
      return fail(
        consoleError('invalid_input', {
          message: `No approval policy for ${input.orgId} puts “${DECRYPT_RULE}” behind approval, so there is nothing to ask for: decrypt directly.`,
        }),
      );
    return createAccessRequest(
      session,
      {
        kind: 'decrypt',
        orgId: input.orgId,
        objectId: null,
        objectName: null,
        minutes: input.minutes,
        reason: input.reason,
        ticket: input.ticket,
      },
      policy,
    );
  },
);
