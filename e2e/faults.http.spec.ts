import type { APIRequestContext } from '@playwright/test';
import { postAction } from './support/actions';
import { emulator, uniqueName } from './support/emulator';
import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';
import { EMULATOR_URL } from './support/ports';

/**
 * The fault matrix on the wire: four WorkOS faults × six operations, each fault injected on one
 * Vault call of one page view or server action (scoped by correlation id). What the console
 * answers and what WorkOS holds afterwards: a clear error naming the fault (the same code and
 * message the browser shows), writes at most once, nothing half-written, a retry that works.
 * faults.spec.ts shows, once per operation, that the page renders that answer and keeps the form.
 */
type Fault = {
  name: string;
  fault: { status?: number; retryAfterSeconds?: number; delayMs?: number; drop?: 'request' };
  /** The error codes a person may see for it (null: the call succeeds, only later). */
  codes: string[] | null;
  /** What the message or the page says, when it names more than the code. */
  says?: RegExp;
};

const FAULTS: Fault[] = [
  {
    name: '429 with Retry-After',
    fault: { status: 429, retryAfterSeconds: 9 },
    codes: ['rate_limited'],
    says: /Try again in 9 s/,
  },
  { name: '500', fault: { status: 500 }, codes: ['upstream_unavailable'] },
  { name: 'a 5 s delay', fault: { delayMs: 5000 }, codes: null },
  {
    name: 'a dropped connection',
    fault: { drop: 'request' },
    codes: ['upstream_unavailable', 'unknown_outcome'],
  },
];

/** The page's words for each error code (components/ui/error-panel.tsx). */
const PAGE_SAYS: Record<string, RegExp> = {
  rate_limited: /Try again in 9 s/,
  upstream_unavailable: /WorkOS is not answering/,
  unknown_outcome: /WorkOS is not answering|Outcome unknown/,
};

async function versionsOf(id: string): Promise<number> {
  const res = await fetch(`${EMULATOR_URL}/vault/v1/kv/${id}/versions`, {
    headers: { authorization: 'Bearer sk_test_emulator' },
  });
  return res.ok ? ((await res.json()) as { data: unknown[] }).data.length : 0;
}

const tagged = (label: string) => ({ 'x-correlation-id': `${label}-${crypto.randomUUID()}` });

type Reply = Awaited<ReturnType<typeof postAction>>;

/** The action failed with one of the fault's codes (and its words), or succeeded for a delay. */
function expectAnswer(f: Fault, reply: Reply, what: string) {
  const result = reply.result as {
    ok: boolean;
    error?: { code: string; message: string };
  } | null;
  expect(result, `${what}: a result object in the reply`).not.toBeNull();
  if (!f.codes) {
    expect(result!.ok, `${what}: succeeds after the delay`).toBe(true);
    return;
  }
  expect(result!.ok, `${what}: fails`).toBe(false);
  expect(f.codes, `${what}: error code`).toContain(result!.error!.code);
  if (f.says) expect(result!.error!.message, `${what}: message`).toMatch(f.says);
}

