import 'server-only';
import type { Organization } from '@workos-inc/node';
import { cache } from 'react';
import { byokStatuses } from './byok/queries';
import { getDb } from './db/client';
import { countByOrg } from './index/store';
import { cacheOrgNames } from './org-names';
import type { Result } from './actions/result';
import { toConsoleError } from './workos/errors';
import { getWorkOS } from './workos/client';

export type OrgListPage = { orgs: Organization[]; before: string | null; after: string | null };

/** One page of organizations from the Organizations API; names are cached for other pages. */
export async function listOrganizationsPage(params: {
  search?: string;
  after?: string;
  before?: string;
  limit?: number;
}): Promise<Result<OrgListPage>> {
  try {
    const options = {
      limit: params.limit ?? 20,
      ...(params.after ? { after: params.after } : {}),
      ...(params.before ? { before: params.before } : {}),
      // `search` is in the API spec but not in the SDK's type; the SDK passes it through.
      ...(params.search ? { search: params.search } : {}),
    } as Parameters<ReturnType<typeof getWorkOS>['organizations']['listOrganizations']>[0];
    const list = await getWorkOS().organizations.listOrganizations(options);
    await cacheOrgNames(list.data.map((o) => ({ id: o.id, name: o.name })));
    return {
      ok: true,
      data: {
        orgs: list.data,
        before: list.listMetadata.before ?? null,
        after: list.listMetadata.after ?? null,
      },
    };
  } catch (err) {
    return { ok: false, error: toConsoleError(err) };
  }
}

/**
 * One organization. Memoised per request (React `cache`): a layout, a page and their components
 * can each ask for it and WorkOS is called once.
 */
export const getOrganization = cache(async function getOrganization(
  id: string,
): Promise<Result<Organization>> {
  try {
    const org = await getWorkOS().organizations.getOrganization(id);
    await cacheOrgNames([{ id: org.id, name: org.name }]);
    return { ok: true, data: org };
  } catch (err) {
    const error = toConsoleError(err);
    return {
      ok: false,
      error:
        error.code === 'not_found'
          ? {
              ...error,
              message: `No organization with id ${id} exists in this WorkOS environment.`,
            }
          : error,
    };
  }
});

/** What the organization list shows beside each org: indexed object count and BYOK state. */
export async function orgRowFigures(ids: string[]) {
  const db = await getDb();
  const [counts, byok] = await Promise.all([countByOrg(db, ids), byokStatuses(db, ids)]);
  return { counts, byok };
}
