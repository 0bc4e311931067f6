import { readFileSync } from 'node:fs';

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
  input: (c: Ctx) => unknown;
};

/**
 * Every page, route handler and server action the build contains must be listed here with the
 * rule it enforces. The matrix test reads the build's manifests and fails on anything unlisted.
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

export const ACTIONS: Record<string, ActionSpec> = {
  // Inputs are chosen so an allowed call changes nothing (stale versions, a wrong confirmation).
  revealObjectValue: {
    kind: 'action',
    page: (c) => `/objects/${c.objectId}`,
    rule: 'vault.values:reveal',
    input: (c) => ({ objectId: c.objectId, purpose: 'reveal' }),
  },
  loadObjectForEdit: {
    kind: 'action',
    page: (c) => `/objects/${c.objectId}`,
    rule: ['vault.objects:write', 'vault.values:reveal'],
    input: (c) => ({ objectId: c.objectId }),
  },
  updateObjectValue: {
    kind: 'action',
    page: (c) => `/objects/${c.objectId}`,
    rule: 'vault.objects:write',
    input: (c) => ({ objectId: c.objectId, value: 'matrix', versionCheck: 'stale-version' }),
  },
  deleteVaultObject: {
    kind: 'action',
    page: (c) => `/objects/${c.objectId}`,
    rule: 'vault.objects:delete',
    input: (c) => ({
      objectId: c.objectId,
      versionCheck: c.versionId,
      confirmName: 'not-the-name',
    }),
  },
  createVaultObject: {
    kind: 'action',
    page: (c) => `/orgs/${c.orgId}/new`,
    rule: 'vault.objects:write',
    input: (c) => ({ orgId: c.orgId, name: '', value: 'x', extraContext: [] }),
  },
  resyncIndex: {
    kind: 'action',
    page: () => '/settings',
    rule: 'vault.objects:write',
    input: () => ({}),
  },
  generateByokLink: {
    kind: 'action',
    page: (c) => `/orgs/${c.orgId}/byok`,
    rule: 'vault.byok:manage',
    input: (c) => ({ orgId: c.orgId }),
  },
  encryptWithDataKey: {
    kind: 'action',
    page: () => '/key-tools',
    rule: 'vault.keys:use',
    input: (c) => ({ plaintext: 'matrix', context: [{ key: 'organization_id', value: c.orgId }] }),
  },
  decryptWithDataKey: {
    kind: 'action',
    page: () => '/key-tools',
    rule: 'vault.keys:use',
    input: () => ({ ciphertext: 'bm90IGEgY2lwaGVydGV4dA==' }),
  },
  setPinned: {
    kind: 'action',
    page: (c) => `/objects/${c.objectId}`,
    rule: 'vault.metadata:read',
    // Unpinning something never pinned: an allowed call changes nothing.
    input: (c) => ({ kind: 'object', id: c.objectId, pinned: false }),
  },
  saveStewardship: {
    kind: 'action',
    page: (c) => `/objects/${c.objectId}`,
    rule: 'vault.objects:write',
    // A version check no record can have: an allowed call is a conflict and changes nothing.
    input: (c) => ({
      objectId: c.objectId,
      owner: 'matrix',
      notes: '',
      rotationDays: null,
      expiresOn: null,
      expectedUpdatedAt: '2000-01-01T00:00:00.000Z',
    }),
  },
  // Batch operations: an organization that does not exist, a run that does not exist.
  planOffboard: {
    kind: 'action',
    page: (c) => `/orgs/${c.orgId}/operations`,
    rule: 'vault.objects:delete',
    input: () => ({ orgId: 'org_matrixnosuchorg' }),
  },
  planRewrap: {
    kind: 'action',
    page: (c) => `/orgs/${c.orgId}/operations`,
    rule: ['vault.objects:write', 'vault.values:reveal'],
    input: () => ({ orgId: 'org_matrixnosuchorg' }),
  },
  planBulkDelete: {
    kind: 'action',
    page: (c) => `/orgs/${c.orgId}`,
    rule: 'vault.objects:delete',
    input: (c) => ({ orgId: c.orgId, objectIds: ['no-such-object'] }),
  },
  previewImport: {
    kind: 'action',
    page: (c) => `/orgs/${c.orgId}/import`,
    rule: ['vault.objects:write', 'vault.values:reveal'],
    // A name nobody holds: the preview answers "new" and reads nothing.
    input: (c) => ({ orgId: c.orgId, entries: [{ name: 'e2e/matrix-import-probe', value: 'x' }] }),
  },
  previewCreateInOrgs: {
    kind: 'action',
    page: () => '/create-in-orgs',
    rule: 'vault.objects:write',
    input: (c) => ({ targets: [{ orgId: c.orgId, name: 'e2e/matrix-fanout-probe' }] }),
  },
  applyCreateInOrgs: {
    kind: 'action',
    page: () => '/create-in-orgs',
    rule: 'vault.objects:write',
    // The fixture object's own name in its own org: WorkOS answers "taken", nothing is written.
    input: (c) => ({ rows: [{ orgId: c.orgId, name: c.objectName, value: 'matrix' }] }),
  },
  applyImport: {
    kind: 'action',
    page: (c) => `/orgs/${c.orgId}/import`,
    rule: 'vault.objects:write',
    // An update with a stale version: refused by WorkOS (409), nothing written.
    input: (c) => ({
      orgId: c.orgId,
      rows: [
        {
          name: c.objectName,
          value: 'matrix',
          objectId: c.objectId,
          versionCheck: 'stale-version',
        },
      ],
    }),
  },
  generateTenantPortalLink: {
    kind: 'action',
    page: (c) => `/orgs/${c.orgId}/operations`,
    rule: 'vault.byok:manage',
    input: (c) => ({ orgId: c.orgId, intent: 'audit_logs' }),
  },
  startOperation: {
    kind: 'action',
    page: (c) => `/orgs/${c.orgId}/operations`,
    rule: 'vault.metadata:read',
    input: (c) => ({ orgId: c.orgId, runId: 'op_0_00000000', confirmName: 'x' }),
  },
  advanceOperation: {
    kind: 'action',
    page: (c) => `/orgs/${c.orgId}/operations`,
    rule: 'vault.metadata:read',
    input: (c) => ({ orgId: c.orgId, runId: 'op_0_00000000' }),
  },
  cancelOperation: {
    kind: 'action',
    page: (c) => `/orgs/${c.orgId}/operations`,
    rule: 'vault.metadata:read',
    input: (c) => ({ orgId: c.orgId, runId: 'op_0_00000000' }),
  },
  runHealthChecks: {
    kind: 'action',
    page: () => '/settings/health',
    rule: 'vault.objects:write',
    input: () => ({}),
  },
};

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
