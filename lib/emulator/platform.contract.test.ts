import {
  GenerateLinkIntent,
  NotFoundException,
  UnprocessableEntityException,
} from '@workos-inc/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawFetch, startTestEmulator, type TestEmulator } from './testing';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ seed: 'demo' });
});
afterAll(async () => {
  await t.close();
});

// `search` is in the spec but not in the SDK's TypeScript type; the SDK passes it through.
const withSearch = (search: string, limit = 10) => ({ limit, search }) as { limit: number };
const orgByName = async (name: string) =>
  (await t.workos.organizations.listOrganizations(withSearch(name, 100))).data[0]!;

describe('organizations', () => {
  it('lists with search, domains, order and cursors in both directions', async () => {
    const all = await t.workos.organizations.listOrganizations({ limit: 100 });
    expect(all.data).toHaveLength(11); // 8 demo orgs, the staff org, 2 with BYOK events older than 30 days
    expect(all.data.every((o) => /^org_[0-9A-HJKMNP-TV-Z]{26}$/.test(o.id))).toBe(true);
    expect(
      (await t.workos.organizations.listOrganizations(withSearch('contoso'))).data.map(
        (o) => o.name,
      ),
    ).toEqual(['Contoso Pharmaceuticals']);
    expect(
      (
        await t.workos.organizations.listOrganizations({
          domains: ['adatum.example', 'nope.example'],
        })
      ).data.map((o) => o.name),
    ).toEqual(['Adatum Health']);
    const p1 = await t.workos.organizations.listOrganizations({ limit: 4 });
    expect(p1.listMetadata.before).toBeNull();
    const p2 = await t.workos.organizations.listOrganizations({
      limit: 4,
      after: p1.listMetadata.after!,
    });
    const back = await t.workos.organizations.listOrganizations({
      limit: 4,
      before: p2.listMetadata.before!,
    });
    expect(back.data.map((o) => o.id)).toEqual(p1.data.map((o) => o.id));
    const asc = await t.workos.organizations.listOrganizations({ limit: 100, order: 'asc' });
    expect(asc.data.map((o) => o.id)).toEqual([...all.data.map((o) => o.id)].reverse());
    const walked = await (await t.workos.organizations.listOrganizations()).autoPagination();
    expect(walked).toHaveLength(11);
    expect((await rawFetch(t.url, '/organizations?limit=101')).status).toBe(422);
  });

  it('creates, reads, updates and deletes', async () => {
    const created = await t.workos.organizations.createOrganization({
      name: 'Temp Co',
      domainData: [{ domain: 'temp.example', state: 'verified' as never }],
      metadata: { tier: 'gold' },
    });
    expect(created).toMatchObject({
      name: 'Temp Co',
      metadata: { tier: 'gold' },
      domains: [{ domain: 'temp.example', state: 'verified' }],
    });
    expect(await t.workos.organizations.getOrganization(created.id)).toMatchObject({
      id: created.id,
    });
    expect(
      await t.workos.organizations.updateOrganization({
        organization: created.id,
        name: 'Temp Company',
      }),
    ).toMatchObject({ name: 'Temp Company' });
    await t.workos.organizations.deleteOrganization(created.id);
    await expect(t.workos.organizations.getOrganization(created.id)).rejects.toBeInstanceOf(
      NotFoundException,
    );
    await expect(t.workos.organizations.createOrganization({ name: '' })).rejects.toBeInstanceOf(
      UnprocessableEntityException,
    );
  });

  it('publishes the roles with the console permission slugs', async () => {
    const roles = await rawFetch(t.url, '/authorization/roles');
    const bySlug = Object.fromEntries(
      (roles.json.data as { slug: string; permissions: string[] }[]).map((r) => [
        r.slug,
        r.permissions,
      ]),
    );
    expect(bySlug.admin).toHaveLength(10);
    // Approvals (issue 26): admins manage the policy and may approve requests.
    expect(bySlug.admin).toEqual(
      expect.arrayContaining(['console.policy:manage', 'vault.requests:approve']),
    );
    expect(bySlug.support).toEqual([
      'vault.metadata:read',
      'vault.byok:read',
      'console.audit:read',
    ]);
  });
});

