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
  const objects: { id: string; name: string; versionId: string }[] = [];
  for (let i = 0; i < n; i++) {
    const name = uniqueName(`${prefix}${i}`);
    const meta = await emulator.createObject(name, `v-${i}`, { organization_id: org.id });
    objects.push({ id: meta.id, name, versionId: meta.version_id });
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
      for (let i = 0; i < 400 && !(r?.ok && r.data?.finished); i++) {
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
    const deletes = (await emulator.requestsSince(seq)).filter(
      (q) => q.method === 'DELETE' && q.path.startsWith('/vault/v1/kv/'),
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
    await expect(page.getByRole('alert').or(page.locator('body'))).toContainText(objects[1]!.name);
    await req.dispose();
  });

  test('UI: support sees no run controls on an admin’s planned run', async ({
    playwright,
    pageAs,
  }) => {
    const req = await adminRequest(playwright);
    const obj = await freshObject();
    const planned = await act(req, `/orgs/${obj.orgId}/operations`, 'planBulkDelete', {
      orgId: obj.orgId,
      objectIds: [obj.id],
    });
    expect(planned?.ok, JSON.stringify(planned)).toBe(true);
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
