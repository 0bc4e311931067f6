import { createHash } from 'node:crypto';
import { configureByok, setByokState, type ByokProvider } from './byok';
import type { Emulator } from './context';
import { insertOrganization } from './directory';
import type { Actor } from './events';
import { seededUlid } from './ids';
import { RESETTABLE_TABLES } from './schema';
import { sealVersion } from './vault';
import { SEED_STAFF_ORGANIZATION_ID } from './seed-roles';

/** Ids are derived from this instant and a label, so every demo seed has the same ids. */
const ID_EPOCH = Date.UTC(2026, 0, 15, 9, 0, 0);
const DAY = 24 * 60 * 60 * 1000;

export const DEMO_STAFF_ORG_ID = SEED_STAFF_ORGANIZATION_ID;

export const DEMO_USERS = [
  { email: 'admin@example.com', first: 'Alex', last: 'Morgan', role: 'admin' },
  { email: 'support@example.com', first: 'Sam', last: 'Rivera', role: 'support' },
  { email: 'member@example.com', first: 'Jordan', last: 'Lee', role: 'member' },
  // A second admin, so an access request has someone other than its requester's peer to approve it.
  { email: 'approver@example.com', first: 'Casey', last: 'Brooks', role: 'admin' },
] as const;

/** A user with two memberships, so the sign-in page has an organization choice to show. */
const ONCALL_USER = { email: 'oncall@example.com', first: 'Riley', last: 'Chen' };

type DemoOrg = {
  slug: string;
  name: string;
  domain: string;
  byok?: { provider: ByokProvider; keyId: string; finalState: 'verified' | 'failed' | 'deleted' };
};

export const DEMO_ORGS: DemoOrg[] = [
  { slug: 'northwind', name: 'Northwind Traders', domain: 'northwind.example' },
  {
    slug: 'contoso',
    name: 'Contoso Pharmaceuticals',
    domain: 'contoso.example',
    byok: {
      provider: 'AWS_KMS',
      keyId: 'arn:aws:kms:eu-west-1:482913374051:key/6f0d1c1e-2b7a-4c55-9a43-1d2e8f7c0b11',
      finalState: 'verified',
    },
  },
  {
    slug: 'fabrikam',
    name: 'Fabrikam Logistics',
    domain: 'fabrikam.example',
    byok: {
      provider: 'AZURE_KEY_VAULT',
      keyId: 'https://fabrikam-kv.vault.azure.net/keys/workos-vault/8c1f0e5a',
      finalState: 'verified',
    },
  },
  {
    slug: 'adatum',
    name: 'Adatum Health',
    domain: 'adatum.example',
    byok: {
      provider: 'GCP_KMS',
      keyId: 'projects/adatum-prod/locations/europe-west3/keyRings/vault/cryptoKeys/workos',
      finalState: 'failed',
    },
  },
  {
    slug: 'tailspin',
    name: 'Tailspin Airlines',
    domain: 'tailspin.example',
    byok: {
      provider: 'AWS_KMS',
      keyId: 'arn:aws:kms:us-east-2:110394828377:key/0a9e7d52-51c3-4f0e-b7a1-3c2d9e6f8a20',
      finalState: 'deleted',
    },
  },
  { slug: 'litware', name: 'Litware Analytics', domain: 'litware.example' },
  { slug: 'proseware', name: 'Proseware Retail', domain: 'proseware.example' },
  { slug: 'wingtip', name: 'Wingtip Energy', domain: 'wingtip.example' },
];

function orgId(slug: string) {
  return `org_${seededUlid(ID_EPOCH, `org|${slug}`)}`;
}

/** Deterministic, obviously fake secret material. */
function fake(
  label: string,
  length: number,
  alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789',
): string {
  let out = '';
  let counter = 0;
  while (out.length < length) {
    const digest = createHash('sha256').update(`${label}|${counter++}`).digest();
    for (const b of digest) if (out.length < length) out += alphabet[b % alphabet.length];
  }
  return out;
}

type Template = {
  name: string;
  versions: number;
  extra?: Record<string, string>;
  value: (slug: string, v: number) => string;
};