describe('audit logs', () => {
  it('stores events idempotently and exposes them through the control API', async () => {
    const org = await orgByName('Northwind');
    const event = {
      action: 'vault.object.revealed',
      occurredAt: new Date(),
      actor: { id: 'user_1', type: 'user', name: 'Alex' },
      targets: [{ id: 'secret_1', type: 'vault_object', name: 'northwind/x' }],
      context: { location: '127.0.0.1', userAgent: 'test' },
      metadata: { reason: 'incident 42' },
    };
    await t.workos.auditLogs.createEvent(org.id, event, { idempotencyKey: 'audit-once' });
    await t.workos.auditLogs.createEvent(org.id, event, { idempotencyKey: 'audit-once' });
    const stored = await t.control(`/_emulator/audit-logs?organization_id=${org.id}`);
    const rows = (stored.body as { data: { action: string; metadata: unknown }[] }).data;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      action: 'vault.object.revealed',
      metadata: { reason: 'incident 42' },
    });
    await expect(
      t.workos.auditLogs.createEvent(org.id, { ...event, action: '' }),
    ).rejects.toMatchObject({ status: 422 });
    await expect(
      t.workos.auditLogs.createEvent('org_01NOPE0000000000000000000', event),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('Admin Portal and BYOK', () => {
  it('generates a BYOK link whose page emits verification_completed on submit', async () => {
    const org = await orgByName('Northwind');
    const { link } = await t.workos.adminPortal.generateLink({
      organization: org.id,
      intent: GenerateLinkIntent.BringYourOwnKey,
    });
    expect(link).toMatch(/\/portal\/byok\/[A-Za-z0-9_-]+$/);
    const pageHtml = await (await fetch(link)).text();
    expect(pageHtml).toContain('Northwind Traders');
    const submit = await fetch(link, {
      method: 'POST',
      body: new URLSearchParams({
        provider: 'GCP_KMS',
        key_id: 'projects/n/locations/l/keyRings/r/cryptoKeys/k',
      }),
    });
    expect(await submit.text()).toContain('Key verified');
    expect((await fetch(link)).status).toBe(410);
    const events = await rawFetch(
      t.url,
      `/events?events=vault.byok_key.verification_completed&organization_id=${org.id}`,
    );
    // Exactly the spec's payload: no key id.
    expect((events.json.data as { data: unknown }[])[0]!.data).toEqual({
      organization_id: org.id,
      key_provider: 'GCP_KMS',
      verified: true,
    });
    await expect(
      t.workos.adminPortal.generateLink({
        organization: 'org_01NOPE0000000000000000000',
        intent: GenerateLinkIntent.BringYourOwnKey,
      }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('seeds every BYOK state, and a deleted key blocks reads and writes but not describe', async () => {
    const keys = (await t.control('/_emulator/byok')).body as {
      data: { organization_id: string; provider: string; state: string }[];
    };
    expect(new Set(keys.data.map((k) => k.state))).toEqual(
      new Set(['verified', 'failed', 'deleted']),
    );

    const contoso = await orgByName('Contoso');
    const objects = await (
      await t.workos.vault.listObjects({ search: 'contoso/' })
    ).autoPagination();
    const describes = await Promise.all(
      objects.map((o) => t.workos.vault.describeObject({ id: o.id })),
    );
    const byokKey = keys.data.find((k) => k.organization_id === contoso.id)!;
    const covered = describes.filter(
      (d) => d.metadata.keyId === (byokKey as unknown as { id: string }).id,
    );
    const legacy = describes.filter(
      (d) => d.metadata.keyId !== (byokKey as unknown as { id: string }).id,
    );
    expect(covered.length).toBe(8);
    expect(legacy.length).toBe(2);

    const target = covered[0]!;
    expect((await t.workos.vault.readObject({ id: target.id })).value).toBeTruthy();
    const del = await t.control(`/_emulator/byok/${contoso.id}`, {
      method: 'PUT',
      body: { state: 'deleted' },
    });
    expect(del.status).toBe(200);

    const readErr = await t.workos.vault.readObject({ id: target.id }).catch((e: unknown) => e);
    expect(readErr).toMatchObject({ status: 403 });
    expect((readErr as { rawData: unknown }).rawData).toMatchObject({
      code: 'customer_key_unavailable',
      key_state: 'deleted',
      organization_id: contoso.id,
    });
    expect((await t.workos.vault.describeObject({ id: target.id })).name).toBe(target.name);
    expect(await t.workos.vault.listObjectVersions({ id: target.id })).not.toHaveLength(0);
    await expect(
      t.workos.vault.updateObject({ id: target.id, value: 'new' }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      t.workos.vault.createObject({
        name: 'contoso/new',
        value: 'x',
        context: { organization_id: contoso.id },
      }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(
      t.workos.vault.encrypt('x', { organization_id: contoso.id }),
    ).rejects.toMatchObject({ status: 403 });
    // Objects written before the customer key existed stay on WorkOS keys and stay readable.
    expect((await t.workos.vault.readObject({ id: legacy[0]!.id })).value).toBeTruthy();
    const deletedEvents = await rawFetch(
      t.url,
      `/events?events=vault.byok_key.deleted&organization_id=${contoso.id}`,
    );
    expect((deletedEvents.json.data as { data: unknown }[])[0]!.data).toEqual({
      organization_id: contoso.id,
      key_provider: 'AWS_KMS',
    });

    await t.control(`/_emulator/byok/${contoso.id}`, { method: 'PUT', body: { state: 'failed' } });
    await expect(t.workos.vault.readObject({ id: target.id })).rejects.toMatchObject({
      status: 403,
      rawData: { key_state: 'failed' },
    });
    await t.control(`/_emulator/byok/${contoso.id}`, {
      method: 'PUT',
      body: { state: 'verified' },
    });
    expect((await t.workos.vault.readObject({ id: target.id })).value).toBeTruthy();
  });

  it('wraps data keys for a BYOK organization with the customer key, and fails decrypt once it is deleted', async () => {
    const fabrikam = await orgByName('Fabrikam');
    const sealed = await t.workos.vault.encrypt(
      'local secret',
      { organization_id: fabrikam.id },
      'aad',
    );
    expect(await t.workos.vault.decrypt(sealed, 'aad')).toBe('local secret');
    await t.control(`/_emulator/byok/${fabrikam.id}`, {
      method: 'PUT',
      body: { state: 'deleted' },
    });
    await expect(t.workos.vault.decrypt(sealed, 'aad')).rejects.toMatchObject({ status: 403 });
    await t.control(`/_emulator/byok/${fabrikam.id}`, {
      method: 'PUT',
      body: { state: 'verified' },
    });
    expect(await t.workos.vault.decrypt(sealed, 'aad')).toBe('local secret');
  });
});

describe('demo seed', () => {
  it('has ~80 objects, JSON values, multi-version objects and extra context pairs', async () => {
    const all = await (await t.workos.vault.listObjects()).autoPagination();
    expect(all.length).toBeGreaterThanOrEqual(80);
    const snowflake = all.find((o) => o.name === 'northwind/snowflake/service-account')!;
    const described = await t.workos.vault.describeObject({ id: snowflake.id });
    expect(described.metadata.context).toMatchObject({ data_classification: 'restricted' });
    expect(await t.workos.vault.listObjectVersions({ id: snowflake.id })).toHaveLength(3);
    const value = (await t.workos.vault.readObject({ id: snowflake.id })).value!;
    expect(JSON.parse(value)).toHaveProperty('account');
  });
});
