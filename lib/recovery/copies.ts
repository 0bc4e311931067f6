import 'server-only';
import type { WorkOS } from '@workos-inc/node';
import { getDb, type Db } from '../db/client';
import { getEnv } from '../env';
import { getWorkOS } from '../workos/client';
import { toConsoleError, type ConsoleError } from '../workos/errors';
import { sealValue } from './seal';
import { dropCopy, insertCopy, keepCopy, newCopyId, type CopyKind } from './store';

/** Days a copy is kept; 0 means deletes and saves stay final (no copy is made). */
export function recoveryDays(): number {
  return getEnv().deleteRecoveryDays;
}

type Call = <T>(fn: () => Promise<T>) => Promise<T>;
const direct: Call = (fn) => fn();

class SealError extends Error {
  constructor(override readonly cause: unknown) {
    super('sealing failed');
  }
}

/**
 * Reads the value a write is about to remove and seals it under the object's own key context.
 * With `orgHint` (the organization the index files the object under) the data key is asked for
 * while the value is read, and used only if the object's context is exactly that organization's;
 * otherwise the value is sealed under its own context after the read. Null: the current version is
 * not the one the write checks against. Throws the read's error, or a SealError.
 */
export async function readAndSeal(
  vault: Pick<WorkOS['vault'], 'readObject' | 'createDataKey' | 'encrypt' | 'decrypt'>,
  input: { objectId: string; versionCheck: string; orgHint?: string | null },
  call: Call = direct,
) {
  const hint = input.orgHint ?? null;
  const early = hint
    ? call(() => vault.createDataKey({ context: { organization_id: hint } })).catch(() => null)
    : Promise.resolve(null);
  const read = await call(() => vault.readObject({ id: input.objectId }));
  if ((read.metadata.versionId ?? '') !== input.versionCheck) return null;
  const context = read.metadata.context as Record<string, string>;
  const id = newCopyId();
  const pair = await early;
  const hinted =
    pair !== null &&
    Object.keys(context).length === 1 &&
    context.organization_id === hint &&
    pair.context.organization_id === hint;
  try {
    const sealed = await call(() =>
      sealValue(vault, read.value ?? '', context, id, hinted ? pair : null),
    );
    return { id, read, context, sealed };
  } catch (err) {
    throw new SealError(err);
  }
}

/**
 * The first half of a recoverable write: read the value the write is about to delete or replace,
 * seal it under the object's own key context and store it as a 'pending' copy. Only when that
 * copy is in the database does the caller make its version-checked write; then it calls
 * `afterWrite`. A crash in between leaves the original and the copy (the purge job settles it).
 *
 * - `copyId: null` with ok: no copy is needed (recovery is off) or none can match the write: the
 *   current version is not the one the write checks against, so the write will be refused by its
 *   own version check and nothing is lost.
 * - a failure: the value could not be read or sealed; the caller must not write.
 */
export async function copyBeforeWrite(
  db: Pick<Db, 'query'>,
  input: {
    user: { id: string; email: string };
    kind: CopyKind;
    objectId: string;
    versionCheck: string;
    operationRun?: string | null;
    /**
     * The organization the index files the object under: its data key is asked for while the
     * value is read, and used only if the object's context is exactly `{ organization_id }`.
     */
    orgHint?: string | null;
  },
  call: Call = direct,
): Promise<{ ok: true; copyId: string | null } | { ok: false; error: ConsoleError }> {
  const days = recoveryDays();
  if (days === 0) return { ok: true, copyId: null };
  let found: Awaited<ReturnType<typeof readAndSeal>>;
  try {
    found = await readAndSeal(getWorkOS().vault, input, call);
  } catch (err) {
    if (err instanceof SealError)
      return { ok: false, error: cannotCopy(toConsoleError(err.cause, 'read')) };
    const error = toConsoleError(err, 'read');
    // Gone already, or the write will be refused anyway: let the write answer for itself.
    if (error.code === 'not_found') return { ok: true, copyId: null };
    return { ok: false, error: cannotCopy(error) };
  }
  if (!found) return { ok: true, copyId: null };
  const { id, read, context, sealed } = found;
  await insertCopy(db, {
    id,
    kind: input.kind,
    objectId: read.id,
    objectName: read.name,
    versionId: input.versionCheck,
    orgId: context.organization_id ?? null,
    context,
    keyId: read.metadata.keyId ?? null,
    dataKeyId: sealed.dataKeyId,
    sealed: sealed.sealed,
    user: input.user,
    days,
    operationRun: input.operationRun ?? null,
  });
  return { ok: true, copyId: id };
}

