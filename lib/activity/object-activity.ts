import 'server-only';
import { getDb } from '../db/client';
import { getEnv } from '../env';
import { FILTER_KINDS, type ActivityFilter } from './labels';
import { activityFor, versionAuthorsFromEvents, type EventAuthor } from './queries';
import { activityFreshness } from './store';

const ACTIVITY_PAGE_SIZE = 25;

/** Everything the object page's activity panel and version authors need, in one round. */
export async function loadObjectActivity(
  name: string,
  filter: ActivityFilter,
  cursor: string | null,
  versions: { id: string; createdAt: string }[],
) {
  const db = await getDb();
  const [page, { horizon, syncedAt }, authors] = await Promise.all([
    activityFor(db, name, { limit: ACTIVITY_PAGE_SIZE, cursor, kinds: FILTER_KINDS[filter] }),
    activityFreshness(db),
    versionAuthorsFromEvents(db, name, versions),
  ]);
  return {
    ...page,
    horizon,
    syncedAt,
    retentionDays: getEnv().activityRetentionDays,
    eventAuthors: Object.fromEntries(authors) as Record<string, EventAuthor>,
  };
}
