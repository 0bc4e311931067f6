/** Security review round 3 (issue 23): each finding replayed against the running console. */
import type { APIRequestContext } from '@playwright/test';
import { postAction } from './support/actions';
import { emulator, uniqueName } from './support/emulator';
import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';
import { CONSOLE_URL } from './support/ports';

type Reply = { ok: boolean; data?: Record<string, unknown>; error?: { code: string } };

async function adminRequest(
  playwright: { request: { newContext: (o: object) => Promise<APIRequestContext> } },
  role = 'admin',
) {
  return playwright.request.newContext({
    baseURL: CONSOLE_URL,
    storageState: `e2e/.auth/${role}.json`,
    extraHTTPHeaders: { origin: CONSOLE_URL },
  });
}

/** A new organization with `n` objects, known to the console's index. */
async function tenantWith(req: APIRequestContext, n: number, prefix: string) {
  const org = await emulator.createOrg(`${prefix} ${Date.now().toString(36)}`);
  // Written ten at a time: the emulator answers each at once, and 300 one by one were seconds.
  const objects: { id: string; name: string; versionId: string }[] = [];
  for (let i = 0; i < n; i += 10) {
    const batch = Array.from({ length: Math.min(10, n - i) }, async (_, j) => {
      const name = uniqueName(`${prefix}${i + j}`);
      const meta = await emulator.createObject(name, `v-${i + j}`, { organization_id: org.id });
      return { id: meta.id, name, versionId: meta.version_id };
    });
    objects.push(...(await Promise.all(batch)));
  }
  await expect
    .poll(
      async () => {
        const ids = new Set<string>();
        let cursor: string | null = null;
        do {
          const res = await req.get(
            `/api/orgs/${org.id}/objects${cursor ? `?cursor=${cursor}` : ''}`,
          );
          const body = (await res.json()) as { rows: { id: string }[]; nextCursor?: string | null };
          for (const r of body.rows) ids.add(r.id);
          cursor = body.nextCursor ?? null;
        } while (cursor);
        return objects.filter((o) => ids.has(o.id)).length;
      },
      { timeout: 60_000 },
    )
    .toBe(n);
  return { org, objects };
}

async function act(req: APIRequestContext, path: string, name: string, input: unknown) {
  const r = await postAction(req, path, name, [input]);
  return r.result as Reply | null;
}

