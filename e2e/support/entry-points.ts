import { readFileSync } from 'node:fs';
import type { ActionPolicy } from '../../lib/auth/step-up';
import { readActionDeclarations } from '../../scripts/lib/action-declarations';

export type Identity = 'anonymous' | 'member' | 'support' | 'admin';
export const IDENTITIES: Identity[] = ['anonymous', 'member', 'support', 'admin'];

// Written out by hand on purpose: the matrix is an oracle independent of lib/auth/permissions.ts,
// so a role that quietly gains a permission there fails here.
const PERMS: Record<Identity, string[]> = {
  anonymous: [],
  member: [],
  support: ['vault.metadata:read', 'vault.byok:read', 'console.audit:read'],
  admin: [
    'vault.metadata:read',
    'vault.values:reveal',
    'vault.objects:write',
    'vault.objects:delete',
    'vault.byok:read',
    'vault.byok:manage',
    'vault.keys:use',
    'console.audit:read',
    'console.policy:manage',
    'vault.requests:approve',
  ],
};

export type Ctx = { orgId: string; objectId: string; objectName: string; versionId: string };

/**
 * Who may use an entry point: a permission (signed in, staff org), 'signed-in', 'public', or
 * 'credential' (no session counts; the caller must present the endpoint's own secret).
 */
export type Rule = 'public' | 'signed-in' | 'credential' | string | string[];

export function allowed(rule: Rule, who: Identity): boolean {
  if (rule === 'credential') return false;
  if (rule === 'public') return true;
  if (who === 'anonymous') return false;
  if (rule === 'signed-in') return true;
  const needed = Array.isArray(rule) ? rule : [rule];
  return needed.every((p) => PERMS[who].includes(p));
}

export type PageSpec = { kind: 'page'; path: (c: Ctx) => string; rule: Rule };
export type RouteSpec = {
  kind: 'route';
  method: 'GET' | 'POST';
  path: (c: Ctx) => string;
  rule: Rule;
  note?: string;
};
export type ActionSpec = {
  kind: 'action';
  page: (c: Ctx) => string;
  rule: Rule;
  policy: ActionPolicy;
  input: (c: Ctx) => unknown;
  /** The kind of approved access grant that stands in for `rule`, or null (see defineAction). */
  grant: string | null;
};

/**
 * Every page and route handler the build contains must be listed here with the rule it enforces
 * (server actions declare theirs: `buildActions`). The matrix test reads the build's manifests and
 * fails on anything unlisted.
 */