const TEMPLATES: Template[] = [
  {
    name: 'postgres/primary',
    versions: 3,
    extra: { environment: 'production' },
    value: (s, v) =>
      `postgres://app_${s}:${fake(`${s}pg${v}`, 24)}@pg-primary.${s}.internal:5432/${s}`,
  },
  {
    name: 'postgres/replica',
    versions: 1,
    extra: { environment: 'production' },
    value: (s, v) =>
      `postgres://readonly_${s}:${fake(`${s}pgr${v}`, 24)}@pg-replica.${s}.internal:5432/${s}`,
  },
  {
    name: 'stripe/secret-key',
    versions: 2,
    value: (s, v) => `sk_test_demo${fake(`${s}stripe${v}`, 40)}`,
  },
  {
    name: 'webhooks/signing-secret',
    versions: 1,
    value: (s, v) => `whsec_${fake(`${s}wh${v}`, 32)}`,
  },
  {
    name: 'sendgrid/api-key',
    versions: 1,
    value: (s, v) => `SG.${fake(`${s}sg${v}`, 22)}.${fake(`${s}sg2${v}`, 43)}`,
  },
  {
    name: 'snowflake/service-account',
    versions: 3,
    extra: { data_classification: 'restricted' },
    value: (s, v) =>
      JSON.stringify({
        account: `${s}-analytics`,
        user: `svc_${s}_etl`,
        role: 'TRANSFORMER',
        private_key_id: fake(`${s}sf${v}`, 16, '0123456789abcdef'),
        private_key_passphrase: fake(`${s}sfp${v}`, 28),
      }),
  },
  {
    name: 'salesforce/oauth-client',
    versions: 1,
    value: (s, v) =>
      JSON.stringify(
        {
          client_id: `3MVG9${fake(`${s}sfdc${v}`, 20)}`,
          client_secret: fake(`${s}sfdcs${v}`, 64, '0123456789ABCDEF'),
          instance_url: `https://${s}.my.salesforce.com`,
        },
        null,
        2,
      ),
  },
  {
    name: 'redis/cache-url',
    versions: 1,
    extra: { data_classification: 'confidential' },
    value: (s, v) => `rediss://default:${fake(`${s}redis${v}`, 32)}@cache.${s}.internal:6380`,
  },
  {
    name: 'aws/s3-uploader',
    versions: 2,
    value: (s, v) =>
      JSON.stringify({
        aws_access_key_id: `AKIADEMO${fake(`${s}aws${v}`, 12, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
        aws_secret_access_key: fake(`${s}awss${v}`, 40),
        region: 'eu-west-1',
        bucket: `${s}-uploads`,
      }),
  },
  {
    name: 'github/deploy-token',
    versions: 1,
    value: (s, v) => `github_pat_demo_${fake(`${s}gh${v}`, 36)}`,
  },
];

const PEOPLE: Actor[] = [
  { id: 'user_01JDEMOPEOPLE0000000000DW', name: 'Dana Whitfield', source: 'dashboard' },
  { id: 'user_01JDEMOPEOPLE0000000000MK', name: 'Marcus Kim', source: 'dashboard' },
];

export async function resetData(emu: Emulator): Promise<void> {
  await emu.db.exec(`truncate ${RESETTABLE_TABLES.join(', ')} restart identity cascade`);
  emu.keys.clearCache();
  emu.vault.cache.clear();
}

export async function seedIfEmpty(emu: Emulator): Promise<void> {
  const r = await emu.db.query<{ value: string }>("select value from meta where key = 'seeded'");
  if (r.rows[0]) return;
  if (emu.config.seed === 'demo') await seedDemo(emu);
  await emu.db.query(
    "insert into meta (key, value) values ('seeded', $1) on conflict (key) do nothing",
    [emu.config.seed],
  );
}

export async function seedDemo(emu: Emulator): Promise<void> {
  const env = emu.config.apiKeys[0]!.environmentId;
  const apiActor: Actor = {
    id: emu.config.apiKeys[0]!.id,
    name: emu.config.apiKeys[0]!.name,
    source: 'api',
  };
  const now = Date.now();
  const at = (daysAgo: number, minutes = 0) => new Date(now - daysAgo * DAY + minutes * 60_000);

  const staff = await insertOrganization(emu.db, env, {
    id: DEMO_STAFF_ORG_ID,
    name: 'Ledgerline Staff',
    domains: [{ domain: 'example.com', state: 'verified' }],
    at: at(40),
  });
  for (const u of [...DEMO_USERS, { ...ONCALL_USER, role: 'admin' }]) {
    const userId = `user_${seededUlid(ID_EPOCH, `user|${u.email}`)}`;
    await emu.db.query(
      `insert into users (id, email, first_name, last_name, email_verified, created_at, updated_at) values ($1, $2, $3, $4, true, $5, $5) on conflict (email) do nothing`,
      [userId, u.email, u.first, u.last, at(40)],
    );
    await emu.db.query(
      `insert into memberships (id, user_id, organization_id, role_slug, status, created_at, updated_at) values ($1, $2, $3, $4, 'active', $5, $5) on conflict do nothing`,
      [`om_${seededUlid(ID_EPOCH, `om|${u.email}|staff`)}`, userId, staff.id, u.role, at(40)],
    );
  }

  for (const [orgIndex, org] of DEMO_ORGS.entries()) {
    const id = orgId(org.slug);
    await insertOrganization(emu.db, env, {
      id,
      name: org.name,
      domains: [{ domain: org.domain, state: 'verified' }],
      externalId: `crm-${1000 + orgIndex}`,
      metadata: { plan: orgIndex % 3 === 0 ? 'enterprise' : 'growth' },
      at: at(35 - orgIndex),
    });
    if (org.slug === 'northwind') {
      const oncallId = `user_${seededUlid(ID_EPOCH, `user|${ONCALL_USER.email}`)}`;
      await emu.db.query(
        // Admin in a customer organization too: the console must not trust a role held there.
        `insert into memberships (id, user_id, organization_id, role_slug, status, created_at, updated_at) values ($1, $2, $3, 'admin', 'active', $4, $4) on conflict do nothing`,
        [`om_${seededUlid(ID_EPOCH, 'om|oncall|northwind')}`, oncallId, id, at(30)],
      );
    }
    // BYOK orgs: two objects predate the customer key and stay on WorkOS-managed keys.
    const legacyCount = org.byok ? 2 : 0;
    for (const [i, t] of TEMPLATES.entries()) {
      if (org.byok && i === legacyCount)
        await configureByok(
          emu,
          env,
          id,
          org.byok.provider,
          org.byok.keyId,
          true,
          at(22, orgIndex),
        );
      const context: Record<string, string> = { organization_id: id, ...t.extra };
      const objectId = `secret_${createHash('sha256').update(`obj|${org.slug}|${t.name}`).digest('hex').slice(0, 32).toUpperCase()}`;
      const createdDaysAgo = i < legacyCount ? 28 - i : 20 - (i % 7);
      const author = PEOPLE[(orgIndex + i) % PEOPLE.length]!;
      const created = await emu.vault.create(
        env,
        i % 3 === 0 ? apiActor : author,
        `${org.slug}/${t.name}`,
        t.value(org.slug, 1),
        context,
        { id: objectId, at: at(createdDaysAgo, i * 7) },
      );
      let version = created.version_id;
      for (let v = 2; v <= t.versions; v++) {
        const updated = await emu.vault.update(
          env,
          v % 2 === 0 ? author : apiActor,
          objectId,
          t.value(org.slug, v),
          version,
          { at: at(createdDaysAgo - v * 2, i * 11) },
        );
        version = updated.metadata.version_id;
      }
    }
    if (org.byok && org.byok.finalState !== 'verified')
      await setByokState(emu, env, id, org.byok.finalState, at(orgIndex === 3 ? 2 : 1));
  }
  await seedOldByokOrgs(emu, env, apiActor, at);
}

/**
 * F3-02: BYOK organizations whose every BYOK event is older than the Events API's 30 days, as a
 * long-standing WorkOS customer's are: one whose key still works, one whose key was deleted. A
 * console that starts now sees none of their events. Two objects each, on the customer key.
 */
export const OLD_BYOK_ORGS = [
  {
    slug: 'margie',
    name: 'Margie’s Travel',
    domain: 'margiestravel.example',
    provider: 'AWS_KMS' as ByokProvider,
    keyId: 'arn:aws:kms:eu-central-1:730335219377:key/3b8e1f0c-6d2a-4e7b-9c51-0f4a2d6e8b13',
    verifiedDaysAgo: 45,
    deletedDaysAgo: null as number | null,
  },
  {
    slug: 'coho',
    name: 'Coho Winery',
    domain: 'cohowinery.example',
    provider: 'GCP_KMS' as ByokProvider,
    keyId: 'projects/coho-prod/locations/us-west1/keyRings/vault/cryptoKeys/workos',
    verifiedDaysAgo: 60,
    deletedDaysAgo: 40 as number | null,
  },
];

async function seedOldByokOrgs(
  emu: Emulator,
  env: string,
  actor: Actor,
  at: (daysAgo: number, minutes?: number) => Date,
) {
  const templates = TEMPLATES.filter((t) =>
    ['redis/cache-url', 'github/deploy-token'].includes(t.name),
  );
  for (const org of OLD_BYOK_ORGS) {
    const id = orgId(org.slug);
    await insertOrganization(emu.db, env, {
      id,
      name: org.name,
      domains: [{ domain: org.domain, state: 'verified' }],
      at: at(org.verifiedDaysAgo + 5),
    });
    await configureByok(emu, env, id, org.provider, org.keyId, true, at(org.verifiedDaysAgo));
    for (const [i, t] of templates.entries()) {
      const objectId = `secret_${createHash('sha256').update(`obj|${org.slug}|${t.name}`).digest('hex').slice(0, 32).toUpperCase()}`;
      await emu.vault.create(
        env,
        actor,
        `${org.slug}/${t.name}`,
        t.value(org.slug, 1),
        { organization_id: id, ...t.extra },
        { id: objectId, at: at(org.verifiedDaysAgo - 1, i * 7) },
      );
    }
    if (org.deletedDaysAgo !== null)
      await setByokState(emu, env, id, 'deleted', at(org.deletedDaysAgo));
  }
}

/** Fast bulk load for benchmarks: batched inserts, real encryption, no per-object events. */
export async function seedBulk(
  emu: Emulator,
  organizations: number,
  objects: number,
  prefix: string,
) {
  const env = emu.config.apiKeys[0]!.environmentId;
  const actor: Actor = {
    id: emu.config.apiKeys[0]!.id,
    name: emu.config.apiKeys[0]!.name,
    source: 'api',
  };
  const orgIds: string[] = [];
  const base = Date.now() - 10 * DAY;
  for (let i = 0; i < organizations; i++) {
    const id = `org_${seededUlid(base, `${prefix}|org|${i}`)}`;
    orgIds.push(id);
    await emu.db.query(
      `insert into organizations (id, environment_id, name, domains, created_at, updated_at) values ($1, $2, $3, '[]', $4, $4) on conflict do nothing`,
      [id, env, `${prefix} organization ${String(i + 1).padStart(4, '0')}`, new Date(base)],
    );
  }
  const batch = 500;
  for (let start = 0; start < objects; start += batch) {
    const count = Math.min(batch, objects - start);
    await emu.db.transaction(async (tx) => {
      const objRows: unknown[] = [];
      const verRows: unknown[] = [];
      for (let k = 0; k < count; k++) {
        const n = start + k;
        const org = orgIds[n % orgIds.length]!;
        const context = { organization_id: org };
        const selection = await emu.keys.keysForContext(tx, env, context, actor);
        const id = `secret_${createHash('sha256').update(`${prefix}|obj|${n}`).digest('hex').slice(0, 32).toUpperCase()}`;
        const v = sealVersion(selection.keys, env, id, `bulk-value-${n}-${fakeShort(n)}`);
        const at = new Date(base + n * 1000);
        objRows.push([
          id,
          env,
          `${prefix}/${org.slice(-6).toLowerCase()}/object-${String(n).padStart(6, '0')}`,
          JSON.stringify(context),
          org,
          v.versionId,
          selection.keyId,
          at,
          at,
          JSON.stringify({ id: actor.id, name: actor.name }),
        ]);
        verRows.push([v.versionId, id, at, v.record, v.etag, v.record.length, selection.keyId]);
      }
      await insertRows(
        tx,
        'objects',
        [
          'id',
          'environment_id',
          'name',
          'context',
          'org_id',
          'current_version_id',
          'key_id',
          'created_at',
          'updated_at',
          'updated_by',
        ],
        objRows,
      );
      await insertRows(
        tx,
        'object_versions',
        ['id', 'object_id', 'created_at', 'record', 'etag', 'size', 'key_id'],
        verRows,
      );
    });
  }
  await emu.db.exec('analyze');
  return { organizations, objects };
}

function fakeShort(n: number) {
  return createHash('sha1').update(String(n)).digest('hex').slice(0, 12);
}

async function insertRows(
  tx: Pick<Emulator['db'], 'query'>,
  table: string,
  columns: string[],
  rows: unknown[],
) {
  if (rows.length === 0) return;
  const args: unknown[] = [];
  const tuples = (rows as unknown[][]).map(
    (row) =>
      `(${row
        .map((v) => {
          args.push(v);
          return `$${args.length}`;
        })
        .join(', ')})`,
  );
  await tx.query(`insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`, args);
}
