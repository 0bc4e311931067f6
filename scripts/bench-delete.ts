/**
 * `npm run bench:delete`: issue 25's first "Measure" row as a person meets it. The same built
 * console runs twice on one emulator, once with DELETE_RECOVERY_DAYS=7 (the default: a recoverable
 * delete keeps a sealed copy first) and once with DELETE_RECOVERY_DAYS=0 (the hard delete the
 * setting keeps). One admin deletes objects through the object page's own server action
 * (`deleteVaultObject`, what the Delete dialog posts), alternating between the two consoles, and
 * the time from request to the action's answer is compared, p95 of each, in the same run.
 *
 * scripts/bench-recovery.ts keeps the library-level row (the recoverable primitives against the
 * SDK's bare DELETE), which has no console around either side.
 *
 * Run: npm run bench:delete  (BENCH_DELETE_N=150; ports 3350, 3351 and 4350)
 */
import './lib/bench-token';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sessionAction } from '../e2e/support/actions';
import { startConsole, type ConsoleProcess } from '../e2e/support/console-process';
import { emulatorClient } from '../e2e/support/emulator';
import { urlFor } from '../e2e/support/ports';
import { benchConsoleEnv, adminOnReadyConsole } from './lib/bench-fixtures';
import { ensureConsoleBuild } from './lib/bench-load';
import { runAlone } from './lib/run-alone';
import { percentile, type ConsoleSession } from './lib/console-session';

const PORT_RECOVERABLE = Number(process.env.BENCH_DELETE_PORT ?? 3350);
const PORT_HARD = PORT_RECOVERABLE + 1;
const EMU = Number(process.env.BENCH_DELETE_EMULATOR_PORT ?? 4350);
const N = Number(process.env.BENCH_DELETE_N ?? 150);
const WARM = 10;
const RESTORES = Number(process.env.BENCH_DELETE_RESTORES ?? 40);

type DeleteBench = {
  n: number;
  hard: { p50: number; p95: number };
  recoverable: { p50: number; p95: number };
  /** p95(recoverable) − p95(hard), ms, and p95(recoverable) ÷ p95(hard). */
  extraMs: number;
  ratio: number;
  /** Restore from Recently deleted through its action, until the answer is in, ms. */
  restore: { n: number; p50: number; p95: number };
};

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95) };
}

function consoleWith(port: number, days: number, dir: string, ownEmulator: boolean) {
  return startConsole(
    port,
    {
      ...benchConsoleEnv(EMU, path.join(dir, `console-${port}`)),
      DELETE_RECOVERY_DAYS: String(days),
      // One person deletes hundreds of objects in a minute: the per-person write limit would refuse.
      RATE_LIMIT_WRITES: '100000/600',
      ...(ownEmulator ? { EMULATOR_REDIRECT_URIS: `${urlFor(PORT_HARD)}/callback` } : {}),
    },
    { ownPorts: ownEmulator ? [EMU] : [] },
  );
}

/** One delete through the console's action; the time until its answer is in, ms. */
async function timedDelete(
  s: ConsoleSession,
  object: { id: string; name: string; versionId: string },
): Promise<number> {
  const t0 = performance.now();
  const reply = await sessionAction(s, `/objects/${object.id}`, 'deleteVaultObject', {
    objectId: object.id,
    versionCheck: object.versionId,
    confirmName: object.name,
  });
  const elapsed = performance.now() - t0;
  if (reply.result?.ok !== true)
    throw new Error(`delete of ${object.name} failed: ${reply.status} ${reply.text.slice(0, 300)}`);
  return elapsed;
}

