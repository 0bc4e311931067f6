/**
 * Every internal URL the console builds from data, in one place. Ids and names come from WorkOS
 * and from people, so each path segment is percent-encoded and each query is built with
 * URLSearchParams: an id such as `../key-tools?org=x` stays one segment and cannot point a link
 * somewhere else. Pure and client-safe.
 */
type Query = Record<string, string | null | undefined>;

const segment = encodeURIComponent;

function withQuery(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v) params.set(k, v);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export const paths = {
  orgs: (query?: Query) => withQuery('/orgs', query),
  org: (orgId: string, query?: Query) => withQuery(`/orgs/${segment(orgId)}`, query),
  orgNew: (orgId: string) => `/orgs/${segment(orgId)}/new`,
  orgByok: (orgId: string) => `/orgs/${segment(orgId)}/byok`,
  orgActivity: (orgId: string, query?: Query) =>
    withQuery(`/orgs/${segment(orgId)}/activity`, query),
  orgNewNamed: (orgId: string, name: string) => withQuery(`/orgs/${segment(orgId)}/new`, { name }),
  orgDeleted: (orgId: string, query?: Query) => withQuery(`/orgs/${segment(orgId)}/deleted`, query),
  deleted: (query?: Query) => withQuery('/deleted', query),
  overdue: (query?: Query) => withQuery('/overdue', query),
  lint: (query?: Query) => withQuery('/lint', query),
  matrix: (query?: Query) => withQuery('/matrix', query),
  orgImport: (orgId: string) => `/orgs/${segment(orgId)}/import`,
  /** "Create this name in N organizations", pre-filled with a kind and the orgs missing it. */
  createInOrgs: (query?: Query) => withQuery('/create-in-orgs', query),
  orgOperations: (orgId: string) => `/orgs/${segment(orgId)}/operations`,
  orgOperation: (orgId: string, runId: string) =>
    `/orgs/${segment(orgId)}/operations/${segment(runId)}`,
  orgOperationReport: (orgId: string, runId: string) =>
    `/orgs/${segment(orgId)}/operations/${segment(runId)}/report`,
  operationReportJson: (orgId: string, runId: string) =>
    withQuery(`/api/orgs/${segment(orgId)}/operations`, { run: runId }),
  object: (objectId: string, query?: Query) => withQuery(`/objects/${segment(objectId)}`, query),
  search: (query?: Query) => withQuery('/search', query),
  audit: (query?: Query) => withQuery('/audit', query),
  auditExport: (query?: Query) => withQuery('/api/audit/export', query),
  orgExport: (orgId: string, format: 'csv' | 'json') =>
    withQuery(`/api/orgs/${segment(orgId)}/export`, { format }),
  byok: (query?: Query) => withQuery('/byok', query),
  signIn: (query?: Query) => withQuery('/sign-in', query),
  requests: (query?: Query) => withQuery('/requests', query),
  request: (requestId: string) => `/requests/${segment(requestId)}`,
  approvalPolicy: (query?: Query) => withQuery('/settings/approvals', query),
  requestStatus: (objectId: string) => withQuery('/api/requests/status', { object: objectId }),
  inbox: () => '/inbox',
  inboxStatus: () => '/api/inbox/status',
} as const;
