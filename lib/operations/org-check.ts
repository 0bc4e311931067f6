import 'server-only';
import { getDb } from '../db/client';
import { getOrganization } from '../orgs';

/**
 * Which of these organization ids do not exist (R3-15): an object is never filed under an
 * organization that is not there. An id the console has seen in an organization list (org_cache)
 * counts as existing; any other is asked of WorkOS once (`getOrganization`, memoised per request).
 * Returns id → the reason it is refused.
 */
export async function missingOrgs(ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const out = new Map<string, string>();
  if (!unique.length) return out;
  const db = await getDb();
  const known = await db.query<{ id: string }>('select id from org_cache where id = any($1)', [
    unique,
  ]);
  const seen = new Set(known.rows.map((r) => r.id));
  for (const id of unique) {
    if (seen.has(id)) continue;
    const org = await getOrganization(id);
    if (!org.ok)
      out.set(
        id,
        org.error.code === 'not_found'
          ? `No organization with id ${id} exists in this WorkOS environment.`
          : `The organization could not be checked (${org.error.code}); nothing was created.`,
      );
  }
  return out;
}
