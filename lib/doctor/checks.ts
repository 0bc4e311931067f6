import type { WorkOS } from '@workos-inc/node';

export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';
export type CheckResult = {
  id: string;
  title: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
};

export type DoctorInput = {
  apiKey: string;
  clientId: string;
  cookiePassword: string;
  redirectUri: string;
  appUrl: string;
  workos: WorkOS | null;
  /**
   * Cloud mode: the access-token issuers the console has seen (token_issuers_seen), or why they
   * could not be read. Left out in local mode, where the emulator's setting decides.
   */
  seenIssuers?: { rows: SeenIssuer[] } | { unavailable: string };
};

export type SeenIssuer = { iss: string; form: string; lastSeen: Date };

const pass = (id: string, title: string, detail: string): CheckResult => ({
  id,
  title,
  status: 'pass',
  detail,
});
const fail = (id: string, title: string, detail: string, fix: string): CheckResult => ({
  id,
  title,
  status: 'fail',
  detail,
  fix,
});

function statusOf(err: unknown): number | undefined {
  return typeof (err as { status?: unknown })?.status === 'number'
    ? (err as { status: number }).status
    : undefined;
}

/** The seed's pre-flight list, each with pass or fail and how to fix a failure. Never prints a secret. */
export async function runDoctor(input: DoctorInput): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const key = input.apiKey;
  if (!key)
    results.push(
      fail(
        'api_key',
        'WorkOS API key',
        'WORKOS_API_KEY is not set.',
        'Set WORKOS_API_KEY to a secret key from the WorkOS dashboard (API Keys). Leave it unset only for local mode.',
      ),
    );
  else if (!key.startsWith('sk_'))
    results.push(
      fail(
        'api_key',
        'WorkOS API key',
        `WORKOS_API_KEY starts with "${key.slice(0, 3)}", not "sk_".`,
        'Use the secret key (sk_…) from WorkOS dashboard → API Keys, not a client id or a publishable key.',
      ),
    );
  else
    results.push(
      pass(
        'api_key',
        'WorkOS API key',
        `Present, sk_ prefix (${key.startsWith('sk_test_') ? 'test' : 'live'} environment).`,
      ),
    );

  if (!input.clientId.startsWith('client_'))
    results.push(
      fail(
        'client_id',
        'WorkOS client id',
        `WORKOS_CLIENT_ID ${input.clientId ? `starts with "${input.clientId.slice(0, 7)}"` : 'is not set'}.`,
        'Copy the Client ID (client_…) from WorkOS dashboard → API Keys.',
      ),
    );
  else results.push(pass('client_id', 'WorkOS client id', 'client_ prefix.'));

  if (input.cookiePassword.length < 32)
    results.push(
      fail(
        'cookie_password',
        'Cookie password',
        `WORKOS_COOKIE_PASSWORD has ${input.cookiePassword.length} characters; 32 or more are needed.`,
        'Generate one with `openssl rand -base64 32` and set it in every replica.',
      ),
    );
  else
    results.push(
      pass('cookie_password', 'Cookie password', `${input.cookiePassword.length} characters.`),
    );

  try {
    const redirect = new URL(input.redirectUri);
    const app = new URL(input.appUrl);
    if (redirect.origin !== app.origin)
      results.push(
        fail(
          'redirect_uri',
          'Redirect URI',
          `${redirect.origin} is not the console's origin ${app.origin}.`,
          'Set NEXT_PUBLIC_WORKOS_REDIRECT_URI to <console URL>/callback, and register it in the WorkOS dashboard (Redirects).',
        ),
      );
    else if (redirect.pathname !== '/callback')
      results.push(
        fail(
          'redirect_uri',
          'Redirect URI',
          `Path is ${redirect.pathname}, not /callback.`,
          'The console handles the sign-in callback at /callback.',
        ),
      );
    else
      results.push(
        pass('redirect_uri', 'Redirect URI', `${input.redirectUri} matches the console URL.`),
      );
  } catch {
    results.push(
      fail(
        'redirect_uri',
        'Redirect URI',
        `"${input.redirectUri}" is not a URL.`,
        'Set NEXT_PUBLIC_WORKOS_REDIRECT_URI to an absolute URL ending in /callback.',
      ),
    );
  }

  const workos = input.workos;
  if (!workos || !key.startsWith('sk_')) {
    for (const [id, title] of [
      ['api_reachable', 'WorkOS API reachable, key accepted'],
      ['organizations', 'At least one organization'],
      ['round_trip', 'Vault round trip'],
      ['byok', 'Organizations with BYOK'],
    ] as const) {
      results.push({ id, title, status: 'skip', detail: 'Skipped: fix the API key first.' });
    }
    return results;
  }

  let orgCount = 0;
  const names = new Map<string, string>();
  try {
    const orgs = await workos.organizations.listOrganizations({ limit: 100 });
    orgCount = orgs.data.length;
    for (const o of orgs.data) names.set(o.id, o.name);
    results.push(
      pass(
        'api_reachable',
        'WorkOS API reachable, key accepted',
        `Listed organizations at ${workos.baseURL}.`,
      ),
    );
    if (orgCount === 0)
      results.push(
        fail(
          'organizations',
          'At least one organization',
          'The environment has no organization.',
          'Create one in the WorkOS dashboard; objects are filed under an organization_id key context.',
        ),
      );
    else
      results.push(
        pass(
          'organizations',
          'At least one organization',
          `${orgCount}${orgs.listMetadata.after ? '+' : ''} organizations.`,
        ),
      );
  } catch (err) {
    const s = statusOf(err);
    results.push(
      fail(
        'api_reachable',
        'WorkOS API reachable, key accepted',
        s === 401
          ? 'WorkOS rejected the API key (401).'
          : s
            ? `WorkOS answered HTTP ${s}.`
            : `Could not reach ${workos.baseURL}.`,
        s === 401
          ? 'Check WORKOS_API_KEY: it may be revoked or from another environment.'
          : 'Check network access to the WorkOS API (or that the emulator is running in local mode).',
      ),
    );
    results.push({
      id: 'organizations',
      title: 'At least one organization',
      status: 'skip',
      detail: 'Skipped: the API is not reachable.',
    });
    results.push({
      id: 'round_trip',
      title: 'Vault round trip',
      status: 'skip',
      detail: 'Skipped: the API is not reachable.',
    });
    results.push({
      id: 'byok',
      title: 'Organizations with BYOK',
      status: 'skip',
      detail: 'Skipped: the API is not reachable.',
    });
    return results;
  }

  results.push(await roundTrip(workos));
  results.push(await byokOrgs(workos, names));
  if (input.seenIssuers) results.push(issuerCheck(input.seenIssuers));
  return results;
}

