import 'server-only';
import type { ActionError } from '../actions/result';
import type { ConsoleSession } from '../auth/session';
import { getDb, type Db } from '../db/client';
import { consoleError } from '../workos/errors';
import { effectivePolicy } from './policy';
import { decryptAccessFor, type ActiveGrant } from './requests';

export const DECRYPT_RULE = 'Decrypting with key tools';

/**
 * May this person decrypt, with key tools, an envelope whose data key is bound to `orgId`? The
 * policy that applies to that organization (its override, else the environment default) decides:
 * with "decrypting with key tools" off, yes, as before approvals. With it on, only under a running
 * approved 'decrypt' grant of theirs for that organization, whatever their role (admins included).
 * An envelope whose organization cannot be read before decrypting (WorkOS keeps its key blob
 * opaque, or its context names none) is refused while any policy puts decrypts behind approval:
 * no one-organization grant can be checked against it.
 */
export async function decryptAdmission(
  session: Pick<ConsoleSession, 'user'>,
  orgId: string | null,
  db?: Pick<Db, 'query'>,
): Promise<{ ok: true; grant: ActiveGrant | null } | { ok: false; error: ActionError }> {
  const q = db ?? (await getDb());
  if (!orgId) {
    const on = await q.query<{ scope: string }>(
      `select scope from approval_policies where key_decrypt_needs_approval order by (scope = 'environment') desc, scope limit 1`,
    );
    if (!on.rows[0]) return { ok: true, grant: null };
    return {
      ok: false,
      error: consoleError('forbidden', {
        message: `An approval policy (${on.rows[0].scope === 'environment' ? 'the environment default' : `the override for ${on.rows[0].scope}`}) requires approval for “${DECRYPT_RULE}”, and this ciphertext does not say which organization its data key belongs to before it is decrypted, so no decrypt grant can be checked against it. Nothing was decrypted. Decrypt it where the key context is readable, or have a policy manager review the rule.`,
      }),
    };
  }
  const policy = await effectivePolicy(orgId, q);
  if (!policy?.keyDecryptNeedsApproval) return { ok: true, grant: null };
  const { grant, pending } = await decryptAccessFor(session.user.id, orgId, q);
  if (grant) return { ok: true, grant };
  return {
    ok: false,
    error: consoleError('forbidden', {
      message: `The approval policy for ${orgId} requires approval for “${DECRYPT_RULE}”, and you hold no running decrypt grant for that organization. Nothing was decrypted. ${
        pending
          ? `Your request ${pending.id} is waiting for an approver.`
          : 'Ask for decrypt access to it on this page (Ask for decrypt access); an approver decides it in Access requests.'
      }`,
    }),
  };
}