export const PAGES: Record<string, PageSpec> = {
  '/page': { kind: 'page', path: () => '/', rule: 'signed-in' }, // only redirects to /orgs
  '/(console)/orgs/page': { kind: 'page', path: () => '/orgs', rule: 'vault.metadata:read' },
  '/(console)/orgs/[orgId]/page': {
    kind: 'page',
    path: (c) => `/orgs/${c.orgId}`,
    rule: 'vault.metadata:read',
  },
  '/(console)/orgs/[orgId]/byok/page': {
    kind: 'page',
    path: (c) => `/orgs/${c.orgId}/byok`,
    rule: 'vault.byok:read',
  },
  '/(console)/orgs/[orgId]/new/page': {
    kind: 'page',
    path: (c) => `/orgs/${c.orgId}/new`,
    rule: 'vault.objects:write',
  },
  '/(console)/objects/[objectId]/page': {
    kind: 'page',
    path: (c) => `/objects/${c.objectId}`,
    rule: 'vault.metadata:read',
  },
  '/(console)/search/page': {
    kind: 'page',
    path: () => '/search?q=stripe',
    rule: 'vault.metadata:read',
  },
  '/(console)/audit/page': { kind: 'page', path: () => '/audit', rule: 'console.audit:read' },
  '/(console)/orgs/[orgId]/activity/page': {
    kind: 'page',
    path: (c) => `/orgs/${c.orgId}/activity`,
    rule: 'vault.metadata:read',
  },
  '/(console)/lint/page': { kind: 'page', path: () => '/lint', rule: 'vault.metadata:read' },
  '/(console)/deleted/page': { kind: 'page', path: () => '/deleted', rule: 'vault.metadata:read' },
  '/(console)/orgs/[orgId]/deleted/page': {
    kind: 'page',
    path: (c) => `/orgs/${c.orgId}/deleted`,
    rule: 'vault.metadata:read',
  },
  '/(console)/overdue/page': { kind: 'page', path: () => '/overdue', rule: 'vault.metadata:read' },
  '/(console)/matrix/page': { kind: 'page', path: () => '/matrix', rule: 'vault.metadata:read' },
  '/(console)/byok/page': { kind: 'page', path: () => '/byok', rule: 'vault.byok:read' },
  '/(console)/key-tools/page': { kind: 'page', path: () => '/key-tools', rule: 'vault.keys:use' },
  '/(console)/settings/page': {
    kind: 'page',
    path: () => '/settings',
    rule: 'vault.metadata:read',
  },
  '/(console)/settings/health/page': {
    kind: 'page',
    path: () => '/settings/health',
    rule: 'vault.objects:write',
  },
  '/(console)/orgs/[orgId]/operations/page': {
    kind: 'page',
    path: (c) => `/orgs/${c.orgId}/operations`,
    rule: 'vault.metadata:read',
  },
  '/(console)/orgs/[orgId]/operations/[runId]/page': {
    kind: 'page',
    path: (c) => `/orgs/${c.orgId}/operations/op_0_00000000`,
    rule: 'vault.metadata:read',
  },
  '/(console)/orgs/[orgId]/operations/[runId]/report/page': {
    kind: 'page',
    path: (c) => `/orgs/${c.orgId}/operations/op_0_00000000/report`,
    rule: 'vault.metadata:read',
  },
  '/(console)/orgs/[orgId]/import/page': {
    kind: 'page',
    path: (c) => `/orgs/${c.orgId}/import`,
    rule: 'vault.objects:write',
  },
  '/(console)/create-in-orgs/page': {
    kind: 'page',
    path: () => '/create-in-orgs',
    rule: 'vault.objects:write',
  },
  '/(console)/requests/page': {
    kind: 'page',
    path: () => '/requests',
    rule: 'vault.metadata:read',
  },
  '/(console)/requests/[requestId]/page': {
    kind: 'page',
    path: () => '/requests/areq_matrix_none',
    rule: 'vault.metadata:read',
  },
  '/(console)/inbox/page': { kind: 'page', path: () => '/inbox', rule: 'vault.metadata:read' },
  '/(console)/settings/approvals/page': {
    kind: 'page',
    path: () => '/settings/approvals',
    rule: 'console.policy:manage',
  },
  '/signed-out/page': { kind: 'page', path: () => '/signed-out', rule: 'public' },
  '/_not-found/page': { kind: 'page', path: () => '/no-such-page', rule: 'signed-in' },
  '/_global-error/page': { kind: 'page', path: () => '/no-such-page', rule: 'signed-in' },
};

export const ROUTES: Record<string, RouteSpec> = {
  '/api/health/route': { kind: 'route', method: 'GET', path: () => '/api/health', rule: 'public' },
  '/api/index/status/route': {
    kind: 'route',
    method: 'GET',
    path: () => '/api/index/status',
    rule: 'vault.metadata:read',
  },
  '/api/orgs/[orgId]/objects/route': {
    kind: 'route',
    method: 'GET',
    path: (c) => `/api/orgs/${c.orgId}/objects`,
    rule: 'vault.metadata:read',
  },
  '/api/orgs/[orgId]/operations/route': {
    kind: 'route',
    method: 'GET',
    path: (c) => `/api/orgs/${c.orgId}/operations`,
    rule: 'vault.metadata:read',
  },
  '/api/orgs/[orgId]/export/route': {
    kind: 'route',
    method: 'GET',
    path: (c) => `/api/orgs/${c.orgId}/export?format=csv`,
    rule: 'vault.metadata:read',
  },
  '/api/audit/export/route': {
    kind: 'route',
    method: 'GET',
    path: () => '/api/audit/export?format=json&action=object.deleted',
    rule: 'console.audit:read',
  },
  '/api/palette/route': {
    kind: 'route',
    method: 'GET',
    path: () => '/api/palette?q=matrix',
    rule: 'vault.metadata:read',
  },
  '/api/requests/status/route': {
    kind: 'route',
    method: 'GET',
    path: (c) => `/api/requests/status?object=${c.objectId}`,
    rule: 'vault.metadata:read',
  },
  '/api/inbox/status/route': {
    kind: 'route',
    method: 'GET',
    path: () => '/api/inbox/status',
    rule: 'vault.metadata:read',
  },
  '/(auth)/sign-in/route': {
    kind: 'route',
    method: 'GET',
    path: () => '/sign-in',
    rule: 'public',
    note: 'redirects to AuthKit',
  },
  '/(auth)/callback/route': {
    kind: 'route',
    method: 'GET',
    path: () => '/callback',
    rule: 'public',
    note: 'no code: back to /signed-out with an error',
  },
  '/(auth)/sign-out/route': {
    kind: 'route',
    method: 'POST',
    path: () => '/sign-out',
    rule: 'public',
    note: 'ends whatever session there is',
  },
  '/(auth)/switch-organization/route': {
    kind: 'route',
    method: 'POST',
    path: () => '/switch-organization',
    rule: 'signed-in',
  },
  '/icon.svg/route': { kind: 'route', method: 'GET', path: () => '/icon.svg', rule: 'public' },
  '/robots.txt/route': { kind: 'route', method: 'GET', path: () => '/robots.txt', rule: 'public' },
  // No session involved: each call carries its own credential, so every identity is refused alike.
  '/api/webhooks/workos/route': {
    kind: 'route',
    method: 'POST',
    path: () => '/api/webhooks/workos',
    rule: 'credential',
    note: 'WorkOS-Signature header; none sent here, so 401 for everyone',
  },
  '/api/cron/index-sync/route': {
    kind: 'route',
    method: 'GET',
    path: () => '/api/cron/index-sync',
    rule: 'credential',
    note: 'Authorization: Bearer $CRON_SECRET; none sent here, so 401 for everyone',
  },
};

