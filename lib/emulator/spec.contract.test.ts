import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsText, loadSpec, type SpecValidator } from './openapi-spec';
import { rawFetch, startTestEmulator, type TestEmulator } from './testing';

/**
 * Every emulator reply that WorkOS's published OpenAPI spec covers, validated against the spec's
 * own schemas (organizations, memberships, users, events and each event type's data, audit log
 * events, portal links, authenticate, JWKS). Vault paths are not in the spec: the SDK-fixture
 * contract tests (vault.contract.test.ts) cover those.
 */
let t: TestEmulator;
let spec: SpecValidator;
beforeAll(async () => {
  spec = loadSpec();
  t = await startTestEmulator({ seed: 'demo' });
});
afterAll(async () => {
  await t.close();
  console.info(
    `[spec] ${spec.validated.size} documented replies validated against @workos/openapi-spec ${spec.openapiVersion}:\n  ${[...spec.validated].sort().join('\n  ')}`,
  );
});

function conforms(path: string, method: string, res: { status: number; json: unknown }) {
  const v = spec.response(path, method, res.status);
  const ok = v(res.json);
  expect(ok, `${method} ${path} ${res.status}: ${errorsText(v.errors)}`).toBe(true);
}

const json = (body: unknown) => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});

async function orgByName(prefix: string): Promise<{ id: string; name: string }> {
  const list = await rawFetch(t.url, '/organizations?limit=100');
  return (list.json.data as { id: string; name: string }[]).find((o) => o.name.startsWith(prefix))!;
}

describe('spec schemas: the OpenAPI version this step is written for', () => {
  it('is OpenAPI 3.1 (JSON Schema 2020-12 dialect)', () => {
    expect(spec.openapiVersion).toMatch(/^3\.1\./);
  });
});

describe('organizations and users', () => {
  it('list, get, create and 404 match the spec', async () => {
    const list = await rawFetch(t.url, '/organizations?limit=2&order=asc');
    conforms('/organizations', 'get', list);
    const id = (list.json.data as { id: string }[])[0]!.id;
    conforms('/organizations/{id}', 'get', await rawFetch(t.url, `/organizations/${id}`));
    conforms(
      '/organizations/{id}',
      'get',
      await rawFetch(t.url, '/organizations/org_01NOPE0000000000000000000'),
    );
    const created = await rawFetch(t.url, '/organizations', json({ name: 'Spec Org' }));
    expect(created.status).toBe(201);
    conforms('/organizations', 'post', created);
  });

  it('memberships embed their user; a user matches UserlandUser', async () => {
    const staff = await orgByName('Ledgerline');
    const res = await rawFetch(
      t.url,
      `/user_management/organization_memberships?organization_id=${staff.id}`,
    );
    expect((res.json.data as unknown[]).length).toBeGreaterThan(0);
    conforms('/user_management/organization_memberships', 'get', res);
    const first = (res.json.data as { user: { id: string } }[])[0]!;
    expect(first.user.id).toMatch(/^user_/);
    conforms(
      '/user_management/users/{id}',
      'get',
      await rawFetch(t.url, `/user_management/users/${first.user.id}`),
    );
    const list = await rawFetch(
      t.url,
      `/user_management/users?organization_id=${staff.id}&limit=2&order=asc`,
    );
    expect((list.json.data as unknown[]).length).toBeGreaterThan(0);
    conforms('/user_management/users', 'get', list);
  });
});

describe('events', () => {
  it('every vault event type the emulator emits matches EventList and its own EventSchema variant', async () => {
    const org = await orgByName('Northwind');
    const meta = await t.workos.vault.createObject({
      name: `spec/${Date.now()}`,
      value: 'v',
      context: { organization_id: org.id },
    });
    await t.workos.vault.readObject({ id: meta.id });
    await t.workos.vault.describeObject({ id: meta.id });
    await t.workos.vault.updateObject({ id: meta.id, value: 'w' });
    await t.workos.vault.listObjects({ limit: 1 });
    const sealed = await t.workos.vault.encrypt('x', { organization_id: org.id });
    await t.workos.vault.decrypt(sealed);
    await t.workos.vault.deleteObject({ id: meta.id });
    await t.control(`/_emulator/byok/${org.id}`, {
      method: 'PUT',
      body: { state: 'verified', provider: 'AWS_KMS', key_id: 'arn:aws:kms:spec' },
    });
    await t.control(`/_emulator/byok/${org.id}`, { method: 'PUT', body: { state: 'deleted' } });

    const seen = new Set<string>();
    let after: string | null = null;
    const eventSchema = spec.schema('EventSchema');
    for (let page = 0; page < 30; page++) {
      const res = await rawFetch(
        t.url,
        `/events?order=desc&limit=100${after ? `&after=${after}` : ''}`,
      );
      conforms('/events', 'get', res);
      for (const e of res.json.data as { event: string }[]) {
        if (!seen.has(e.event))
          expect(eventSchema(e), `${e.event}: ${errorsText(eventSchema.errors)}`).toBe(true);
        seen.add(e.event);
      }
      after = (res.json.list_metadata as { after: string | null }).after;
      if (!after) break;
    }
    expect([...seen]).toEqual(
      expect.arrayContaining([
        'vault.byok_key.deleted',
        'vault.byok_key.verification_completed',
        'vault.data.created',
        'vault.data.deleted',
        'vault.data.read',
        'vault.data.updated',
        'vault.dek.decrypted',
        'vault.dek.read',
        'vault.metadata.read',
        'vault.names.listed',
      ]),
    );
  });

  it('vault.data.* events carry context.actor', async () => {
    const res = await rawFetch(t.url, '/events?events=vault.data.created&limit=1');
    const e = (res.json.data as { context: { actor?: { id: string; source: string } } }[])[0]!;
    expect(e.context.actor).toMatchObject({ id: expect.any(String), source: 'api' });
  });

  it('its 400 and 422 replies match the spec', async () => {
    conforms(
      '/events',
      'get',
      await rawFetch(t.url, '/events?events=vault.data.read&organization_id=org_01NOPE00000'),
    );
    conforms('/events', 'get', await rawFetch(t.url, '/events?limit=500'));
  });
});

