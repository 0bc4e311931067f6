import type { Page } from '@playwright/test';
import { correlate } from './support/correlate';
import { emulator, uniqueName } from './support/emulator';
import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';
import { EMULATOR_URL } from './support/ports';

type Fault = {
  name: string;
  fault: {
    status?: number;
    retryAfterSeconds?: number;
    delayMs?: number;
    drop?: 'request';
  };
  expectText: RegExp | null;
};

/**
 * What a person sees when WorkOS misbehaves, once per operation: the page names the fault, keeps
 * what was typed and offers a retry. Each operation gets a different fault, so every fault's words
 * are on screen somewhere. The full matrix (four faults × six operations: codes, messages, writes
 * at most once, nothing half-written) is faults.http.spec.ts, on the wire.
 */
const FAULT = {
  rateLimited: {
    name: '429 with Retry-After',
    fault: { status: 429, retryAfterSeconds: 9 },
    expectText: /Try again in 9 s/,
  },
  serverError: {
    name: '500',
    fault: { status: 500 },
    expectText: /WorkOS (did not answer|is not answering)/,
  },
  delay: { name: 'a 5 s delay', fault: { delayMs: 5000 }, expectText: null },
  dropped: {
    name: 'a dropped connection',
    fault: { drop: 'request' },
    expectText: /WorkOS (did not answer|is not answering)|Outcome unknown/,
  },
} satisfies Record<string, Fault>;

async function versionsOf(id: string): Promise<number> {
  const res = await fetch(`${EMULATOR_URL}/vault/v1/kv/${id}/versions`, {
    headers: { authorization: 'Bearer sk_test_emulator' },
  });
  return res.ok ? ((await res.json()) as { data: unknown[] }).data.length : 0;
}

async function expectState(page: Page, f: Fault, success: () => Promise<void>) {
  if (f.expectText)
    await expect(page.getByText(f.expectText).first()).toBeVisible({
      timeout: 15_000,
    });
  else await success();
}

test('object page (describe) shows a clear state: 500', async ({ pageAs }) => {
  const f: Fault = FAULT.serverError;
  const obj = await freshObject();
  const page = await pageAs('support');
  const tag = await correlate(page, 'f-describe');
  await emulator.addFault({
    path: `/vault/v1/kv/${obj.id}/metadata`,
    method: 'GET',
    correlation: tag,
    ...f.fault,
  });
  await page.goto(obj.path, { timeout: 20_000 });
  await expectState(page, f, () =>
    expect(page.getByRole('heading', { name: obj.name })).toBeVisible(),
  );
  if (f.expectText) await expect(page.getByRole('link', { name: 'Try again' })).toBeVisible();
});

test('reveal (read) waits out a slow WorkOS and shows the value: 5 s delay', async ({ pageAs }) => {
  const f: Fault = FAULT.delay;
  const obj = await freshObject();
  const page = await pageAs('admin');
  const tag = await correlate(page, 'f-read');
  await page.goto(obj.path);
  await emulator.addFault({
    path: `/vault/v1/kv/${obj.id}`,
    method: 'GET',
    correlation: tag,
    ...f.fault,
  });
  await page.getByRole('button', { name: 'Reveal', exact: true }).click();
  await expectState(page, f, () =>
    expect(page.getByTestId('revealed-value')).toHaveText(obj.value, {
      timeout: 15_000,
    }),
  );
  if (f.expectText) await expect(page.getByTestId('revealed-value')).toHaveCount(0);
});

test('save (update) keeps the editor text and writes at most once: dropped connection', async ({
  pageAs,
}) => {
  const f: Fault = FAULT.dropped;
  const obj = await freshObject('before');
  const page = await pageAs('admin');
  const tag = await correlate(page, 'f-update');
  await page.goto(obj.path);
  await page.getByRole('button', { name: 'Edit value' }).click();
  const editor = page.getByLabel(/New value/);
  await editor.fill('edited under fault');
  await emulator.addFault({
    path: `/vault/v1/kv/${obj.id}`,
    method: 'PUT',
    correlation: tag,
    ...f.fault,
  });
  await page.getByRole('button', { name: 'Save new version' }).click();
  await expectState(page, f, () =>
    expect(page.getByText(/Saved as version/)).toBeVisible({ timeout: 15_000 }),
  );
  if (f.expectText) {
    await expect(editor).toHaveValue('edited under fault');
    expect(await versionsOf(obj.id)).toBe(1); // nothing written, nothing half-written
    expect((await emulator.read(obj.id)).value).toBe('before');
  } else {
    expect(await versionsOf(obj.id)).toBe(2);
  }
});