function cannotCopy(cause: ConsoleError): ConsoleError {
  return {
    ...cause,
    message: `Nothing was changed: the console keeps a recovery copy of the value before it deletes or replaces it, and could not make one. ${cause.message}`,
  };
}

/**
 * The second half: the write's outcome decides the copy. Applied: kept (a save names the version
 * that replaced it). Refused: the original is untouched, so the copy is dropped. Unknown (a lost
 * reply): it stays pending and the purge job settles it from what WorkOS says later.
 */
export async function afterWrite(
  db: Pick<Db, 'query'>,
  copyId: string | null,
  outcome: { applied: true; newVersionId?: string | null } | { applied: false; known: boolean },
): Promise<void> {
  if (!copyId) return;
  if (outcome.applied) await keepCopy(db, copyId, outcome.newVersionId ?? null);
  else if (outcome.known) await dropCopy(db, copyId);
}

/** Thrown by the write path's `before` step when no copy could be made: WorkOS is not called. */
export class RecoveryCopyError extends Error {
  override name = 'RecoveryCopyError';
  constructor(readonly error: ConsoleError) {
    super(error.message);
  }
}

/** Codes that mean WorkOS refused the write: the original is untouched and the copy can go. */
const REFUSED = new Set([
  'conflict',
  'not_found',
  'invalid_input',
  'invalid_context',
  'forbidden',
  'customer_key_unavailable',
  'rate_limited',
  'invalid_api_key',
  'name_taken',
]);

/**
 * A recovery copy for one delete or overwrite through the write path (lib/vault/write.ts):
 * `before` is its before-step (copy first; throws RecoveryCopyError when none can be made), and
 * `settle` takes the write's result. A failure that may have been applied (a lost reply, or a
 * later step that failed) leaves the copy pending for the purge job to settle from WorkOS.
 */
export function recoveryStep(
  kind: CopyKind,
  opts: { operationRun?: string | null } = {},
): {
  before: (
    target: { objectId: string; versionCheck: string; orgId?: string | null },
    ctx: {
      session: { user: { id: string; email: string } };
      budget?: <T>(fn: () => Promise<T>) => Promise<T>;
    },
  ) => Promise<void>;
  settle: (
    result: { ok: true; data: unknown } | { ok: false; error: { code: string } },
  ) => Promise<void>;
  copyId: () => string | null;
} {
  let copyId: string | null = null;
  let db: Pick<Db, 'query'> | null = null;
  return {
    async before(target, ctx) {
      db = await getDb();
      const copy = await copyBeforeWrite(
        db,
        {
          user: ctx.session.user,
          kind,
          objectId: target.objectId,
          versionCheck: target.versionCheck,
          operationRun: opts.operationRun ?? null,
          orgHint: target.orgId ?? null,
        },
        ctx.budget ?? direct,
      );
      if (!copy.ok) throw new RecoveryCopyError(copy.error);
      copyId = copy.copyId;
    },
    async settle(result) {
      if (!copyId || !db) return;
      if (result.ok) {
        const versionId = (result.data as { versionId?: unknown } | null)?.versionId;
        await afterWrite(db, copyId, {
          applied: true,
          newVersionId: typeof versionId === 'string' ? versionId : null,
        });
      } else
        await afterWrite(db, copyId, { applied: false, known: REFUSED.has(result.error.code) });
    },
    copyId: () => copyId,
  };
}
