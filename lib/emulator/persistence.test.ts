import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from './server';
import { sdkClient } from './testing';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vault-emu-'));
  dirs.push(dir);
  return dir;
}
// Every emulator a test spawns, so one that fails or times out mid-way leaves no process behind.
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A port nothing listens on right now (a random pick could meet another test's server). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe('persistence', () => {
  it('keeps objects across a restart, stores only ciphertext, and keeps the root key in a 0600 file', async () => {
    const dir = tempDir();
    const canary = `canary-${crypto.randomUUID()}`;
    const first = await startEmulator(
      { port: 0, host: '127.0.0.1', dataDir: dir, seed: 'none' },
      {},
    );
    const workos = sdkClient(first.port, 'sk_test_emulator', { maxRetries: 0 });
    const meta = await workos.vault.createObject({
      name: 'persist/one',
      value: canary,
      context: { organization_id: 'org_persist' },
    });
    await workos.vault.updateObject({ id: meta.id, value: `${canary}-v2` });
    await first.close();

    const needle = Buffer.from(canary, 'utf8');
    const hits = walk(dir).filter((f) => readFileSync(f).includes(needle));
    expect(hits).toEqual([]);
    expect(statSync(path.join(dir, 'root.key')).mode & 0o777).toBe(0o600);

    const second = await startEmulator(
      { port: 0, host: '127.0.0.1', dataDir: dir, seed: 'none' },
      {},
    );
    try {
      const again = sdkClient(second.port, 'sk_test_emulator', { maxRetries: 0 });
      expect((await again.vault.readObject({ id: meta.id })).value).toBe(`${canary}-v2`);
      expect(await again.vault.listObjectVersions({ id: meta.id })).toHaveLength(2);
    } finally {
      await second.close();
    }
  });

  it('loses no acknowledged write when killed with SIGKILL mid-stream, and stays readable', async () => {
    const dir = tempDir();
    const port = await freePort();
    const start = (): ChildProcess => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'lib/emulator/main.ts'], {
        env: {
          ...process.env,
          EMULATOR_PORT: String(port),
          EMULATOR_DATA_DIR: dir,
          EMULATOR_SEED: 'none',
          EMULATOR_HOST: '127.0.0.1',
        },
        // Nothing reads the child's stdout, so it must not be a pipe: a full pipe
        // buffer would block the emulator mid-write and stall the test.
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
      return child;
    };
    // 'exit' may fire before anyone listens (the writer's failed request can
    // outlast the kill), so look at the exit state first.
    const exited = (child: ChildProcess) =>
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise((r) => child.once('exit', r));
    // Waits as long as the child lives (the test's hang guard bounds it): a loaded machine
    // only makes the start slower; a child that exits fails at once.
    const waitHealthy = async (child: ChildProcess) => {
      while (child.exitCode === null && child.signalCode === null) {
        try {
          if ((await fetch(`http://127.0.0.1:${port}/_emulator/health`)).ok) return;
        } catch {
          // not up yet
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(
        `the emulator exited (${child.signalCode ?? child.exitCode}) before answering`,
      );
    };
    const proc = start();
    await waitHealthy(proc);
    const workos = sdkClient(port, 'sk_test_emulator', { maxRetries: 0 });
    const acked: { id: string; value: string }[] = [];
    let stop = false;
    let writerDone = false;
    const writer = (async () => {
      for (let i = 0; i < 5000 && !stop; i++) {
        const value = `durable-${i}`;
        try {
          const meta = await workos.vault.createObject({
            name: `kill/${i}`,
            value,
            context: { organization_id: 'org_kill' },
          });
          acked.push({ id: meta.id, value });
        } catch {
          return; // the process died under us
        }
      }
    })().finally(() => {
      writerDone = true;
    });
    while (acked.length < 60 && !writerDone) await new Promise((r) => setTimeout(r, 10));
    expect(acked.length, 'the writer stopped before the kill').toBeGreaterThanOrEqual(60);
    proc.kill('SIGKILL');
    stop = true;
    await writer;
    await exited(proc);

    const again = start();
    try {
      await waitHealthy(again);
      const check = sdkClient(port, 'sk_test_emulator', { maxRetries: 0 });
      for (const { id, value } of acked)
        expect((await check.vault.readObject({ id })).value).toBe(value);
    } finally {
      again.kill('SIGTERM');
      await exited(again);
    }
  });
});