test('create keeps the form for a retry and makes no duplicate: 429', async ({ pageAs }) => {
  const f: Fault = FAULT.rateLimited;
  const org = await emulator.orgByName('Wingtip');
  const page = await pageAs('admin');
  const tag = await correlate(page, 'f-create');
  await page.goto(`/orgs/${org.id}/new`);
  const name = uniqueName('fault-create');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Value', { exact: true }).fill('created under fault');
  await emulator.addFault({
    path: '/vault/v1/kv',
    method: 'POST',
    correlation: tag,
    ...f.fault,
  });
  await page.getByRole('button', { name: 'Create object' }).click();
  await expectState(page, f, () =>
    expect(page.getByText('Object created.')).toBeVisible({ timeout: 15_000 }),
  );
  const found = await emulator.findByName(name);
  if (f.expectText) {
    expect(found).toBeNull();
    await expect(page.getByLabel('Name')).toHaveValue(name); // the form is intact for a retry
    await page.getByRole('button', { name: 'Create object' }).click();
    await expect(page.getByText('Object created.')).toBeVisible();
  }
  const all = await (
    await fetch(`${EMULATOR_URL}/vault/v1/kv?search=${encodeURIComponent(name)}`, {
      headers: { authorization: 'Bearer sk_test_emulator' },
    })
  ).json();
  expect(all.data).toHaveLength(1);
});

test('delete leaves the object whole and says why: 429', async ({ pageAs }) => {
  const f: Fault = FAULT.rateLimited;
  const obj = await freshObject();
  const page = await pageAs('admin');
  const tag = await correlate(page, 'f-delete');
  await page.goto(obj.path);
  await emulator.addFault({
    path: `/vault/v1/kv/${obj.id}`,
    method: 'DELETE',
    correlation: tag,
    ...f.fault,
  });
  await page.getByRole('button', { name: 'Delete…' }).click();
  await page.getByLabel('Type the object’s name to confirm').fill(obj.name);
  await page.getByRole('button', { name: 'Delete object', exact: true }).click();
  await expectState(page, f, () =>
    expect(page.getByText(`Deleted ${obj.name} and all its versions.`)).toBeVisible({
      timeout: 15_000,
    }),
  );
  if (f.expectText) {
    expect((await emulator.read(obj.id)).value).toBe(obj.value);
    expect(await versionsOf(obj.id)).toBe(1);
  }
});

test('key tools (data-key and decrypt) show a clear state: 500', async ({ pageAs }) => {
  const f: Fault = FAULT.serverError;
  const org = await emulator.orgByName('Wingtip');
  const page = await pageAs('admin');
  const tag = await correlate(page, 'f-keys');
  await page.goto(`/key-tools?org=${org.id}`);
  await page.getByLabel('Plaintext').fill('fault payload');
  await emulator.addFault({
    path: '/vault/v1/keys/data-key',
    method: 'POST',
    correlation: tag,
    ...f.fault,
  });
  await page.getByRole('button', { name: 'Encrypt with a new data key' }).click();
  await expectState(page, f, () =>
    expect(page.getByLabel('Ciphertext', { exact: true })).not.toBeEmpty({
      timeout: 15_000,
    }),
  );
  if (f.expectText) {
    await page.getByRole('button', { name: 'Encrypt with a new data key' }).click();
    await expect(page.getByLabel('Ciphertext', { exact: true })).not.toBeEmpty();
  }
  await page
    .getByLabel('Ciphertext (base64)')
    .fill(await page.getByLabel('Ciphertext', { exact: true }).inputValue());
  await emulator.addFault({
    path: '/vault/v1/keys/decrypt',
    method: 'POST',
    correlation: tag,
    ...f.fault,
  });
  await page.getByRole('button', { name: 'Decrypt' }).click();
  await expectState(page, f, () =>
    expect(page.getByTestId('decrypted-value')).toHaveText('fault payload', {
      timeout: 15_000,
    }),
  );
});
