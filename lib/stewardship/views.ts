import 'server-only';
import { listStale } from '../activity/stale';
import type { StaleParams } from '../activity/stale-params';
import { activityHorizon } from '../activity/store';
import { getDb } from '../db/client';
import { cachedOrgNames } from '../org-names';
import { lintCounts, lintFindings, type LintRule } from './lint';
import { tenantMatrix } from './matrix';
import { listOverdue } from './store';

/**
 * One function per question the stewardship pages ask (stale & lint tab, lint summary, tenant
 * matrix, overdue list), so the pages compose and never open the database themselves.
 */

/** An organization's stale objects (one page) and its context-lint flags. */
export async function orgStaleView(orgId: string, stale: StaleParams, pageSize: number) {
  const db = await getDb();
  const [page, horizon, misspelled, prefix] = await Promise.all([
    listStale(
      db,
      { orgId, notReadDays: stale.read, notChangedDays: stale.changed },
      { sort: stale.sort, dir: stale.dir, limit: pageSize, offset: (stale.page - 1) * pageSize },
    ),
    activityHorizon(db),
    lintFindings(db, 'misspelled_org_key', { orgId, limit: 20, offset: 0 }),
    lintFindings(db, 'prefix_mismatch', { orgId, limit: 20, offset: 0 }),
  ]);
  return {
    page,
    horizon,
    flagged: [...misspelled.rows, ...prefix.rows],
    moreFlags: misspelled.hasMore || prefix.hasMore,
  };
}

/** Counts per lint rule across organizations, and one page of one rule's findings. */
export async function lintView(rule: LintRule, pageNo: number, pageSize: number) {
  const db = await getDb();
  const [counts, page] = await Promise.all([
    lintCounts(db, null),
    lintFindings(db, rule, { limit: pageSize, offset: (pageNo - 1) * pageSize }),
  ]);
  return { counts, page };
}

/** One page of the organizations × kinds matrix, with the organizations' names. */
export async function matrixView(opts: Parameters<typeof tenantMatrix>[1]) {
  const matrix = await tenantMatrix(await getDb(), opts);
  return { matrix, names: await cachedOrgNames(matrix.orgIds) };
}

/** One page of overdue objects across organizations, with the organizations' names. */
export async function overdueView(pageNo: number, pageSize: number) {
  const page = await listOverdue(await getDb(), {
    limit: pageSize,
    offset: (pageNo - 1) * pageSize,
  });
  const orgNames = await cachedOrgNames([
    ...new Set(page.rows.map((r) => r.orgId).filter((x): x is string => Boolean(x))),
  ]);
  return { page, orgNames };
}
