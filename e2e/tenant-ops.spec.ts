import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { controlFetch, emulator, uniqueName } from './support/emulator';
import { expect, test } from './support/fixtures';
import { screenshot } from './support/screens';

const shot = (page: Page, name: string) => screenshot(page, `r3-16/${name}`);

/** A new organization of its own with `n` objects, known to the console's index. */
async function freshTenant(page: Page, n: number, prefix = 'tenant') {
  const org = await emulator.createOrg(`${prefix} ${Date.now().toString(36)}`);
  const objects: { id: string; name: string; versionId: string; keyId: string }[] = [];
  for (let i = 0; i < n; i++) {
    const name = uniqueName(`${prefix}${i}`);
    const meta = await emulator.createObject(name, `secret-${prefix}-${i}-${crypto.randomUUID()}`, {
      organization_id: org.id,
    });
    objects.push({ id: meta.id, name, versionId: meta.version_id, keyId: meta.key_id });
  }
  // The index sync (every 2 s in e2e) picks them up; the plan is made from the index.
  await expect
    .poll(
      async () => {
        const res = await page.request.get(`/api/orgs/${org.id}/objects`);
        const body = (await res.json()) as { rows?: { id: string }[]; objects?: { id: string }[] };
        const rows = body.rows ?? body.objects ?? [];
        return objects.every((o) => rows.some((r) => r.id === o.id));
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  return { org, objects };
}

test.describe('tenant offboarding', () => {
  test('preview, typed confirmation, version-checked deletes, and an erasure report listing every object', async ({
    pageAs,
  }) => {
    test.setTimeout(90_000);
    const page = await pageAs('admin');
    const { org, objects } = await freshTenant(page, 3, 'offboard');
    await page.goto(`/orgs/${org.id}/operations`);
    await shot(page, 'operations');
    await page.getByRole('button', { name: 'Preview the offboarding' }).click();
    await expect(page.getByRole('heading', { name: 'Offboard this organization' })).toBeVisible();
    await expect(page.getByText('Preview: nothing has changed yet')).toBeVisible();
    const table = page.getByRole('table', { name: 'Objects in this operation' });
    for (const o of objects) await expect(table).toContainText(o.id);
    await expect(table.getByText('To do')).toHaveCount(3);
    await shot(page, 'offboard-preview');

    // Someone rotates one object after the preview: its delete must be refused, not forced.
    const changed = objects[1]!;
    await emulator.updateObject(changed.id, 'rotated after the preview');

    const go = page.getByRole('button', { name: 'Delete 3 objects' });
    await expect(go).toBeDisabled();
    await page.getByLabel(/Type the organization’s name/).fill('not the name');
    await expect(go).toBeDisabled();
    await page.getByLabel(/Type the organization’s name/).fill(org.name);
    await go.click();
    await expect(page.getByText('Finished: 2 done, 1 skipped, 0 failed.')).toBeVisible({
      timeout: 30_000,
    });
    await expect(
      table.locator(`tr[data-object-id="${changed.id}"]`).getByText(/Changed after the preview/),
    ).toBeVisible();
    await shot(page, 'offboard-finished');

    expect(await emulator.findByName(objects[0]!.name)).toBeNull();
    expect(await emulator.findByName(objects[2]!.name)).toBeNull();
    expect((await emulator.read(changed.id)).value).toBe('rotated after the preview');

    await page.getByRole('link', { name: 'Erasure report' }).click();
    await expect(page.getByRole('heading', { name: 'Erasure report' })).toBeVisible();
    const report = page.getByRole('table', { name: 'Objects in this report' });
    for (const o of objects) await expect(report).toContainText(o.id);
    await expect(page.getByText('admin@example.com at').first()).toBeVisible();
    await expect(page.getByText(/None recorded/)).toBeVisible();
    await shot(page, 'erasure-report');

    const href = await page.getByRole('link', { name: 'Download JSON' }).getAttribute('href');
    const res = await page.request.get(href!);
    expect(res.headers()['content-disposition']).toContain('attachment');
    const json = (await res.json()) as {
      report: string;
      run_by: string;
      objects: { object_id: string; name: string; status: string; version_id_before: string }[];
    };
    expect(json.report).toBe('erasure');
    expect(json.run_by).toBe('admin@example.com');
    expect(json.objects.map((o) => o.object_id).sort()).toEqual(objects.map((o) => o.id).sort());
    const byId = new Map(json.objects.map((o) => [o.object_id, o]));
    expect(byId.get(objects[0]!.id)).toMatchObject({
      status: 'done',
      name: objects[0]!.name,
      version_id_before: objects[0]!.versionId,
    });
    expect(byId.get(changed.id)!.status).toBe('skipped');
    expect(JSON.stringify(json)).not.toContain('secret-offboard');

    // Each delete went to the organization's own WorkOS Audit Logs, tied to the run.
    const logs = (await emulator.auditLogs(org.id)).data.filter(
      (e) => e.action === 'vault.object.deleted',
    );
    expect(logs.map((e) => e.targets[0]!.id).sort()).toEqual(
      [objects[0]!.id, objects[2]!.id].sort(),
    );
    expect(logs[0]!.metadata).toMatchObject({ operation_run: expect.stringMatching(/^op_/) });
  });

  test('support can look but not offboard', async ({ pageAs }) => {
    const page = await pageAs('support');
    const org = await emulator.orgByName('Northwind');
    await page.goto(`/orgs/${org.id}/operations`);
    await expect(
      page.getByRole('heading', { name: 'Blast radius of the customer key' }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Preview the offboarding' })).toHaveCount(0);
  });
});

test.describe('tenant-facing transparency and exports', () => {
  test('Admin Portal links for audit_logs and log_streams show the customer our staff’s access', async ({
    pageAs,
  }) => {
    const page = await pageAs('admin');
    const { org, objects } = await freshTenant(page, 1, 'portal');
    // A reveal with a reason lands in the organization's Audit Logs.
    await page.goto(`/objects/${objects[0]!.id}`);
    await page.getByLabel(/Reason \(optional/).fill('TICKET-16');
    await page.getByRole('button', { name: 'Reveal', exact: true }).click();
    await expect(page.getByTestId('revealed-value')).toBeVisible();
    await page.goto(`/orgs/${org.id}/operations`);
    await page.getByRole('button', { name: 'Generate audit log link' }).click();
    const auditLink = await page.getByTestId('portal-link-audit_logs').getAttribute('href');
    expect(auditLink).toMatch(/\/portal\/audit-logs\//);
    await page.getByRole('button', { name: 'Generate log stream setup link' }).click();
    const streamLink = await page.getByTestId('portal-link-log_streams').getAttribute('href');
    expect(streamLink).toMatch(/\/portal\/log-streams\//);
    await shot(page, 'portal-links');
    const portal = await page.context().newPage();
    await portal.goto(auditLink!);
    await expect(portal.getByRole('table', { name: 'Audit log events' })).toContainText(
      'vault.object.revealed',
    );
    await expect(portal.getByRole('table', { name: 'Audit log events' })).toContainText(
      'admin@example.com',
    );
    await expect(portal.getByRole('table', { name: 'Audit log events' })).toContainText(
      'TICKET-16',
    );
    await portal.goto(streamLink!);
    await expect(portal.getByRole('heading', { name: 'Log Streams' })).toBeVisible();
  });

  test('object list and audit trail export as CSV and JSON without values, and each export is audited', async ({
    pageAs,
  }) => {
    const page = await pageAs('admin');
    const { org, objects } = await freshTenant(page, 2, 'export');
    await page.goto(`/orgs/${org.id}/operations`);
    const csvHref = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    const csv = await page.request.get(csvHref!);
    expect(csv.headers()['content-type']).toContain('text/csv');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe(
      '"id","name","context","key_id","version_id","updated_at","owner","rotation_days","expires_on"',
    );
    for (const o of objects) expect(text).toContain(o.name);
    expect(text).not.toContain('secret-export');
    const jsonHref = await page
      .getByRole('link', { name: 'Download JSON' })
      .first()
      .getAttribute('href');
    const body = (await (await page.request.get(jsonHref!)).json()) as {
      data: { id: string; context: Record<string, string> }[];
    };
    expect(body.data.map((o) => o.id).sort()).toEqual(objects.map((o) => o.id).sort());
    expect(body.data[0]!.context.organization_id).toBe(org.id);

    // The audit export carries the page's filters; the exports above are in it.
    await page.goto(`/audit?action=export.downloaded&org=${org.id}`);
    const auditCsv = await page
      .getByRole('link', { name: 'CSV', exact: true })
      .getAttribute('href');
    expect(auditCsv).toContain('action=export.downloaded');
    const exported = await (await page.request.get(auditCsv!)).text();
    const lines = exported.trim().split('\r\n');
    expect(lines).toHaveLength(3); // header + the two object-list exports
    expect(lines.slice(1).every((l) => l.includes('"export.downloaded"'))).toBe(true);
    const bad = await page.request.get('/api/audit/export?action=nope');
    expect(bad.status()).toBe(400);
    expect(await bad.text()).toContain('action must be one of the audit actions');
  });
});

test.describe('.env import', () => {
  test('previews new, changed and unchanged names (after an audited read) and applies creates and version-checked updates', async ({
    pageAs,
  }) => {
    test.setTimeout(90_000);
    const page = await pageAs('admin');
    const org = await emulator.createOrg(`import ${Date.now().toString(36)}`);
    const prefix = `e2e-import-${Date.now().toString(36)}/`;
    const same = await emulator.createObject(`${prefix}SAME`, 'same-value-1', {
      organization_id: org.id,
    });
    const change = await emulator.createObject(`${prefix}CHANGE`, 'old-value-2', {
      organization_id: org.id,
    });
    await expect
      .poll(
        async () => {
          const body = (await (await page.request.get(`/api/orgs/${org.id}/objects`)).json()) as {
            rows: { id: string }[];
          };
          return body.rows.filter((r) => r.id === same.id || r.id === change.id).length;
        },
        { timeout: 30_000 },
      )
      .toBe(2);
    await page.goto(`/orgs/${org.id}/import`);
    await page.getByLabel('Name prefix (optional)').fill(prefix);
    await page
      .getByLabel('Or paste it here')
      .fill('# demo\nSAME=same-value-1\nCHANGE=new-value-2\nFRESH="fresh value 3"\n');
    await expect(page.getByText('4 lines read, 3 entries found.')).toBeVisible();
    await page.getByRole('button', { name: 'Preview' }).click();
    const table = page.getByRole('table', { name: 'Import preview' });
    await expect(page.getByText('1 new, 1 changed, 1 unchanged')).toBeVisible();
    await expect(table.locator(`tr[data-name="${prefix}SAME"]`)).toContainText('unchanged');
    await expect(table.locator(`tr[data-name="${prefix}CHANGE"]`)).toContainText('changed');
    await expect(table.locator(`tr[data-name="${prefix}FRESH"]`)).toContainText('new');
    await shot(page, 'import-preview');
    expect(page.url()).not.toContain('value');

    await page.getByRole('button', { name: 'Apply 2 changes' }).click();
    await expect(
      page.getByText('Applied: 1 created, 1 updated, 0 skipped, 0 failed.'),
    ).toBeVisible();
    await shot(page, 'import-applied');
    expect((await emulator.read(change.id)).value).toBe('new-value-2');
    expect((await emulator.read(same.id)).metadata.version_id).toBe(same.version_id);
    const fresh = await emulator.findByName(`${prefix}FRESH`);
    expect((await emulator.read(fresh!.id)).value).toBe('fresh value 3');
    // The two comparisons were audited reads in the organization's own Audit Logs.
    const reads = (await emulator.auditLogs(org.id)).data.filter(
      (e) => e.action === 'vault.object.edit_loaded',
    );
    expect(reads.map((e) => e.targets[0]!.id).sort()).toEqual([same.id, change.id].sort());
  });
});

test.describe('create a name in several organizations', () => {
  test('3 orgs where one already has the name: 2 created under their own context, 1 skipped and not overwritten', async ({
    pageAs,
  }) => {
    test.setTimeout(90_000);
    const page = await pageAs('admin');
    const stamp = Date.now().toString(36);
    const tag = crypto.randomUUID();
    const orgs = await Promise.all(
      ['a', 'b', 'c'].map((x) => emulator.createOrg(`fanout ${x} ${stamp}`)),
    );
    const prefixes = ['a', 'b', 'c'].map((x) => `e2e-fan-${stamp}-${x}`);
    // Each org has an object under its prefix (so the matrix knows it); org c already has db_url.
    const seeded = await Promise.all(
      orgs.map((o, i) =>
        emulator.createObject(`${prefixes[i]}/other`, 'other', { organization_id: o.id }),
      ),
    );
    const existing = await emulator.createObject(`${prefixes[2]}/db_url`, 'keep-me', {
      organization_id: orgs[2]!.id,
    });
    await expect
      .poll(
        async () => {
          let n = 0;
          for (const o of orgs) {
            const body = (await (await page.request.get(`/api/orgs/${o.id}/objects`)).json()) as {
              rows: { id: string }[];
            };
            n += body.rows.filter((r) => [...seeded, existing].some((s) => s.id === r.id)).length;
          }
          return n;
        },
        { timeout: 30_000 },
      )
      .toBe(4);

    // The tenant matrix offers the kind for the two organizations missing it.
    const ids = orgs.map((o) => o.id);
    await page.goto(`/matrix?orgs=${ids.join(',')}&kind=db_url`);
    const link = page.getByRole('link', {
      name: 'Create */db_url in every organization missing it',
    });
    const href = decodeURIComponent((await link.getAttribute('href')) ?? '');
    expect(href).toContain(`${ids[0]},${ids[1]}`);
    expect(href).not.toContain(ids[2]!);

    await page.goto(`/create-in-orgs?kind=db_url&orgs=${ids.join(',')}`);
    for (let i = 0; i < 3; i++) {
      await expect(page.getByLabel(`Name in ${ids[i]}`)).toHaveValue(`${prefixes[i]}/db_url`);
    }
    await page.getByLabel('A value per organization').check();
    for (let i = 0; i < 3; i++) {
      await page.getByLabel(`Value for ${ids[i]}`).fill(`value-${'abc'[i]}-${tag}`);
    }
    await page.getByRole('button', { name: 'Preview' }).click();
    const table = page.getByRole('table', { name: 'Create preview' });
    await expect(page.getByText('2 to create, 1 skipped')).toBeVisible();
    await expect(table.locator(`tr[data-org="${ids[0]}"]`)).toContainText('will create');
    await expect(table.locator(`tr[data-org="${ids[1]}"]`)).toContainText('will create');
    await expect(table.locator(`tr[data-org="${ids[2]}"]`)).toContainText('exists · skipped');
    await shot(page, 'create-in-orgs-preview');
    await page.getByRole('button', { name: 'Create in 2 organizations' }).click();
    await expect(page.getByText('Done: 2 created, 1 skipped, 0 failed.')).toBeVisible();
    await shot(page, 'create-in-orgs-done');
    expect(page.url()).not.toContain(tag);
    // The values were only in the apply request: not in the server's log, nor the emulator's.
    expect(readFileSync('test-results/server.log', 'utf8')).not.toContain(tag);
    expect(await (await controlFetch('/_emulator/requests')).text()).not.toContain(tag);

    for (let i = 0; i < 2; i++) {
      const made = await emulator.findByName(`${prefixes[i]}/db_url`);
      expect((await emulator.read(made!.id)).value).toBe(`value-${'ab'[i]}-${tag}`);
      expect((await emulator.describe(made!.id)).metadata.context).toEqual({
        organization_id: ids[i],
      });
    }
    const kept = await emulator.read(existing.id);
    expect(kept.value).toBe('keep-me');
    expect(kept.metadata.version_id).toBe(existing.version_id);
  });
});

test.describe('bulk delete', () => {
  test('multi-select delete previews only the chosen objects and needs the typed name', async ({
    pageAs,
  }) => {
    test.setTimeout(90_000);
    const page = await pageAs('admin');
    const { org, objects } = await freshTenant(page, 3, 'bulk');
    await page.goto(`/orgs/${org.id}/operations`);
    await page.getByRole('checkbox', { name: objects[0]!.name }).check();
    await page.getByRole('checkbox', { name: objects[2]!.name }).check();
    await page.getByRole('button', { name: 'Preview deleting 2 chosen' }).click();
    await expect(page.getByRole('heading', { name: 'Delete the chosen objects' })).toBeVisible();
    const table = page.getByRole('table', { name: 'Objects in this operation' });
    await expect(table.locator('tr[data-object-id]')).toHaveCount(2);
    await page.getByLabel(/Type the organization’s name/).fill(org.name);
    await page.getByRole('button', { name: 'Delete 2 objects' }).click();
    await expect(page.getByText('Finished: 2 done, 0 skipped, 0 failed.')).toBeVisible({
      timeout: 30_000,
    });
    expect(await emulator.findByName(objects[0]!.name)).toBeNull();
    expect(await emulator.findByName(objects[2]!.name)).toBeNull();
    expect(await emulator.findByName(objects[1]!.name)).not.toBeNull();
  });
});