const ROUTE_PARAMS: Record<string, (c: Ctx) => string> = {
  orgId: (c) => c.orgId,
  objectId: (c) => c.objectId,
  runId: () => 'op_0_00000000',
  requestId: () => 'areq_matrix_none',
};

/** `app/(console)/orgs/[orgId]/page` → a concrete URL for the matrix's fixture. */
function pagePath(worker: string): (c: Ctx) => string {
  const segments = worker
    .replace(/^app/, '')
    .replace(/\/page$/, '')
    .split('/')
    .filter((s) => s && !/^\(.*\)$/.test(s));
  return (c) =>
    '/' +
    segments
      .map((s) => {
        const param = /^\[(\w+)\]$/.exec(s)?.[1];
        if (!param) return s;
        const fill = ROUTE_PARAMS[param];
        if (!fill) throw new Error(`the auth matrix has no value for route parameter [${param}]`);
        return encodeURIComponent(fill(c));
      })
      .join('/');
}

let actionsCache: { specs: Record<string, ActionSpec>; problems: string[] } | null = null;

/**
 * Every server action in the build, with its rule, policy and harmless input as the action
 * declares them in its `defineAction` config (read by scripts/lib/action-declarations.ts), and a
 * page the build lets call it (preferring its own route's page). `problems` lists every action
 * the matrix cannot check: not declared through defineAction, a config it cannot read, no probe,
 * or a `name` that differs from the export.
 */
export function buildActions(): { specs: Record<string, ActionSpec>; problems: string[] } {
  if (actionsCache) return actionsCache;
  const manifest = JSON.parse(
    readFileSync('.next/server/server-reference-manifest.json', 'utf8'),
  ) as { node: Record<string, { filename: string; exportedName: string; workers: object }> };
  const specs: Record<string, ActionSpec> = {};
  const problems: string[] = [];
  const byFile = new Map<string, ReturnType<typeof readActionDeclarations>>();
  for (const entry of Object.values(manifest.node)) {
    const { filename, exportedName } = entry;
    if (!byFile.has(filename)) byFile.set(filename, readActionDeclarations(filename));
    const declared = byFile.get(filename)!.get(exportedName);
    if (!declared || declared instanceof Error) {
      problems.push(`${exportedName}: ${declared?.message ?? `not found in ${filename}`}`);
      continue;
    }
    if (declared.name !== exportedName)
      problems.push(`${exportedName}: its config's name is ${declared.name}`);
    if (!declared.probe) problems.push(`${exportedName}: no probe (a harmless input) declared`);
    const own = filename.replace(/\/[^/]+$/, '/page');
    const workers = Object.keys(entry.workers).sort();
    const worker = workers.includes(own) ? own : workers[0]!;
    const probe = declared.probe;
    specs[exportedName] = {
      kind: 'action',
      page: pagePath(worker),
      rule: declared.permission,
      policy: declared.policy,
      input: (c) => probe?.(c),
      grant: declared.grant,
    };
  }
  actionsCache = { specs, problems };
  return actionsCache;
}

export function buildEntryPoints(): { pages: string[]; routes: string[]; actions: string[] } {
  const app = JSON.parse(readFileSync('.next/server/app-paths-manifest.json', 'utf8')) as Record<
    string,
    string
  >;
  const refs = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as {
    node: Record<string, { exportedName: string }>;
  };
  const keys = Object.keys(app);
  return {
    pages: keys.filter((k) => k.endsWith('/page')),
    routes: keys.filter((k) => k.endsWith('/route')),
    actions: [...new Set(Object.values(refs.node).map((a) => a.exportedName))],
  };
}