/** Which access-token issuer form this environment mints, as the console saw it (F3-01). */
function issuerCheck(seen: NonNullable<DoctorInput['seenIssuers']>): CheckResult {
  const title = 'Access-token issuer form';
  if ('unavailable' in seen)
    return { id: 'token_issuer', title, status: 'skip', detail: seen.unavailable };
  if (!seen.rows.length)
    return {
      id: 'token_issuer',
      title,
      status: 'warn',
      detail:
        'No sign-in seen yet. Sign in to the console once and run the doctor again to see which issuer form this environment mints.',
    };
  return pass(
    'token_issuer',
    title,
    seen.rows.map((r) => `${r.iss} (${r.form}; last seen ${r.lastSeen.toISOString()})`).join('; '),
  );
}

/** Create → read → update with the right version → refused stale update → delete → gone. Cleans up. */
async function roundTrip(workos: WorkOS): Promise<CheckResult> {
  const title = 'Vault round trip (create, read, update with version, delete)';
  const name = `vault-console-doctor/${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const context = { purpose: 'vault-console-doctor' };
  let id: string | null = null;
  let step = 'create';
  try {
    const created = await workos.vault.createObject({ name, value: 'doctor-1', context });
    id = created.id;
    step = 'read';
    if ((await workos.vault.readObject({ id })).value !== 'doctor-1')
      throw new Error('read returned a different value');
    step = 'update with version check';
    const updated = await workos.vault.updateObject({
      id,
      value: 'doctor-2',
      versionCheck: created.versionId!,
    });
    step = 'refuse a stale version check';
    const stale = await workos.vault
      .updateObject({ id, value: 'doctor-3', versionCheck: created.versionId! })
      .then(
        () => 'accepted',
        (err: unknown) => (statusOf(err) === 409 ? 'refused' : 'error'),
      );
    if (stale !== 'refused')
      throw new Error(`a stale version check was ${stale}, not refused with 409`);
    step = 'delete with version check';
    await workos.vault.deleteObject({ id, versionCheck: updated.metadata.versionId! });
    step = 'confirm deletion';
    const gone = await workos.vault.describeObject({ id }).then(
      () => false,
      (err: unknown) => statusOf(err) === 404,
    );
    if (!gone) throw new Error('the object still exists after delete');
    id = null;
    return pass(
      'round_trip',
      title,
      'Created, read, updated, refused a stale update (409), deleted; nothing left behind.',
    );
  } catch (err) {
    if (id) await workos.vault.deleteObject({ id }).catch(() => undefined);
    const s = statusOf(err);
    return fail(
      'round_trip',
      title,
      `Failed at "${step}"${s ? ` (HTTP ${s})` : err instanceof Error ? `: ${err.message}` : ''}.${id ? ' The test object was removed.' : ''}`,
      'Check that the API key has Vault permissions in this environment.',
    );
  }
}

async function byokOrgs(workos: WorkOS, names: Map<string, string>): Promise<CheckResult> {
  const title = 'Organizations with BYOK';
  try {
    const res = await workos.get('/events', {
      query: {
        events: 'vault.byok_key.verification_completed,vault.byok_key.deleted',
        limit: 100,
        order: 'desc',
      },
    });
    const latest = new Map<string, string>();
    for (const e of (
      res.data as {
        data: {
          event: string;
          data: { organization_id?: string; verified?: boolean; key_provider?: string };
        }[];
      }
    ).data) {
      const org = e.data.organization_id;
      if (!org || latest.has(org)) continue;
      latest.set(
        org,
        `${names.get(org) ?? org} (${e.data.key_provider ?? 'unknown provider'}: ${e.event.endsWith('deleted') ? 'deleted' : e.data.verified ? 'verified' : 'verification failed'})`,
      );
    }
    const list = [...latest.values()];
    return {
      id: 'byok',
      title,
      status: list.some((l) => /deleted|failed/.test(l)) ? 'warn' : 'pass',
      detail: list.length
        ? list.join('; ')
        : 'No organization has a customer-managed key (in the last 30 days of events).',
    };
  } catch (err) {
    return {
      id: 'byok',
      title,
      status: 'warn',
      detail: `Could not read BYOK events${statusOf(err) ? ` (HTTP ${statusOf(err)})` : ''}.`,
    };
  }
}
