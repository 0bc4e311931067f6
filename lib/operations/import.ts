import 'server-only';
import type { ConsoleSession } from '../auth/session';
import { getDb } from '../db/client';
import { createObject, updateValue, type WriteVia } from '../vault/commands';
import { auditedRead } from '../vault/write';
import { processBudget } from '../workos/budget';
import { toConsoleError } from '../workos/errors';
import { classifyTargets, type FanoutPreviewRow } from './create-in-orgs';
import { missingOrgs } from './org-check';
import { batchWidth, mapPool } from './pool';

/**
 * Importing a `.env`/JSON file into an organization. Values arrive in the action's request body
 * and are used there: never written to the console database, a log or a URL, and never returned.
 */
export type PreviewRow = {
  name: string;
  status: 'new' | 'changed' | 'unchanged' | 'taken' | 'unreadable';
  objectId: string | null;
  versionId: string | null;
  note: string | null;
};

export async function previewImport(
  session: ConsoleSession,
  orgId: string,
  entries: { name: string; value: string }[],
): Promise<PreviewRow[]> {
  const db = await getDb();
  const known = await db.query<{ id: string; name: string; org_id: string | null }>(
    'select id, name, org_id from vault_objects where name = any($1)',
    [entries.map((e) => e.name)],
  );
  const byName = new Map(known.rows.map((r) => [r.name, r]));
  const budget = processBudget();
  // Several compare reads at once, as many as the budget keeps busy; each is its own audited read.
  return mapPool(entries, batchWidth(budget, 1), async (e): Promise<PreviewRow> => {
    const hit = byName.get(e.name);
    if (!hit) return { name: e.name, status: 'new', objectId: null, versionId: null, note: null };
    if (hit.org_id !== orgId) {
      return {
        name: e.name,
        status: 'taken',
        objectId: hit.id,
        versionId: null,
        note: 'This name belongs to an object of another organization (names are unique across all organizations).',
      };
    }
    // "Unchanged" needs the current value: one audited read per existing name.
    let failure: { code: string; message: string };
    try {
      const read = await auditedRead(
        {
          session,
          detail: { purpose: 'import_compare' },
          metadata: { purpose: 'import_compare' },
          budget: (call) => budget.call(call),
        },
        { objectId: hit.id, action: 'object.edit_loaded' },
      );
      if (read.ok) {
        const current = read.data;
        return {
          name: e.name,
          status: (current.value ?? '') === e.value ? 'unchanged' : 'changed',
          objectId: current.id,
          versionId: current.metadata.versionId ?? null,
          note: null,
        };
      }
      failure = read.error;
    } catch (err) {
      failure = toConsoleError(err, 'read'); // the trail could not be written
    }
    return {
      name: e.name,
      status: 'unreadable',
      objectId: hit.id,
      versionId: null,
      note: `${failure.code}: ${failure.message}`,
    };
  });
}

export type ApplyRow = {
  name: string;
  status: 'created' | 'updated' | 'skipped' | 'failed';
  note: string | null;
  objectId: string | null;
  versionId: string | null;
};

export async function applyImport(
  session: ConsoleSession,
  orgId: string,
  rows: { name: string; value: string; objectId?: string; versionCheck?: string }[],
): Promise<ApplyRow[]> {
  const missing = (await missingOrgs([orgId])).get(orgId);
  if (missing) return rows.map((r) => refusedRow(r.name, r.objectId ?? null, missing));
  // An update touches only an object the index files under this organization (R3-11): a row
  // naming another organization's object is refused, and the reply uses the object's own name.
  const ids = rows.flatMap((r) => (r.objectId ? [r.objectId] : []));
  const filed = new Map(
    ids.length
      ? (
          await (
            await getDb()
          ).query<{ id: string; name: string; org_id: string | null }>(
            'select id, name, org_id from vault_objects where id = any($1)',
            [ids],
          )
        ).rows.map((o) => [o.id, o])
      : [],
  );
  // Several rows at once within the WorkOS budget; each its own version-checked, audited write.
  const budget = processBudget();
  const via: WriteVia = { detail: {}, metadata: {}, budget: (call) => budget.call(call) };
  return mapPool(rows, batchWidth(budget, 2), async (r): Promise<ApplyRow> => {
    if (r.objectId && r.versionCheck) {
      const known = filed.get(r.objectId);
      if (!known || known.org_id !== orgId) {
        return refusedRow(
          known?.name ?? r.name,
          r.objectId,
          'This object is not filed under this organization: not written. Preview again.',
        );
      }
      const u = await updateValue(
        session,
        { objectId: r.objectId, value: r.value, versionCheck: r.versionCheck },
        undefined,
        via,
      );
      return u.ok
        ? {
            name: r.name,
            status: 'updated',
            note: null,
            objectId: r.objectId,
            versionId: u.data.versionId,
          }
        : {
            name: known.name,
            status: u.error.code === 'conflict' ? 'skipped' : 'failed',
            note:
              u.error.code === 'conflict'
                ? 'Changed since the preview: not overwritten. Preview again.'
                : `${u.error.code}: ${u.error.message}`,
            objectId: r.objectId,
            versionId: null,
          };
    }
    return createRow(session, orgId, r.name, r.value, via);
  });
}

function refusedRow(name: string, objectId: string | null, note: string): ApplyRow {
  return { name, status: 'failed', note, objectId, versionId: null };
}

/** Creates one name under `{ organization_id }`; a name taken since the preview is skipped. */
async function createRow(
  session: ConsoleSession,
  orgId: string,
  name: string,
  value: string,
  via?: WriteVia,
): Promise<ApplyRow> {
  const c = await createObject(session, { orgId, name, value, extraContext: [] }, via);
  if (c.ok) {
    return {
      name,
      status: 'created',
      note: null,
      objectId: c.data.id,
      versionId: c.data.versionId,
    };
  }
  return {
    name,
    status: c.error.code === 'name_taken' ? 'skipped' : 'failed',
    note:
      c.error.code === 'name_taken'
        ? 'The name exists (created since the preview?): not overwritten.'
        : `${c.error.code}: ${c.error.message}`,
    objectId: null,
    versionId: null,
  };
}

/** "Create this name in N organizations": per target, will create / exists / taken. */
export async function previewCreateInOrgs(
  targets: { orgId: string; name: string }[],
): Promise<FanoutPreviewRow[]> {
  const db = await getDb();
  const known = await db.query<{ id: string; name: string; org_id: string | null }>(
    'select id, name, org_id from vault_objects where name = any($1)',
    [targets.map((t) => t.name)],
  );
  return classifyTargets(targets, known.rows, await missingOrgs(targets.map((t) => t.orgId)));
}

export async function applyCreateInOrgs(
  session: ConsoleSession,
  rows: { orgId: string; name: string; value: string }[],
): Promise<(ApplyRow & { orgId: string })[]> {
  const out: (ApplyRow & { orgId: string })[] = [];
  const missing = await missingOrgs(rows.map((r) => r.orgId));
  for (const r of rows) {
    const refused = missing.get(r.orgId);
    out.push({
      orgId: r.orgId,
      ...(refused
        ? refusedRow(r.name, null, refused)
        : await createRow(session, r.orgId, r.name, r.value)),
    });
  }
  return out;
}