/** The six operations, each under the fault; each names itself in its assertion messages. */
const OPERATIONS: Record<string, (req: APIRequestContext, f: Fault) => Promise<void>> = {
  async 'object page (describe)'(req, f) {
    const obj = await freshObject();
    const headers = tagged('f-describe');
    await emulator.addFault({
      path: `/vault/v1/kv/${obj.id}/metadata`,
      method: 'GET',
      correlation: headers['x-correlation-id'],
      ...f.fault,
    });
    const html = await (await req.get(obj.path, { headers, timeout: 20_000 })).text();
    if (!f.codes) {
      expect(html, 'describe: the page after the delay').toContain(obj.name);
      return;
    }
    const says = new RegExp(f.codes.map((c) => PAGE_SAYS[c]!.source).join('|'));
    expect(html, 'describe: the page names the fault').toMatch(says);
    expect(html, 'describe: the page offers "Try again"').toMatch(/>Try again</);
  },

  async 'reveal (read)'(req, f) {
    const obj = await freshObject();
    const headers = tagged('f-read');
    await emulator.addFault({
      path: `/vault/v1/kv/${obj.id}`,
      method: 'GET',
      correlation: headers['x-correlation-id'],
      ...f.fault,
    });
    const reply = await postAction(
      req,
      obj.path,
      'revealObjectValue',
      [{ objectId: obj.id, purpose: 'reveal' }],
      headers,
    );
    expectAnswer(f, reply, 'reveal');
    // Never a stale or partial value with an error; the value itself after a delay.
    if (f.codes) expect(reply.text, 'reveal: no value in a failed reply').not.toContain(obj.value);
    else expect(reply.text, 'reveal: the value after the delay').toContain(obj.value);
  },

  async 'save (update)'(req, f) {
    const obj = await freshObject('before');
    const headers = tagged('f-update');
    await emulator.addFault({
      path: `/vault/v1/kv/${obj.id}`,
      method: 'PUT',
      correlation: headers['x-correlation-id'],
      ...f.fault,
    });
    const reply = await postAction(
      req,
      obj.path,
      'updateObjectValue',
      [{ objectId: obj.id, value: 'edited under fault', versionCheck: obj.versionId }],
      headers,
    );
    expectAnswer(f, reply, 'update');
    if (f.codes) {
      expect(await versionsOf(obj.id), 'update: nothing written').toBe(1);
      expect((await emulator.read(obj.id)).value, 'update: value unchanged').toBe('before');
    } else {
      expect(await versionsOf(obj.id), 'update: written once').toBe(2);
    }
  },

  async create(req, f) {
    const org = await emulator.orgByName('Wingtip');
    const headers = tagged('f-create');
    const name = uniqueName('fault-create');
    await emulator.addFault({
      path: '/vault/v1/kv',
      method: 'POST',
      correlation: headers['x-correlation-id'],
      ...f.fault,
    });
    const input = { orgId: org.id, name, value: 'created under fault', extraContext: [] };
    const path = `/orgs/${org.id}/new`;
    const reply = await postAction(req, path, 'createVaultObject', [input], headers);
    expectAnswer(f, reply, 'create');
    if (f.codes) {
      expect(await emulator.findByName(name), 'create: no object after the fault').toBeNull();
      // The same input again (the form keeps it) creates the object.
      const retry = await postAction(req, path, 'createVaultObject', [input]);
      expect(retry.result?.ok, 'create: the retry succeeds').toBe(true);
    }
    const all = (await (
      await fetch(`${EMULATOR_URL}/vault/v1/kv?search=${encodeURIComponent(name)}`, {
        headers: { authorization: 'Bearer sk_test_emulator' },
      })
    ).json()) as { data: unknown[] };
    expect(all.data, 'create: exactly one object, no duplicate').toHaveLength(1);
  },

  async delete(req, f) {
    const obj = await freshObject();
    const headers = tagged('f-delete');
    await emulator.addFault({
      path: `/vault/v1/kv/${obj.id}`,
      method: 'DELETE',
      correlation: headers['x-correlation-id'],
      ...f.fault,
    });
    const reply = await postAction(
      req,
      obj.path,
      'deleteVaultObject',
      [{ objectId: obj.id, versionCheck: obj.versionId, confirmName: obj.name }],
      headers,
    );
    expectAnswer(f, reply, 'delete');
    if (f.codes) {
      expect((await emulator.read(obj.id)).value, 'delete: the object is whole').toBe(obj.value);
      expect(await versionsOf(obj.id), 'delete: every version kept').toBe(1);
    } else {
      expect(await emulator.findByName(obj.name), 'delete: gone after the delay').toBeNull();
    }
  },

  async 'key tools (data-key and decrypt)'(req, f) {
    const org = await emulator.orgByName('Wingtip');
    const headers = tagged('f-keys');
    const encryptInput = {
      plaintext: 'fault payload',
      context: [{ key: 'organization_id', value: org.id }],
    };
    await emulator.addFault({
      path: '/vault/v1/keys/data-key',
      method: 'POST',
      correlation: headers['x-correlation-id'],
      ...f.fault,
    });
    let encrypted = await postAction(
      req,
      '/key-tools',
      'encryptWithDataKey',
      [encryptInput],
      headers,
    );
    expectAnswer(f, encrypted, 'encrypt');
    if (f.codes) {
      encrypted = await postAction(req, '/key-tools', 'encryptWithDataKey', [encryptInput]);
      expect(encrypted.result?.ok, 'encrypt: the retry succeeds').toBe(true);
    }
    const { ciphertext } = (encrypted.result as { data: { ciphertext: string } }).data;
    await emulator.addFault({
      path: '/vault/v1/keys/decrypt',
      method: 'POST',
      correlation: headers['x-correlation-id'],
      ...f.fault,
    });
    const decrypted = await postAction(
      req,
      '/key-tools',
      'decryptWithDataKey',
      [{ ciphertext }],
      headers,
    );
    expectAnswer(f, decrypted, 'decrypt');
    if (f.codes) expect(decrypted.text, 'decrypt: no plaintext').not.toContain('fault payload');
    else expect(decrypted.text, 'decrypt: the plaintext').toContain('fault payload');
  },
};

// One test per fault; its six operations run side by side (each on objects of its own, each fault
// scoped to its own correlation id), so a 5 s delay costs 5 s once, not six times.
for (const f of FAULTS)
  test(`fault: ${f.name}: every operation answers clearly, writes at most once, leaves nothing half-written`, async ({
    requestAs,
  }) => {
    const admin = await requestAs('admin');
    const support = await requestAs('support');
    await Promise.all(
      Object.entries(OPERATIONS).map(([name, run]) =>
        // The object page as support (as before); every write and value read as the admin.
        run(name === 'object page (describe)' ? support : admin, f),
      ),
    );
  });
