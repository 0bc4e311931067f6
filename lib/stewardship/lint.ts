import type { Db } from '../db/client';

/** The one key BYOK matching and the console's index read (WorkOS BYOK docs: organization_id). */
const ORG_KEY = 'organization_id';

export const LINT_RULES = ['misspelled_org_key', 'no_org_pair', 'prefix_mismatch'] as const;
export type LintRule = (typeof LINT_RULES)[number];

export const LINT_TEXT: Record<LintRule, { title: string; fix: string }> = {
  misspelled_org_key: {
    title: 'Organization under another key',
    fix: 'The context names an organization under a key other than organization_id (for example organizationId). BYOK matching and this console only read organization_id, so the object is encrypted with the environment key and belongs to no organization here. The context cannot change: create a new object with organization_id set, move readers to it, then delete this one.',
  },
  no_org_pair: {
    title: 'No organization in the context',
    fix: 'The context has no organization_id pair, so no customer key can ever apply and the object appears under no organization. If it belongs to a tenant, recreate it with organization_id and delete this one; if it is truly global, note that in its owner notes.',
  },
  prefix_mismatch: {
    title: 'Name prefix names another organization',
    fix: 'The name starts with a prefix that other objects use for a different organization (or with another organization id), but the context says this organization. Check which tenant the secret belongs to; recreate it under the right name or context and delete this one.',
  },
};

const normal = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, '');
const ORG_SPELLINGS = new Set(['organizationid', 'orgid', 'organisationid', 'organization', 'org']);

/** Flags a context can carry on its own (the prefix rule needs the other objects). */
export function lintContext(context: Record<string, string>): LintRule[] {
  const keys = Object.keys(context);
  const flags: LintRule[] = [];
  if (keys.some((k) => k !== ORG_KEY && ORG_SPELLINGS.has(normal(k))))
    flags.push('misspelled_org_key');
  if (!keys.includes(ORG_KEY)) flags.push('no_org_pair');
  return flags;
}

export type LintFinding = {
  id: string;
  name: string;
  orgId: string | null;
  context: Record<string, string>;
  rules: LintRule[];
  /** prefix_mismatch: the organization the prefix belongs to (or names). */
  prefixOrgId: string | null;
};

type Q = Pick<Db, 'query'>;
type ObjRow = { id: string; name: string; org_id: string | null; context: Record<string, string> };

function finding(o: ObjRow, rules: LintRule[], prefixOrgId: string | null): LintFinding {
  return { id: o.id, name: o.name, orgId: o.org_id, context: o.context, rules, prefixOrgId };
}

/**
 * Objects whose context has no organization_id (misspelled or missing). With `orgId`, only those
 * naming that organization under some other key. Index-only; bounded by limit/offset.
 */
async function contextFindings(
  db: Q,
  opts: { orgId?: string | null; limit: number; offset: number },
): Promise<LintFinding[]> {
  const args: unknown[] = [opts.limit, opts.offset];
  const org = opts.orgId
    ? (args.push(opts.orgId),
      `and exists (select 1 from jsonb_each_text(context) e where e.value = $${args.length})`)
    : '';
  const r = await db.query<ObjRow>(
    `select id, name, org_id, context from vault_objects where org_id is null ${org}
     order by name, id limit $1 offset $2`,
    args,
  );
  return r.rows.map((o) => finding(o, lintContext(o.context), null));
}

/**
 * A name prefix (the part before the first "/") belongs to the organization holding most objects
 * with it, if that is at least 2 objects and more than half of the prefix's uses. An object in
 * another organization with that prefix, or with a prefix that is another organization's id, is
 * flagged.
 */
async function prefixFindings(
  db: Q,
  opts: { orgId?: string | null; limit: number; offset: number },
): Promise<LintFinding[]> {
  const args: unknown[] = [opts.limit, opts.offset];
  const org = opts.orgId ? (args.push(opts.orgId), `and o.org_id = $${args.length}`) : '';
  const r = await db.query<ObjRow & { prefix_org: string }>(
    `with pref as (
       select split_part(name, '/', 1) as p, org_id, count(*) as n from vault_objects
       where org_id is not null and strpos(name, '/') > 1 group by 1, 2),
     owner as (
       select p, org_id from (
         select p, org_id, n, sum(n) over (partition by p) as total,
                row_number() over (partition by p order by n desc, org_id) as rk from pref) x
       where rk = 1 and n >= 2 and n * 2 > total)
     select o.id, o.name, o.org_id, o.context,
            coalesce(ow.org_id, split_part(o.name, '/', 1)) as prefix_org
     from vault_objects o left join owner ow on ow.p = split_part(o.name, '/', 1)
     where o.org_id is not null and strpos(o.name, '/') > 1 ${org}
       and ((ow.org_id is not null and ow.org_id <> o.org_id)
         or (split_part(o.name, '/', 1) like 'org\\_%' and split_part(o.name, '/', 1) <> o.org_id))
     order by o.name, o.id limit $1 offset $2`,
    args,
  );
  return r.rows.map((o) => finding(o, ['prefix_mismatch'], o.prefix_org));
}

/** One rule's findings (a page), for the lint summary page and an organization's flags. */
export async function lintFindings(
  db: Q,
  rule: LintRule,
  opts: { orgId?: string | null; limit: number; offset: number },
): Promise<{ rows: LintFinding[]; hasMore: boolean }> {
  if (rule === 'prefix_mismatch') {
    const rows = await prefixFindings(db, { ...opts, limit: opts.limit + 1 });
    return { rows: rows.slice(0, opts.limit), hasMore: rows.length > opts.limit };
  }
  // Context rules: filter the org_id-less objects by the rule, reading a bounded window.
  const out: LintFinding[] = [];
  let offset = 0;
  let skipped = 0;
  for (;;) {
    const batch = await contextFindings(db, { orgId: opts.orgId, limit: 500, offset });
    for (const f of batch)
      if (f.rules.includes(rule)) {
        if (skipped < opts.offset) skipped++;
        else out.push(f);
      }
    if (out.length > opts.limit || batch.length < 500) break;
    offset += 500;
  }
  return { rows: out.slice(0, opts.limit), hasMore: out.length > opts.limit };
}

/** How many objects each rule flags (capped at `cap` each, so the summary stays cheap). */
export async function lintCounts(
  db: Q,
  orgId: string | null,
  cap = 1000,
): Promise<Record<LintRule, number>> {
  const [ctx, prefix] = await Promise.all([
    contextFindings(db, { orgId, limit: cap, offset: 0 }),
    prefixFindings(db, { orgId, limit: cap, offset: 0 }),
  ]);
  return {
    misspelled_org_key: ctx.filter((f) => f.rules.includes('misspelled_org_key')).length,
    no_org_pair: orgId ? 0 : ctx.filter((f) => f.rules.includes('no_org_pair')).length,
    prefix_mismatch: prefix.length,
  };
}