describe('audit logs and portal links', () => {
  it('POST /audit_logs/events answers 200 {success}', async () => {
    const org = await orgByName('Contoso');
    const res = await rawFetch(
      t.url,
      '/audit_logs/events',
      json({
        organization_id: org.id,
        event: {
          action: 'vault.object.revealed',
          occurred_at: new Date().toISOString(),
          actor: { id: 'user_1', type: 'user' },
          targets: [{ id: 'secret_1', type: 'vault_object' }],
          context: { location: '127.0.0.1' },
        },
      }),
    );
    expect(res.status).toBe(200);
    conforms('/audit_logs/events', 'post', res);
  });

  it('generate_link: 201 {link} and 404', async () => {
    const org = await orgByName('Fabrikam');
    const res = await rawFetch(
      t.url,
      '/portal/generate_link',
      json({ organization: org.id, intent: 'bring_your_own_key' }),
    );
    conforms('/portal/generate_link', 'post', res);
    conforms(
      '/portal/generate_link',
      'post',
      await rawFetch(
        t.url,
        '/portal/generate_link',
        json({ organization: 'org_01NOPE0000000000000000000', intent: 'bring_your_own_key' }),
      ),
    );
  });
});

describe('AuthKit', () => {
  async function code(email: string) {
    const verifier = t.workos.pkce.generateCodeVerifier();
    const url = t.workos.userManagement.getAuthorizationUrl({
      provider: 'authkit',
      clientId: 'client_emulator',
      redirectUri: 'http://localhost:3000/callback',
      codeChallenge: await t.workos.pkce.generateCodeChallenge(verifier),
      codeChallengeMethod: 'S256',
      loginHint: email,
    });
    const res = await fetch(url, { redirect: 'manual' });
    return {
      code: new URL(res.headers.get('location')!).searchParams.get('code')!,
      verifier,
    };
  }

  it('authenticate (code and refresh) matches UserlandAuthenticateResponse; bad client is a 400', async () => {
    const { code: c, verifier } = await code('support@example.com');
    const res = await rawFetch(
      t.url,
      '/user_management/authenticate',
      json({
        client_id: 'client_emulator',
        client_secret: 'sk_test_emulator',
        grant_type: 'authorization_code',
        code: c,
        code_verifier: verifier,
      }),
    );
    conforms('/user_management/authenticate', 'post', res);
    const claims = decodeJwt(res.json.access_token as string);
    expect(claims.client_id).toBe('client_emulator');
    expect(claims).not.toHaveProperty('entitlements');
    expect(claims).not.toHaveProperty('feature_flags');
    const refreshed = await rawFetch(
      t.url,
      '/user_management/authenticate',
      json({
        client_id: 'client_emulator',
        client_secret: 'sk_test_emulator',
        grant_type: 'refresh_token',
        refresh_token: res.json.refresh_token,
      }),
    );
    conforms('/user_management/authenticate', 'post', refreshed);
    const badSecret = await rawFetch(
      t.url,
      '/user_management/authenticate',
      json({
        client_id: 'client_emulator',
        client_secret: 'sk_wrong',
        grant_type: 'refresh_token',
        refresh_token: 'x',
      }),
    );
    expect(badSecret.status).toBe(400);
    expect(badSecret.json.error).toBe('invalid_client');
    conforms('/user_management/authenticate', 'post', badSecret);
    const reused = await rawFetch(
      t.url,
      '/user_management/authenticate',
      json({
        client_id: 'client_emulator',
        client_secret: 'sk_test_emulator',
        grant_type: 'refresh_token',
        refresh_token: res.json.refresh_token,
      }),
    );
    expect(reused.status).toBe(400);
    conforms('/user_management/authenticate', 'post', reused);
  });

  it('JWKS matches JwksResponse; an unknown client is a 404', async () => {
    conforms(
      '/sso/jwks/{clientId}',
      'get',
      await rawFetch(t.url, '/sso/jwks/client_emulator', { key: null }),
    );
    conforms(
      '/sso/jwks/{clientId}',
      'get',
      await rawFetch(t.url, '/sso/jwks/client_nope', { key: null }),
    );
  });

  it('logout without session_id: 422 as documented', async () => {
    conforms(
      '/user_management/sessions/logout',
      'get',
      await rawFetch(t.url, '/user_management/sessions/logout', { key: null }),
    );
  });
});
