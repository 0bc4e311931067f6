import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawFetch, startTestEmulator, type TestEmulator } from './testing';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t.close();
});

type RawEvent = { id: string; event: string; data: Record<string, unknown>; created_at: string };

async function eventsOf(names: string[], extra = '') {
  const res = await rawFetch(
    t.url,
    `/events?events=${names.join(',')}&order=asc&limit=100${extra}`,
  );
  expect(res.status).toBe(200);
  return res.json.data as RawEvent[];
}

describe('vault events', () => {
  it('records one event per call, each with an actor', async () => {
    const org = (await t.workos.organizations.createOrganization({ name: 'Events Org' })).id;
    const meta = await t.workos.vault.createObject({
      name: 'events/one',
      value: 'v',
      context: { organization_id: org },
    });
    await t.workos.vault.readObject({ id: meta.id });
    await t.workos.vault.readObjectByName('events/one');
    await t.workos.vault.describeObject({ id: meta.id });
    const updated = await t.workos.vault.updateObject({ id: meta.id, value: 'w' });
    await t.workos.vault.deleteObject({ id: meta.id, versionCheck: updated.metadata.versionId! });
    await t.workos.vault.listObjects();
    const sealed = await t.workos.vault.encrypt('local', { organization_id: org });
    await t.workos.vault.decrypt(sealed);

    const all = await eventsOf([
      'vault.data.created',
      'vault.data.read',
      'vault.data.updated',
      'vault.data.deleted',
      'vault.metadata.read',
      'vault.names.listed',
      'vault.kek.created',
      'vault.dek.read',
      'vault.dek.decrypted',
    ]);
    const names = all.map((e) => e.event);
    expect(names).toEqual([
      'vault.kek.created',
      'vault.data.created',
      'vault.data.read',
      'vault.data.read',
      'vault.metadata.read',
      'vault.data.updated',
      'vault.data.deleted',
      'vault.names.listed',
      'vault.dek.read',
      'vault.dek.decrypted',
    ]);
    for (const e of all) {
      expect(e.data).toMatchObject({
        actor_id: expect.stringMatching(/^key_/),
        actor_source: 'api',
        actor_name: expect.any(String),
      });
      expect(JSON.stringify(e)).not.toContain('"w"');
    }
    expect(all.find((e) => e.event === 'vault.data.created')!.data).toMatchObject({
      kv_name: 'events/one',
      key_context: { organization_id: org },
      key_id: meta.keyId,
    });
    expect(all.find((e) => e.event === 'vault.data.deleted')!.data).toMatchObject({
      kv_name: 'events/one',
    });
    expect(all.find((e) => e.event === 'vault.kek.created')!.data).toMatchObject({
      key_name: `organization_id:${org}`,
    });

    const viaSdk = await t.workos.events.listEvents({
      events: ['vault.data.created', 'vault.data.updated'],
      organizationId: org,
    });
    expect(viaSdk.data.map((e) => e.event)).toEqual(['vault.data.updated', 'vault.data.created']);
    const created = viaSdk.data[1]!;
    expect(created.event === 'vault.data.created' && created.data.kvName).toBe('events/one');
  });

  it('filters by type (comma-joined, repeated, bracketed), organization, time range, and pages with after', async () => {
    for (let i = 0; i < 3; i++)
      await t.workos.vault.createObject({
        name: `events/page-${i}`,
        value: 'v',
        context: { organization_id: 'org_page' },
      });
    const repeated = await rawFetch(
      t.url,
      '/events?events=vault.data.created&events=vault.data.deleted&organization_id=org_page',
    );
    expect(repeated.status).toBe(400); // org_page is not an organization in this environment
    const bracketed = await rawFetch(
      t.url,
      '/events?events[]=vault.data.created&limit=2&order=asc',
    );
    expect((bracketed.json.data as RawEvent[]).length).toBe(2);
    const next = bracketed.json.list_metadata as { after: string };
    expect(next.after).toBeTruthy();
    const page2 = await rawFetch(
      t.url,
      `/events?events=vault.data.created&limit=2&order=asc&after=${next.after}`,
    );
    const firstIds = (bracketed.json.data as RawEvent[]).map((e) => e.id);
    for (const e of page2.json.data as RawEvent[]) expect(firstIds).not.toContain(e.id);
    const future = await rawFetch(
      t.url,
      `/events?events=vault.data.created&range_start=${new Date(Date.now() + 60_000).toISOString()}`,
    );
    expect(future.json.data).toEqual([]);
  });

  it('order=normal lists newest first; `after` fetches newer records, `before` older', async () => {
    const asc = (await rawFetch(t.url, '/events?events=vault.data.created&order=asc&limit=100'))
      .json.data as RawEvent[];
    expect(asc.length).toBeGreaterThanOrEqual(3);
    const mid = asc[1]!.id;
    const normal = await rawFetch(
      t.url,
      '/events?events=vault.data.created&order=normal&limit=100',
    );
    expect((normal.json.data as RawEvent[]).map((e) => e.id)).toEqual(
      asc.map((e) => e.id).reverse(),
    );
    const newer = (
      await rawFetch(t.url, `/events?events=vault.data.created&order=normal&after=${mid}&limit=100`)
    ).json.data as RawEvent[];
    expect(newer.map((e) => e.id)).toEqual(
      asc
        .slice(2)
        .map((e) => e.id)
        .reverse(),
    );
    const older = (
      await rawFetch(
        t.url,
        `/events?events=vault.data.created&order=normal&before=${mid}&limit=100`,
      )
    ).json.data as RawEvent[];
    expect(older.map((e) => e.id)).toEqual([asc[0]!.id]);
  });

  it('validates its query with 422 {message, errors}', async () => {
    // `events` is optional in the spec: without it, every type is listed.
    const all = await rawFetch(t.url, '/events?limit=100');
    expect(all.status).toBe(200);
    expect(new Set((all.json.data as RawEvent[]).map((e) => e.event)).size).toBeGreaterThan(1);
    const badLimit = await rawFetch(t.url, '/events?limit=0');
    expect(badLimit.status).toBe(422);
    expect(badLimit.json).toMatchObject({
      message: 'Validation failed',
      errors: [{ code: 'limit_out_of_range', field: 'limit' }],
    });
    expect((await rawFetch(t.url, '/events?events=vault.data.read&limit=500')).status).toBe(422);
    expect((await rawFetch(t.url, '/events?events=vault.data.read&range_start=soon')).status).toBe(
      422,
    );
  });
});
