import 'server-only';
import { unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { can, type Permission } from '../auth/permissions';
import { FAIL_CLOSED, type ActionPolicy } from '../auth/step-up';
import { getSession, type ConsoleSession } from '../auth/session';
import { auditDenied, gateAction } from './gate';
import { GRANT_STANDS_IN_FOR, grantForObject, type GrantKind } from '../approvals/grants';
import type { ActiveGrant } from '../approvals/requests';
import { consoleError } from '../workos/errors';
import { fieldErrorsOf, type ActionResult } from './result';

type Config<S extends z.ZodType, P> = {
  /** For logs: never the input. */
  name: string;
  schema: S;
  /** Every listed permission is required. The e2e auth matrix reads this rule from here. */
  permission: Permission | readonly Permission[];
  /**
   * Step-up, rate-limit buckets, value-bearing, impersonation: usually a preset from `POLICY`
   * (lib/auth/step-up.ts). Left out, the action gets `FAIL_CLOSED`, the strictest policy. The e2e
   * auth matrix reads it from here, so write it as a literal, a preset, or a preset spread with
   * overrides.
   */
  policy?: ActionPolicy;
  /**
   * For the e2e auth matrix only; never called by the console. An input that an allowed person
   * can send without changing anything (a stale version, a name nobody holds), typed by the
   * schema. `c` holds the matrix's fixture object. Written as one object literal over `c`.
   */
  probe?: (c: MatrixFixture) => P;
  /** Where a step-up sign-in returns the person. */
  returnTo?: (input: z.output<S>) => string;
  /** @deprecated alias of returnTo */
  recentAuth?: (input: z.output<S>) => string;
  /** Object or organization a refusal is about, for the audit trail (ids only). */
  auditTarget?: (input: z.output<S>) => { objectId?: string | null; orgId?: string | null };
  /** Rate-limit units one call spends: one per row for a batch (default 1). */
  rateUnits?: (input: z.output<S>) => number;
  /**
   * A kind of approved, time-bound grant (lib/approvals) that stands in for the permission it
   * covers: someone who lacks only that permission may still run the action while a grant of
   * theirs covers `auditTarget(input).objectId`. The handler gets the grant in `ctx.grant`. The
   * e2e auth matrix reads this field and tries the action with and without a grant.
   */
  grant?: GrantKind;
};

/**
 * The object and organization a refused call names, read before the permission check so a
 * `forbidden` row says what was tried (R3-09): the action's own `auditTarget` when the input
 * parses, else any well-formed `objectId`/`orgId` in it. Ids only, never the rest of the input.
 */
function refusalTarget<S extends z.ZodType>(
  config: Pick<Config<S, unknown>, 'schema' | 'auditTarget'>,
  raw: unknown,
): { objectId?: string | null; orgId?: string | null } {
  const parsed = config.schema.safeParse(raw);
  if (parsed.success && config.auditTarget) return config.auditTarget(parsed.data);
  const r = (raw ?? {}) as Record<string, unknown>;
  const id = (v: unknown, re: RegExp) => (typeof v === 'string' && re.test(v) ? v : null);
  return {
    objectId: id(r.objectId, /^[A-Za-z0-9_-]{1,128}$/),
    orgId: id(r.orgId, /^org_[A-Za-z0-9]{1,64}$/),
  };
}

export type ActionContext = { session: ConsoleSession; grant?: ActiveGrant };

type Frozen<T> = T extends readonly (infer U)[]
  ? readonly Frozen<U>[]
  : T extends object
    ? { readonly [K in keyof T]: Frozen<T[K]> }
    : T;

/** The fixture the auth matrix probes with: a fresh object in an organization. */
export type MatrixFixture = {
  orgId: string;
  objectId: string;
  objectName: string;
  versionId: string;
};

/**
 * Every server action goes through here, in this order: session, permission, input (zod),
 * the action's policy (impersonation, recent sign-in, rate limits), handler. Server actions are public POST endpoints, so none of this is
 * left to the page that renders the button.
 */
export function defineAction<
  S extends z.ZodType,
  T,
  const P extends Frozen<z.input<S>> = Frozen<z.input<S>>,
>(
  // P only types `probe` against the schema: a plain z.input<S> there would widen its literals,
  // and `const` keeps them (as readonly, hence Frozen).
  config: Config<S, P>,
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<ActionResult<T>>,
) {
  const needed: readonly Permission[] = [config.permission].flat();
  const policy = config.policy ?? FAIL_CLOSED;
  // Typed for callers, so a component's call is checked against the schema; still parsed at run
  // time, because a server action is a public POST endpoint and the network is not a type system.
  return async function action(rawInput: z.input<S>): Promise<ActionResult<T>> {
    const session = await getSession();
    if (!session)
      return { ok: false, error: { ...consoleError('unauthenticated'), signInUrl: '/sign-in' } };
    const missing = needed.filter((p) => !can(session.permissions, p));
    const standIn: readonly Permission[] = config.grant ? GRANT_STANDS_IN_FOR[config.grant] : [];
    const refuse = async (why = '') => {
      await auditDenied(config.name, session, 'forbidden', policy, refusalTarget(config, rawInput));
      return {
        ok: false as const,
        error: consoleError('forbidden', {
          message: `Your role does not include ${missing.join(' or ')}, which this action needs${why}.`,
        }),
      };
    };
    // A grant can only stand in for the permissions its kind covers, never for the rest.
    if (missing.some((p) => !standIn.includes(p))) return refuse();
    const parsed = config.schema.safeParse(rawInput);
    if (!parsed.success) {
      const fieldErrors = fieldErrorsOf(parsed.error.issues);
      return { ok: false, error: { ...consoleError('invalid_input'), fieldErrors } };
    }
    let grant: ActiveGrant | undefined;
    if (missing.length) {
      const objectId = config.auditTarget?.(parsed.data).objectId;
      const found = objectId ? await grantForObject(session, objectId) : null;
      if (found && 'error' in found) {
        await auditDenied(
          config.name,
          session,
          'forbidden',
          policy,
          refusalTarget(config, rawInput),
        );
        return { ok: false, error: found.error };
      }
      grant = found ?? undefined;
      if (!grant) return refuse(', and you hold no approved access grant for this object');
    }
    // Step-up, impersonation and rate limits: the action's declared policy.
    const refused = await gateAction(
      config.name,
      policy,
      session,
      () => (config.returnTo ?? config.recentAuth)?.(parsed.data) ?? '/orgs',
      config.auditTarget?.(parsed.data),
      config.rateUnits?.(parsed.data) ?? 1,
    );
    if (refused) return { ok: false, error: refused };
    try {
      return await handler(parsed.data, grant ? { session, grant } : { session });
    } catch (err) {
      // redirect(), notFound(), forbidden(), unauthorized(): Next's to handle, not an error here.
      unstable_rethrow(err);
      // Name and status only: messages from lower layers are not trusted to be value-free.
      const e = err as { name?: string; status?: number };
      console.error(
        `[action ${config.name}] unexpected ${e?.name ?? 'error'}${e?.status ? ` (status ${e.status})` : ''}`,
      );
      return { ok: false, error: consoleError('unexpected') };
    }
  };
}
