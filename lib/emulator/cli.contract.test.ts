import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawFetch, startTestEmulator, type TestEmulator } from './testing';

/**
 * WorkOS's official CLI (npm `workos` 0.14.0, which bundles its own @workos-inc/node 8.x) driving
 * the emulator's Vault API, pointed at it the documented way: `workos env add <name> <key>
 * --endpoint <url>`. HOME is a scratch directory, so the developer's own CLI config is untouched.
 */
const run = promisify(execFile);
// The package exports no package.json or bin path; vitest runs from the project root.
const bin = path.resolve('node_modules/workos/dist/bin.js');
let t: TestEmulator;
let home: string;

async function workos(...args: string[]): Promise<{ ok: boolean; json: Record<string, unknown> }> {
  const res = await run(process.execPath, [bin, ...args, '--json'], {
    env: { PATH: process.env.PATH, HOME: home, NO_COLOR: '1', CI: '1', NODE_ENV: 'test' },
    timeout: 60_000,
  }).catch((err: { stdout?: string; stderr?: string }) => ({
    stdout: err.stdout ?? '',
    stderr: err.stderr ?? '',
    failed: true,
  }));
  const text = res.stdout.trim() || ('stderr' in res ? String(res.stderr).trim() : '');
  // One JSON document per command; anything else on its own lines (notices) is skipped.
  const line = text.split('\n').find((l) => /^\s*[[{]/.test(l));
  if (!line) throw new Error(`workos ${args.join(' ')} printed no JSON: ${text.slice(0, 300)}`);
  const json = JSON.parse(line) as Record<string, unknown>;
  return { ok: !('failed' in res) && !(json && 'error' in json), json };
}

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), 'workos-cli-home-'));
  t = await startTestEmulator({ seed: 'demo' });
});
afterAll(async () => {
  await t.close();
  rmSync(home, { recursive: true, force: true });
});

describe('the official workos CLI against the emulator', () => {
  it('adds the emulator as an environment and runs every vault command', async () => {
    const added = await workos(
      'env',
      'add',
      'emulator',
      'sk_test_emulator',
      '--endpoint',
      t.url,
      '--insecure-storage',
    );
    expect(added.json).toMatchObject({ status: 'ok', data: { name: 'emulator', active: true } });

    const orgs = await rawFetch(t.url, '/organizations?limit=1');
    const orgId = (orgs.json.data as { id: string }[])[0]!.id;
    const name = `cli/${Date.now()}`;
    const created = await workos(
      'vault',
      'create',
      '--name',
      name,
      '--value',
      'cli-secret-1',
      '--org',
      orgId,
    );
    expect(created.ok).toBe(true);
    const meta = created.json.data as {
      id: string;
      versionId: string;
      context: Record<string, string>;
    };
    expect(meta.id).toMatch(/^secret_/);
    expect(meta.context).toEqual({ organizationId: orgId }); // the CLI's own context key

    const got = await workos('vault', 'get', meta.id);
    expect(got.json).toMatchObject({ id: meta.id, name, value: 'cli-secret-1' });
    const byName = await workos('vault', 'get-by-name', name);
    expect(byName.json).toMatchObject({ id: meta.id, value: 'cli-secret-1' });
    const described = await workos('vault', 'describe', meta.id);
    expect(described.json).toMatchObject({ id: meta.id, name });
    expect(described.json).not.toHaveProperty('value');

    const listed = await workos('vault', 'list', '--limit', '5');
    expect((listed.json.data as unknown[]).length).toBe(5);
    expect(listed.json.listMetadata).toHaveProperty('after');

    const updated = await workos(
      'vault',
      'update',
      meta.id,
      '--value',
      'cli-secret-2',
      '--version-check',
      meta.versionId,
    );
    expect(updated.ok).toBe(true);
    const stale = await workos(
      'vault',
      'update',
      meta.id,
      '--value',
      'cli-secret-3',
      '--version-check',
      meta.versionId,
    );
    expect(stale.ok).toBe(false);
    expect(JSON.stringify(stale.json)).toContain('409');
    const versions = await workos('vault', 'list-versions', meta.id);
    expect(JSON.stringify(versions.json)).toContain(meta.versionId);

    const deleted = await workos('vault', 'delete', meta.id);
    expect(deleted.ok).toBe(true);
    const gone = await workos('vault', 'get', meta.id);
    expect(gone.ok).toBe(false);
    expect(JSON.stringify(gone.json)).toContain('404');

    // Every one of those calls reached this emulator.
    const log = (await t.control('/_emulator/requests?path_prefix=/vault')).body as {
      data: { method: string; path: string; status: number }[];
    };
    expect(
      log.data.filter((r) => r.path.startsWith(`/vault/v1/kv/${meta.id}`)).length,
    ).toBeGreaterThanOrEqual(7);
  }, 240_000);
});
