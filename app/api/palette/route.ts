import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client';
import { guardRoute, json } from '@/lib/http/json';
import { searchCachedOrgs, searchObjectNames, PALETTE_QUERY_MAX } from '@/lib/comfort/palette';
import { favouritePlaces, recentPlaces } from '@/lib/comfort/recents';
import { cachedOrgNames } from '@/lib/org-names';
import { listOrganizationsPage } from '@/lib/orgs';
import { rateLimitPage } from '@/lib/actions/gate';
import { processBudget } from '@/lib/workos/budget';

/** How long the WorkOS organization search may take before the palette does without it. */
const ORG_SEARCH_BUDGET_MS = 2000;

/** How long one answer of WorkOS's organization search is reused for the same text. */
const ORG_SEARCH_CACHE_MS = 10_000;
type OrgHit = { id: string; name: string };
const orgSearchCache = new Map<string, { at: number; orgs: Promise<OrgHit[] | null> }>();

/**
 * WorkOS's organization search, budgeted like every other WorkOS call (R3-07): through the
 * process's WorkOS limiter (shared with the index sync), and one call per search text for a few seconds
 * (callers asking at the same time share the call in flight). The caller has already spent the
 * person's `search` budget.
 */
async function workosOrgs(q: string): Promise<OrgHit[]> {
  const key = q.toLowerCase();
  let entry = orgSearchCache.get(key);
  if (!entry || Date.now() - entry.at >= ORG_SEARCH_CACHE_MS) {
    if (orgSearchCache.size > 500) orgSearchCache.clear();
    const orgs = processBudget()
      .call(() => listOrganizationsPage({ search: q, limit: 5 }))
      .then((found) => (found.ok ? found.data.orgs.map((o) => ({ id: o.id, name: o.name })) : null))
      .catch(() => null);
    entry = { at: Date.now(), orgs };
    orgSearchCache.set(key, entry);
    // A failed search is not reused.
    void orgs.then((r) => {
      if (r === null && orgSearchCache.get(key) === entry) orgSearchCache.delete(key);
    });
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ORG_SEARCH_BUDGET_MS);
  });
  const found = await Promise.race([entry.orgs, late]);
  clearTimeout(timer);
  return found ?? [];
}

/**
 * The command palette's search: object names from the console's metadata index, organization
 * names the console has cached, and the person's recent and pinned places. With `scope=orgs` it
 * asks WorkOS's organization search instead (the palette sends that in parallel, so the index
 * answer never waits on WorkOS). Metadata only; never a value.
 */
export async function GET(request: NextRequest) {
  const guard = await guardRoute('vault.metadata:read');
  if (!guard.ok) return guard.response;
  const raw = request.nextUrl.searchParams.get('q') ?? '';
  if (raw.length > PALETTE_QUERY_MAX)
    return json(
      {
        error: {
          code: 'invalid_input',
          message: `The search text is limited to ${PALETTE_QUERY_MAX} characters.`,
        },
      },
      400,
    );
  // Control characters (NUL among them) are no search text, and PostgreSQL refuses NUL (R3-10).
  if (/[\u0000-\u001f\u007f]/.test(raw))
    return json(
      {
        error: {
          code: 'invalid_input',
          message: 'The search text may not contain control characters.',
        },
      },
      400,
    );
  const q = raw.trim();
  const userId = guard.session.user.id;
  const db = await getDb();
  const started = performance.now();
  if (!q) {
    const [recent, pinned] = await Promise.all([
      recentPlaces(db, userId),
      favouritePlaces(db, userId),
    ]);
    const res = json({ query: q, objects: [], orgs: [], recent, pinned });
    res.headers.set('server-timing', `index;dur=${(performance.now() - started).toFixed(1)}`);
    return res;
  }
  if (request.nextUrl.searchParams.get('scope') === 'orgs') {
    const limited = await rateLimitPage(guard.session, 'search');
    if (limited) return json({ error: { code: 'rate_limited', message: limited } }, 429);
    const res = json({ query: q, orgs: await workosOrgs(q) });
    res.headers.set('server-timing', `workos;dur=${(performance.now() - started).toFixed(1)}`);
    return res;
  }
  const [objects, orgs] = await Promise.all([searchObjectNames(db, q), searchCachedOrgs(db, q)]);
  const indexMs = performance.now() - started;
  const names = await cachedOrgNames([
    ...new Set(objects.map((o) => o.orgId).filter((x): x is string => Boolean(x))),
  ]);
  const res = json({
    query: q,
    objects: objects.map((o) => ({ ...o, orgName: o.orgId ? (names.get(o.orgId) ?? null) : null })),
    orgs: orgs.slice(0, 6),
    recent: [],
    pinned: [],
  });
  res.headers.set(
    'server-timing',
    `index;dur=${indexMs.toFixed(1)}, total;dur=${(performance.now() - started).toFixed(1)}`,
  );
  return res;
}
