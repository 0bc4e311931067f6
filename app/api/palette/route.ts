import type { NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client';
import { guardRoute, json } from '@/lib/http/json';
import { searchCachedOrgs, searchObjectNames, PALETTE_QUERY_MAX } from '@/lib/comfort/palette';
import { favouritePlaces, recentPlaces } from '@/lib/comfort/recents';
import { cachedOrgNames } from '@/lib/org-names';
import { listOrganizationsPage } from '@/lib/orgs';

/** How long the WorkOS organization search may take before the palette does without it. */
const ORG_SEARCH_BUDGET_MS = 2000;

async function workosOrgs(q: string): Promise<{ id: string; name: string }[]> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ORG_SEARCH_BUDGET_MS);
  });
  const found = await Promise.race([listOrganizationsPage({ search: q, limit: 5 }), late]);
  clearTimeout(timer);
  return found?.ok ? found.data.orgs.map((o) => ({ id: o.id, name: o.name })) : [];
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
