import 'server-only';
import type { ActionResult } from '../actions/result';
import { fail } from '../actions/result';
import { breakGlassRefusal, recordBreakGlass } from '../approvals/break-glass';
import type { ConsoleSession } from '../auth/session';
import { consoleError } from '../workos/errors';
import { describeObject } from './objects';
import { auditedRead } from './write';

/**
 * A reveal or copy under break-glass, for someone without reveal permission and without a grant.
 * Order: the policy check (refused: nothing recorded but the refusal), then the use itself is
 * recorded and notified, then the read, audited with the use's id. The organization whose policy
 * allowed it must be the one the value's own key context names, or nothing is handed out.
 */
export async function revealUnderBreakGlass(
  session: ConsoleSession,
  input: { objectId: string; purpose: 'reveal' | 'copy'; reason: string },
): Promise<
  ActionResult<{ value: string; versionId: string | null; name: string; breakGlassId: string }>
> {
  const object = await describeObject(input.objectId);
  if (!object.ok) return fail(object.error);
  const orgId = object.data.orgId;
  const refused = await breakGlassRefusal(orgId);
  if (refused) return fail(refused);
  const breakGlassId = await recordBreakGlass(session, {
    orgId: orgId!,
    objectId: object.data.id,
    objectName: object.data.name,
    action: input.purpose,
    reason: input.reason,
  });
  const read = await auditedRead(
    {
      session,
      detail: { break_glass_id: breakGlassId },
      metadata: { break_glass_id: breakGlassId, approved_by: 'nobody (break-glass)' },
    },
    {
      objectId: input.objectId,
      action: input.purpose === 'copy' ? 'object.copied' : 'object.revealed',
      reason: input.reason,
      auditFailure: true,
      admit: (_id, readOrg) =>
        readOrg === orgId
          ? null
          : consoleError('forbidden', {
              message:
                'Break-glass is refused: the value’s key context names another organization than the one whose policy allowed it.',
            }),
    },
  );
  if (!read.ok) return read;
  return {
    ok: true,
    data: {
      value: read.data.value ?? '',
      versionId: read.data.metadata.versionId ?? null,
      name: read.data.name,
      breakGlassId,
    },
  };
}
