import 'server-only';
import type { Db } from '../db/client';
import { nextListCursor } from '../index/sdk-row';
import { processBudget } from '../workos/budget';
import { getWorkOS } from '../workos/client';

/**
 * Offboarding never overstates (R3-02). A plan is an index snapshot; before a run may say it is
 * finished, the organization is listed again in Vault itself:
 *
 * - every object the index files under the organization is described at WorkOS (still there?);
 * - Vault's own list of objects changed since shortly before the plan is walked, and each id the
 *   index does not file elsewhere is described, so an object created after the plan (or not
 *   indexed yet when it was made) is found by its context.
 *
 * What is found and not yet in the run is added to it (worked like a planned row, with the
 * version just described); after `MAX_SWEEPS` rounds, or for an object the run already worked
 * and could not delete (a skipped or failed row), it is named in the run as left behind, and the
 * run reads "incomplete" until the organization is really empty.
 */
const MAX_SWEEPS = 3;
/** How far before the plan the Vault listing starts: covers an index that lagged at plan time. */
const SWEEP_MARGIN_MS = 15 * 60_000;

export type LiveObject = { id: string; name: string; versionId: string | null };

function budgeted<T>(fn: () => Promise<T>): Promise<T> {
  return processBudget().call(fn);
}

async function describeIn(id: string, orgId: string): Promise<LiveObject | null> {
  try {
    const o = await budgeted(() => getWorkOS().vault.describeObject({ id }));
    const context = o.metadata.context as Record<string, string>;
    return context.organization_id === orgId
      ? { id: o.id, name: o.name, versionId: o.metadata.versionId ?? null }
      : null;
  } catch (err) {
    if ((err as { status?: unknown } | null)?.status === 404) return null;
    throw err;
  }
}

/** The organization's objects as Vault holds them now (see above). Ids, names, versions only. */
async function listOrgInVault(db: Db, orgId: string, since: Date): Promise<LiveObject[]> {
  const indexed = await db.query<{ id: string; org_id: string | null }>(
    'select id, org_id from vault_objects where org_id = $1',
    [orgId],
  );
  const candidates = new Set(indexed.rows.map((r) => r.id));
  let cursor: string | null = null;
  do {
    const page = await budgeted(() =>
      getWorkOS().vault.listObjects({
        limit: 100,
        order: 'asc',
        updatedAfter: since,
        ...(cursor ? { after: cursor } : {}),
      }),
    );
    const ids = page.data.map((o) => o.id);
    // An id the index files under another organization stays there: a context never changes.
    const elsewhere = new Set(
      (
        await db.query<{ id: string }>(
          'select id from vault_objects where id = any($1) and org_id is distinct from $2 and org_id is not null',
          [ids, orgId],
        )
      ).rows.map((r) => r.id),
    );
    for (const id of ids) if (!elsewhere.has(id)) candidates.add(id);
    cursor = nextListCursor(page);
  } while (cursor);
  const out: LiveObject[] = [];
  for (const id of candidates) {
    const live = await describeIn(id, orgId);
    if (live) out.push(live);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

type SweepState = { sweeps: number; remaining: { id: string; name: string }[] };

export function sweepState(detail: unknown): SweepState {
  const d = (detail ?? {}) as Partial<SweepState>;
  return {
    sweeps: Number(d.sweeps ?? 0),
    remaining: Array.isArray(d.remaining) ? d.remaining : [],
  };
}

/**
 * Called when a running offboarding has no row left. Returns how many rows it added (the run goes
 * on), or 0 when the run may finish; then what is still in Vault is recorded as left behind.
 */
export async function sweepOffboard(
  db: Db,
  run: { id: string; org_id: string; created_at: Date },
): Promise<number> {
  const state = await db.query<{ detail: unknown }>(
    'select detail from operation_runs where id = $1',
    [run.id],
  );
  const { sweeps } = sweepState(state.rows[0]?.detail);
  const live = await listOrgInVault(
    db,
    run.org_id,
    new Date(new Date(run.created_at).getTime() - SWEEP_MARGIN_MS),
  );
  const worked = new Set(
    (
      await db.query<{ object_id: string }>(
        'select object_id from operation_rows where run_id = $1',
        [run.id],
      )
    ).rows.map((r) => r.object_id),
  );
  const fresh = live.filter((o) => !worked.has(o.id));
  if (fresh.length && sweeps < MAX_SWEEPS) {
    await db.transaction(async (tx) => {
      await tx.query(
        `insert into operation_rows (run_id, seq, object_id, object_name, expected_version, status, reason)
         select $1, (select coalesce(max(seq), 0) from operation_rows where run_id = $1) + r.ord::int,
                r.object_id, r.object_name, r.expected_version, 'pending',
                'Found in Vault after the plan was made (created later, or not yet indexed): added to this run.'
         from unnest($2::text[], $3::text[], $4::text[]) with ordinality as r(object_id, object_name, expected_version, ord)`,
        [run.id, fresh.map((o) => o.id), fresh.map((o) => o.name), fresh.map((o) => o.versionId)],
      );
      await tx.query(
        `update operation_runs set detail = detail || jsonb_build_object('sweeps', $2::int) where id = $1`,
        [run.id, sweeps + 1],
      );
    });
    return fresh.length;
  }
  await db.query(
    `update operation_runs set detail = detail || jsonb_build_object('sweeps', $2::int, 'remaining', $3::jsonb, 'checked_at', now())
     where id = $1`,
    [run.id, sweeps + 1, JSON.stringify(live.map((o) => ({ id: o.id, name: o.name })))],
  );
  return 0;
}