async function benchDelete(log: (s: string) => void): Promise<DeleteBench> {
  ensureConsoleBuild(PORT_RECOVERABLE, log);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-delete-'));
  const servers: ConsoleProcess[] = [];
  try {
    // The first console starts the emulator; the second finds it up and shares it.
    servers.push(await consoleWith(PORT_RECOVERABLE, 7, dir, true));
    const recoverable = await adminOnReadyConsole(urlFor(PORT_RECOVERABLE), servers[0]!);
    servers.push(await consoleWith(PORT_HARD, 0, dir, false));
    const hard = await adminOnReadyConsole(urlFor(PORT_HARD), servers[1]!);
    const emu = emulatorClient(urlFor(EMU));
    const org = await emu.orgByName('Contoso');
    const context = { organization_id: org.id };
    const stamp = Date.now();
    const make = async (kind: string, i: number) => {
      const name = `bench-delete/${kind}-${stamp}-${i}`;
      const created = await emu.createObject(name, `value-${'x'.repeat(48)}-${i}`, context);
      return { id: created.id, name, versionId: created.version_id };
    };
    log(`delete: ${N} deletes on each console (DELETE_RECOVERY_DAYS 7 and 0), alternating…`);
    const times = { hard: [] as number[], recoverable: [] as number[] };
    const last = { hard: '', recoverable: '' };
    for (let i = -WARM; i < N; i++) {
      // Alternate which side goes first, so neither always follows the other's work.
      const order =
        i % 2 === 0 ? (['hard', 'recoverable'] as const) : (['recoverable', 'hard'] as const);
      for (const side of order) {
        const object = await make(side, i);
        const ms = await timedDelete(side === 'hard' ? hard : recoverable, object);
        if (i >= 0) times[side].push(ms);
        last[side] = object.name;
      }
    }
    // Each side did what its setting says: Recently deleted lists the recoverable side's last
    // delete, and the hard side keeps no copy of its own.
    const deletedPage = async (s: ConsoleSession) => (await s.fetch('/deleted')).text();
    const html = await deletedPage(recoverable);
    if (!html.includes(last.recoverable))
      throw new Error(`the recoverable console kept no copy of ${last.recoverable}`);
    if (!(await deletedPage(hard)).includes('>0 recoverable<'))
      throw new Error('the hard-delete console kept copies');
    // Restore, as the Recently deleted page's button posts it: the copies the list shows first.
    const copies = [...new Set(html.match(/rcp_[a-z0-9_]+/g) ?? [])].slice(0, RESTORES);
    const restores: number[] = [];
    for (const copyId of copies) {
      const t0 = performance.now();
      const reply = await sessionAction(recoverable, '/deleted', 'restoreDeletedObject', {
        copyId,
      });
      restores.push(performance.now() - t0);
      const data = reply.result?.data as { id?: string; name?: string } | undefined;
      if (reply.result?.ok !== true || !data?.id || !data.name)
        throw new Error(`restore of ${copyId} failed: ${reply.status} ${reply.text.slice(0, 300)}`);
      // The object is back in Vault under its name, with a new id.
      if ((await emu.findByName(data.name))?.id !== data.id)
        throw new Error(`${data.name} is not back in Vault after its restore`);
    }
    if (copies.length < Math.min(RESTORES, N))
      throw new Error(`Recently deleted listed ${copies.length} copies`);
    const h = stats(times.hard);
    const r = stats(times.recoverable);
    const result = {
      n: N,
      hard: h,
      recoverable: r,
      extraMs: r.p95 - h.p95,
      ratio: r.p95 / h.p95,
      restore: { n: restores.length, ...stats(restores) },
    };
    log(
      `  hard p50 ${h.p50.toFixed(1)} / p95 ${h.p95.toFixed(1)} ms; recoverable p50 ${r.p50.toFixed(1)} / p95 ${r.p95.toFixed(1)} ms; extra ${result.extraMs.toFixed(1)} ms, ${result.ratio.toFixed(2)}×`,
    );
    log(
      `  restore (${restores.length}): p50 ${result.restore.p50.toFixed(1)} / p95 ${result.restore.p95.toFixed(1)} ms`,
    );
    return result;
  } finally {
    for (const s of servers.reverse()) await s.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

runAlone(import.meta, () => benchDelete((s) => console.log(`[bench:delete] ${s}`)));
