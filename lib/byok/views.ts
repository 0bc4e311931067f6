import 'server-only';
import { getDb } from '../db/client';
import { cachedOrgNames } from '../org-names';
import { allByokStatuses, byokCoverage, byokEventsFor } from './queries';
import { foldByokEvents } from './state';
import { lastKeyCheck } from './key-test';

/** The BYOK overview: every organization's key state, with the names the page shows. */
export async function byokOverview() {
  const statuses = await allByokStatuses(await getDb());
  const names = await cachedOrgNames([...statuses.keys()]);
  return { statuses, names };
}

/** One organization's BYOK page: its key state, how much data it covers, the history newest first. */
export async function orgByokView(orgId: string) {
  const db = await getDb();
  const events = (await byokEventsFor(db, [orgId])).get(orgId) ?? [];
  const status = foldByokEvents(events);
  const coverage = await byokCoverage(db, orgId, status);
  const keyCheck = await lastKeyCheck(db, orgId);
  return { status, coverage, keyCheck, history: [...events].reverse() };
}
