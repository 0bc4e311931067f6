import 'server-only';
import { byokStatuses } from '../byok/queries';
import { getDb } from '../db/client';
import { cachedOrgNames } from '../org-names';
import { recoveryDays } from '../recovery/copies';
import { listDeleted, versionCopies } from '../recovery/store';

/** One row of Recently deleted: metadata only (the sealed value never leaves the database). */
export type DeletedRow = {
  copyId: string;
  objectId: string;
  name: string;
  orgId: string | null;
  orgName: string | null;
  context: Record<string, string>;
  deletedBy: string;
  deletedAt: string;
  purgeAfter: string;
  /** The copy is sealed under a customer key that is deleted or failing: it cannot be opened now. */
  unreadable: boolean;
};

/** Recently deleted for one organization, or for all (orgId null), newest first. */
export async function recentlyDeletedView(
  orgId: string | null,
  page: number,
  size: number,
): Promise<{ rows: DeletedRow[]; total: number; hasMore: boolean; days: number }> {
  const db = await getDb();
  const { rows, total } = await listDeleted(db, {
    orgId,
    limit: size,
    offset: (page - 1) * size,
  });
  const orgIds = [...new Set(rows.map((r) => r.org_id).filter((x): x is string => !!x))];
  const [names, byok] = await Promise.all([cachedOrgNames(orgIds), byokStatuses(db, orgIds)]);
  return {
    rows: rows.map((r) => {
      const state = r.org_id ? byok.get(r.org_id)?.state : undefined;
      return {
        copyId: r.id,
        objectId: r.object_id,
        name: r.object_name,
        orgId: r.org_id,
        orgName: r.org_id ? (names.get(r.org_id) ?? null) : null,
        context: r.context,
        deletedBy: r.created_by_email,
        deletedAt: new Date(r.created_at).toISOString(),
        purgeAfter: new Date(r.purge_after).toISOString(),
        unreadable: state === 'deleted' || state === 'failed',
      };
    }),
    total,
    hasMore: page * size < total,
    days: recoveryDays(),
  };
}

/** Version id → the kept copy of that version's value (a version the console replaced). */
export async function versionCopiesView(objectId: string): Promise<Record<string, string>> {
  const map = await versionCopies(await getDb(), objectId);
  return Object.fromEntries([...map].map(([version, copy]) => [version, copy.id]));
}