test.describe('R3 operations', () => {
  test('R3-05: a 300-row bulk delete driven by two concurrent advancers makes exactly 300 WorkOS deletes', async ({
    playwright,
  }) => {
    test.setTimeout(300_000);
    const req = await adminRequest(playwright);
    const { org, objects } = await tenantWith(req, 300, 'lock');
    const path = `/orgs/${org.id}/operations`;
    const planned = await act(req, path, 'planBulkDelete', {
      orgId: org.id,
      objectIds: objects.map((o) => o.id),
    });
    expect(planned?.ok, JSON.stringify(planned)).toBe(true);
    const runId = planned!.data!.runId as string;
    const seq = await emulator.lastRequestSeq();
    const advancer = async (first: 'start' | 'advance') => {
      let r =
        first === 'start'
          ? await act(req, path, 'startOperation', { orgId: org.id, runId, confirmName: org.name })
          : await act(req, path, 'advanceOperation', { orgId: org.id, runId });
      // Bounded by time, not by a count of calls: a call answered "busy" (the other advancer
      // holds the run) returns at once, so a count ran out while the other worked on a slow machine.
      const until = Date.now() + 240_000;
      while (!(r?.ok && r.data?.finished) && Date.now() < until) {
        expect(r?.ok, JSON.stringify(r)).toBe(true);
        r = await act(req, path, 'advanceOperation', { orgId: org.id, runId });
      }
      return r;
    };
    // The second advancer starts while the first holds the run.
    const [a, b] = await Promise.all([
      advancer('start'),
      (async () => {
        await expect
          .poll(async () => (await emulator.requestsSince(seq)).some((q) => q.method === 'DELETE'))
          .toBe(true);
        return advancer('advance');
      })(),
    ]);
    expect(a?.data?.finished).toBe(true);
    expect(b?.data?.finished).toBe(true);
    // Only this run's objects: specs on the other worker delete objects of their own meanwhile.
    const ours = new Set(objects.map((o) => `/vault/v1/kv/${o.id}`));
    const deletes = (await emulator.requestsSince(seq)).filter(
      (q) => q.method === 'DELETE' && ours.has(q.path.split('?')[0]!),
    );
    expect(deletes).toHaveLength(300);
    expect(new Set(deletes.map((d) => d.path)).size).toBe(300);
    expect(a?.data?.progress).toMatchObject({ done: 300, skipped: 0, failed: 0, total: 300 });
    await req.dispose();
  });

  test('R3-02: offboarding lists the organization in Vault again: a late object is deleted, one it could not delete is named and the run reads incomplete', async ({
    playwright,
    pageAs,
  }) => {
    test.setTimeout(120_000);
    const req = await adminRequest(playwright);
    const { org, objects } = await tenantWith(req, 2, 'sweep');
    const path = `/orgs/${org.id}/operations`;
    const planned = await act(req, path, 'planOffboard', { orgId: org.id });
    expect(planned?.ok, JSON.stringify(planned)).toBe(true);
    const runId = planned!.data!.runId as string;
    // After the plan: a new object in the organization, and one planned object rotated.
    const lateName = uniqueName('sweep-late');
    const late = await emulator.createObject(lateName, 'late', { organization_id: org.id });
    await emulator.updateObject(objects[1]!.id, 'rotated after the plan');
    let r = await act(req, path, 'startOperation', {
      orgId: org.id,
      runId,
      confirmName: org.name,
    });
    for (let i = 0; i < 50 && !(r?.ok && r.data?.finished); i++)
      r = await act(req, path, 'advanceOperation', { orgId: org.id, runId });
    expect(r?.data?.finished).toBe(true);
    expect(await emulator.findByName(lateName)).toBeNull();
    expect(await emulator.findByName(objects[0]!.name)).toBeNull();
    const report = (await (
      await req.get(`/api/orgs/${org.id}/operations?run=${runId}`)
    ).json()) as {
      status: string;
      left_behind: { object_id: string; name: string }[];
      objects: { object_id: string; status: string }[];
    };
    expect(report.status).toBe('incomplete');
    expect(report.left_behind).toEqual([{ object_id: objects[1]!.id, name: objects[1]!.name }]);
    expect(report.objects.find((o) => o.object_id === late.id)?.status).toBe('done');
    const page = await pageAs('admin');
    await page.goto(`${path}/${runId}`);
    await expect(page.getByText('Incomplete: objects remain in this organization')).toBeVisible();
    await expect(
      page.getByRole('alert').filter({ hasText: 'Incomplete: objects remain' }),
    ).toContainText(objects[1]!.name);
    await req.dispose();
  });

  test('UI: support sees no run controls on an admin’s planned run', async ({
    playwright,
    pageAs,
  }) => {
    const req = await adminRequest(playwright);
    const obj = await freshObject();
    // The plan is made from the index: retried until the sync has seen the new object.
    let planned: Reply | null = null;
    await expect
      .poll(
        async () => {
          planned = await act(req, `/orgs/${obj.orgId}/operations`, 'planBulkDelete', {
            orgId: obj.orgId,
            objectIds: [obj.id],
          });
          return planned?.ok;
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    const runId = planned!.data!.runId as string;
    const support = await pageAs('support');
    await support.goto(`/orgs/${obj.orgId}/operations/${runId}`);
    await expect(support.getByText('Preview: nothing has changed yet')).toBeVisible();
    await expect(support.getByText('Your role cannot start or discard it.')).toBeVisible();
    await expect(support.getByRole('button', { name: /Delete 1 objects/ })).toHaveCount(0);
    await expect(support.getByRole('button', { name: 'Discard this plan' })).toHaveCount(0);
    await expect(support.getByLabel(/Type the organization’s name/)).toHaveCount(0);
    const admin = await pageAs('admin');
    await admin.goto(`/orgs/${obj.orgId}/operations/${runId}`);
    await expect(admin.getByRole('button', { name: 'Discard this plan' })).toBeVisible();
    await req.dispose();
  });
});

test.describe('R3 imports, exports, budgets and headers', () => {
  test('R3-11: an import into one organization never updates another organization’s object', async ({
    playwright,
  }) => {
    const req = await adminRequest(playwright);
    const other = await freshObject('northwind-original');
    const org = await emulator.createOrg(`import-a ${Date.now().toString(36)}`);
    const reply = await act(req, `/orgs/${org.id}/import`, 'applyImport', {
      orgId: org.id,
      rows: [
        {
          name: 'harmless-looking-name',
          value: 'overwritten',
          objectId: other.id,
          versionCheck: other.versionId,
        },
      ],
    });
    expect(reply?.ok, JSON.stringify(reply)).toBe(true);
    const row = (reply!.data!.rows as { name: string; status: string; note: string }[])[0]!;
    expect(row.status).toBe('failed');
    expect(row.note).toMatch(/not filed under this organization/);
    expect((await emulator.read(other.id)).value).toBe('northwind-original');
    await req.dispose();
  });

  test('R3-15: create, import and create-in-orgs refuse an organization that does not exist', async ({
    playwright,
  }) => {
    const req = await adminRequest(playwright);
    const ghost = 'org_01NOSUCHORGANIZATION0000';
    const name = uniqueName('ghost');
    const created = await act(req, `/orgs/${ghost}/new`, 'createVaultObject', {
      orgId: ghost,
      name,
      value: 'x',
      extraContext: [],
    });
    expect(created).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const imported = await act(req, `/orgs/${ghost}/import`, 'applyImport', {
      orgId: ghost,
      rows: [{ name: `${name}-i`, value: 'x' }],
    });
    expect((imported?.data?.rows as { status: string }[])[0]!.status).toBe('failed');
    const fanout = await act(req, '/create-in-orgs', 'applyCreateInOrgs', {
      rows: [{ orgId: ghost, name: `${name}-f`, value: 'x' }],
    });
    expect((fanout?.data?.rows as { status: string }[])[0]!.status).toBe('failed');
    for (const n of [name, `${name}-i`, `${name}-f`])
      expect(await emulator.findByName(n)).toBeNull();
    await req.dispose();
  });

  test('R3-04: the export file name comes from a validated id; an unknown org is a 404 with no audit row', async ({
    playwright,
  }) => {
    const req = await adminRequest(playwright);
    const exportsSoFar = async () =>
      (
        (await (
          await req.get('/api/audit/export?format=json&action=export.downloaded')
        ).json()) as { data: unknown[] }
      ).data.length;
    const before = await exportsSoFar();
    const hostile = `x"; filename*=UTF-8''evil.html; x="<script>alert(1)</script>`;
    const bad = await req.get(`/api/orgs/${encodeURIComponent(hostile)}/export?format=json`);
    expect(bad.status()).toBe(400);
    const unknown = await req.get('/api/orgs/org_01NOSUCHORGANIZATION0000/export?format=json');
    expect(unknown.status()).toBe(404);
    // Only the first count's own download was added.
    expect(await exportsSoFar()).toBe(before + 1);
    const obj = await freshObject();
    const good = await req.get(`/api/orgs/${obj.orgId}/export?format=csv`);
    expect(good.status()).toBe(200);
    expect(good.headers()['content-disposition']).toBe(
      `attachment; filename="objects-${obj.orgId}.csv"`,
    );
    await req.dispose();
  });

  test('R3-07: the palette’s organization search is budgeted: repeats are answered without WorkOS', async ({
    playwright,
  }) => {
    const req = await adminRequest(playwright, 'support');
    const seq = await emulator.lastRequestSeq();
    const q = `budget-${Date.now().toString(36)}`;
    const replies = await Promise.all(
      Array.from({ length: 30 }, () => req.get(`/api/palette?scope=orgs&q=${q}`)),
    );
    for (const r of replies) expect([200, 429]).toContain(r.status());
    const calls = (await emulator.requestsSince(seq)).filter(
      (r) => r.method === 'GET' && r.path === '/organizations',
    );
    expect(calls.length).toBeLessThanOrEqual(3);
    await req.dispose();
  });

  test('R3-10: NUL bytes and dates beyond PostgreSQL’s range are 4xx or empty states, never 500', async ({
    playwright,
  }) => {
    const req = await adminRequest(playwright);
    const obj = await freshObject();
    for (const path of ['/search?q=a%00b', '/audit?user=a%00b', '/audit?from=%2B275760-09-13'])
      expect((await req.get(path)).status(), path).toBe(200);
    for (const path of [
      '/api/palette?q=a%00b',
      `/api/orgs/${obj.orgId}/objects?q=a%00b`,
      '/api/audit/export?format=json&user=a%00b',
      '/api/audit/export?format=json&from=%2B275760-09-13',
    ])
      expect((await req.get(path)).status(), path).toBe(400);
    await req.dispose();
  });

  test('issue 27: the global name search asks for 3 characters instead of reading every name', async ({
    playwright,
  }) => {
    const req = await adminRequest(playwright);
    const short = await (await req.get('/search?q=ab')).text();
    expect(short).toContain('Type at least 3 characters to search names across every organization');
    expect(short).not.toContain('No object name contains');
    const long = await (await req.get('/search?q=zz-no-such-name-zz')).text();
    expect(long).not.toContain('Type at least 3 characters');
    expect(long).toContain('No object name contains');
    await req.dispose();
  });

  test('R3-14: robots.txt, favicon.ico and the icon carry the security headers, signed out too', async ({
    playwright,
  }) => {
    const req = await playwright.request.newContext({ baseURL: CONSOLE_URL });
    for (const path of ['/robots.txt', '/favicon.ico', '/icon.svg']) {
      const res = await req.get(path, { maxRedirects: 0 });
      expect(res.status(), path).toBeLessThan(500);
      expect(res.status(), path).not.toBe(307);
      const h = res.headers();
      expect(h['content-security-policy'], path).toContain("frame-ancestors 'none'");
      expect(h['x-frame-options'], path).toBe('DENY');
      expect(h['x-content-type-options'], path).toBe('nosniff');
    }
    expect((await req.get('/icon.svg')).status()).toBe(200);
    await req.dispose();
  });

  test('R3-14: support sees no version sizes; an admin does', async ({ pageAs }) => {
    const obj = await freshObject();
    const support = await pageAs('support');
    await support.goto(obj.path);
    const table = support.getByRole('table', { name: 'Version history, newest first' });
    await expect(table).toBeVisible();
    await expect(table.getByText('Stored size')).toHaveCount(0);
    expect(await support.content()).not.toMatch(/\d+ B</);
    const admin = await pageAs('admin');
    await admin.goto(obj.path);
    await expect(
      admin
        .getByRole('table', { name: 'Version history, newest first' })
        .getByText('Stored size')
        .first(),
    ).toBeVisible();
  });
});

test.describe('R3 UI gaps', () => {
  test('unknown objects and organizations answer 404 with the console’s not-found page', async ({
    pageAs,
  }) => {
    const page = await pageAs('admin');
    for (const path of ['/objects/secret_NOSUCHOBJECT0000', '/orgs/org_01NOSUCHORGANIZATION0000']) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(404);
      await expect(page.getByRole('heading', { name: /not found/i })).toBeVisible();
      await expect(page.getByRole('navigation').first()).toBeVisible();
    }
  });

  test('an unknown top-level URL gets the console layout, a 404 and a way back', async ({
    pageAs,
  }) => {
    const page = await pageAs('admin');
    const res = await page.goto('/no-such-page-at-all');
    expect(res?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Back to organizations' })).toBeVisible();
    await expect(page.getByRole('navigation').first()).toBeVisible();
  });

  test('/matrix and the other pages fit a 375 px screen', async ({ pageAs }) => {
    const obj = await freshObject();
    const page = await pageAs('admin');
    await page.setViewportSize({ width: 375, height: 800 });
    for (const path of [
      '/matrix',
      '/orgs',
      `/orgs/${obj.orgId}`,
      `/orgs/${obj.orgId}/operations`,
      `/orgs/${obj.orgId}/import`,
      obj.path,
      '/search?q=e2e',
      '/audit',
      '/overdue',
      '/lint',
      '/byok',
      '/create-in-orgs',
      '/key-tools',
      '/settings',
      '/no-such-page-at-all',
    ]) {
      await page.goto(path);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });

  test('the object page’s WorkOS-failure message shows the error code and correlation id', async ({
    pageAs,
  }) => {
    const obj = await freshObject();
    const fault = await emulator.addFault({
      path: `/vault/v1/kv/${obj.id}/metadata`,
      method: 'GET',
      status: 500,
      count: 10,
    });
    try {
      const page = await pageAs('admin');
      await page.goto(obj.path);
      await expect(page.getByTestId('error-code')).toHaveText(/\S+/);
      await expect(page.getByTestId('correlation-id')).not.toHaveText('not available');
      await expect(page.getByTestId('correlation-id')).toHaveText(/[A-Za-z0-9-]{8,}/);
    } finally {
      await emulator.clearFaults({ ids: [fault.id] });
    }
  });
});
