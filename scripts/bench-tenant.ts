/**
 * `npm run bench:tenant`: issue 16's batch measures, through a production build of the console and
 * its server actions (the same calls the pages make), against an in-memory emulator of its own:
 * - the BYOK migrator at 1,000 objects: objects/s from "start" until the run says finished, and
 *   WorkOS calls per object from the emulator's request log (by X-Correlation-ID);
 * - a 500-line `.env` import: preview (an audited read per existing name) and apply, time and
 *   WorkOS calls each.
 * The WorkOS budget is INDEX_SYNC_MAX_RPM's shipped default unless BENCH_TENANT_RPM says
 * otherwise: every batch call spends the process's one limiter, as in production.
 * Needs a build (`npm run build`, or `npm run bench` builds one).
 */
import './lib/bench-token';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sessionAction } from '../e2e/support/actions';
import { startConsole, waitUp } from '../e2e/support/console-process';
import { emulatorClient } from '../e2e/support/emulator';
import { urlFor } from '../e2e/support/ports';
import { ConsoleSession } from './lib/console-session';
import { benchConsoleEnv } from './lib/bench-fixtures';
import { runAlone } from './lib/run-alone';

// Ports of its own, clear of the e2e suite's, `npm run dev`'s and the other benches' (movable with
// BENCH_TENANT_PORT / BENCH_TENANT_EMULATOR_PORT when several checkouts share a machine).
const PORT = Number(process.env.BENCH_TENANT_PORT ?? 3330);
const EMU = Number(process.env.BENCH_TENANT_EMULATOR_PORT ?? 4330);
const BASE = urlFor(PORT);
const MIGRATE_OBJECTS = Number(process.env.BENCH_TENANT_OBJECTS ?? 1_000);
/** 500 is the import action's own maximum per file; smaller only for a quick check of the bench. */
const IMPORT_LINES = Number(process.env.BENCH_TENANT_IMPORT_LINES ?? 500);
/** The WorkOS budget the console gets: INDEX_SYNC_MAX_RPM's shipped default (lib/env.ts) unless set. */
const RPM = process.env.BENCH_TENANT_RPM ?? '3000';

type Reply = { ok: boolean; data?: Record<string, unknown>; error?: { message?: string } };
type Call = { method: string; path: string; status: number };

export type TenantBench = {
  rpm: number;
  migrate: {
    objects: number;
    done: number;
    skipped: number;
    failed: number;
    seconds: number;
    perSecond: number;
    calls: Record<string, number>;
    vaultCallsPerObject: number;
    allCallsPerObject: number;
    onCustomerKey: number;
    /** The index sync's WorkOS calls while the run went: they spend the same budget. */
    indexSyncCalls: Record<string, number>;
  };
  importRun: {
    lines: number;
    rows: Record<string, number>;
    previewSeconds: number;
    applySeconds: number;
    previewCalls: Record<string, number>;
    applyCalls: Record<string, number>;
  };
};

/** Calls grouped as "GET /vault/v1/kv/:id" etc., so a table can show what each one was. */
function tally(calls: Call[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) {
    const key = `${c.method} ${c.path
      .split('?')[0]!
      .replace(/secret_[0-9A-Za-z]+/g, ':id')
      .replace(/org_[0-9A-Z]+/g, ':org')}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

const total = (t: Record<string, number>, only?: RegExp) =>
  Object.entries(t)
    .filter(([k]) => !only || only.test(k))
    .reduce((n, [, v]) => n + v, 0);

/** Runs `fn` over `items` with `width` in flight; results in order. */
async function pool<T, R>(items: T[], width: number, fn: (t: T, i: number) => Promise<R>) {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!, i);
      }
    }),
  );
  return out;
}

async function poll<T>(what: string, timeoutMs: number, fn: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await fn();
    if (got !== null) return got;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function benchTenant(log: (s: string) => void = console.log): Promise<TenantBench> {
  if (!existsSync('.next/BUILD_ID')) throw new Error('no build: run `npm run build` first');
  const emu = emulatorClient(urlFor(EMU));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-tenant-'));
  const server = await startConsole(
    PORT,
    {
      ...benchConsoleEnv(EMU, dataDir),
      INDEX_SYNC_INTERVAL_SECONDS: '1',
      // A long run outlives the 15-minute step-up window: each advance is a fresh action call
      // and would answer reauth_required (the run pauses, resumable, as it would for a person).
      RECENT_AUTH_MAX_AGE_SECONDS: String(4 * 3600),
      RATE_LIMIT_VALUE_READS: '100000/600',
      RATE_LIMIT_WRITES: '100000/600',
      INDEX_SYNC_MAX_RPM: RPM,
      // E.g. `--require <a profiler hook>` for the console's processes (NODE_OPTIONS refuses --cpu-prof).
      ...(process.env.BENCH_TENANT_NODE_OPTIONS
        ? { NODE_OPTIONS: process.env.BENCH_TENANT_NODE_OPTIONS }
        : {}),
    },
    { ownPorts: [EMU] },
  );
  try {
    await waitUp(`${BASE}/api/health`, server);
    const admin = new ConsoleSession(BASE);
    await admin.signIn('admin@example.com');
    const act = async (page: string, name: string, input: unknown, correlation?: string) =>
      (
        await sessionAction(
          admin,
          page,
          name,
          input,
          correlation ? { 'x-correlation-id': correlation } : {},
        )
      ).result as Reply | null;

    // 1. A 500-line .env import: a fifth unchanged, two fifths changed, two fifths new.
    const target = await emu.createOrg(`Bench import ${Date.now().toString(36)}`);
    const prefix = `bench-import-${Date.now().toString(36)}/`;
    const lines = Array.from({ length: IMPORT_LINES }, (_, i) => ({
      name: `${prefix}KEY_${i}`,
      value: `value-${i}`,
      kind: i % 5 === 0 ? 'unchanged' : i % 5 <= 2 ? 'changed' : 'new',
    }));
    const existing = lines.filter((l) => l.kind !== 'new');
    log(`import: seeding ${existing.length} existing names…`);
    await pool(existing, 8, (l) =>
      emu.createObject(l.name, l.kind === 'unchanged' ? l.value : `old-${l.value}`, {
        organization_id: target.id,
      }),
    );
    const importPage = `/orgs/${target.id}/import`;
    await poll('the index to hold the existing names', 180_000, async () => {
      const r = await act(`/orgs/${target.id}/operations`, 'planOffboard', { orgId: target.id });
      return r?.ok && r.data!.objects === existing.length ? true : null;
    });
    const entries = lines.map(({ name, value }) => ({ name, value }));
    const previewTag = `bench-import-preview-${crypto.randomUUID()}`;
    log(`import: previewing ${IMPORT_LINES} lines…`);
    let t = performance.now();
    const preview = await act(
      importPage,
      'previewImport',
      { orgId: target.id, entries },
      previewTag,
    );
    const previewSeconds = (performance.now() - t) / 1000;
    if (!preview?.ok) throw new Error(`import preview failed: ${JSON.stringify(preview)}`);
    const previewRows = preview.data!.rows as {
      name: string;
      status: string;
      objectId: string | null;
      versionId: string | null;
    }[];
    const rows: Record<string, number> = {};
    for (const r of previewRows) rows[r.status] = (rows[r.status] ?? 0) + 1;
    const byName = new Map(lines.map((l) => [l.name, l.value]));
    const toApply = previewRows
      .filter((r) => r.status === 'new' || r.status === 'changed')
      .map((r) => ({
        name: r.name,
        value: byName.get(r.name)!,
        ...(r.status === 'changed' ? { objectId: r.objectId!, versionCheck: r.versionId! } : {}),
      }));
    const applyTag = `bench-import-apply-${crypto.randomUUID()}`;
    log(`import: applying ${toApply.length} rows…`);
    t = performance.now();
    const applied = await act(
      importPage,
      'applyImport',
      { orgId: target.id, rows: toApply },
      applyTag,
    );
    const applySeconds = (performance.now() - t) / 1000;
    if (!applied?.ok) throw new Error(`import apply failed: ${JSON.stringify(applied)}`);
    for (const r of applied.data!.rows as { status: string }[])
      rows[`applied ${r.status}`] = (rows[`applied ${r.status}`] ?? 0) + 1;
    await new Promise((r) => setTimeout(r, 1_000));
    const importRun = {
      lines: IMPORT_LINES,
      rows,
      previewSeconds,
      applySeconds,
      previewCalls: tally(await emu.requestsFor(previewTag)),
      applyCalls: tally(await emu.requestsFor(applyTag)),
    };
    log(
      `import: preview ${previewSeconds.toFixed(1)} s, apply ${applySeconds.toFixed(1)} s; ${JSON.stringify(rows)}; calls: preview ${fmt(importRun.previewCalls)}; apply ${fmt(importRun.applyCalls)}`,
    );
    // 2. The migrator: an organization whose objects were all written before its key was verified.
    const org = await emu.createOrg(`Bench migrate ${Date.now().toString(36)}`);
    log(`migrator: seeding ${MIGRATE_OBJECTS} objects in ${org.name}…`);
    const ids = await pool(
      Array.from({ length: MIGRATE_OBJECTS }, (_, i) => i),
      8,
      async (i) =>
        (
          await emu.createObject(`bench-migrate/${org.id}/${i}`, `rewrap-${i}`, {
            organization_id: org.id,
          })
        ).id,
    );
    const keyBefore = (await emu.describe(ids[0]!)).metadata.key_id;
    await new Promise((r) => setTimeout(r, 20)); // verified strictly after every write
    await emu.setByok(org.id, 'verified');
    const opsPage = `/orgs/${org.id}/operations`;
    log('migrator: waiting for the index and the key state, then planning…');
    const runId = await poll('the rewrap plan', 180_000, async () => {
      const r = await act(opsPage, 'planRewrap', { orgId: org.id });
      return r?.ok && r.data!.objects === MIGRATE_OBJECTS ? (r.data!.runId as string) : null;
    });
    const tag = `bench-migrate-${crypto.randomUUID()}`;
    log('migrator: running…');
    const seqBefore = await emu.lastRequestSeq();
    const started = performance.now();
    let reply = await act(opsPage, 'startOperation', { orgId: org.id, runId }, tag);
    let logged = started;
    while (reply?.ok && !reply.data!.finished) {
      reply = await act(opsPage, 'advanceOperation', { orgId: org.id, runId }, tag);
      if (performance.now() - logged > 30_000) {
        logged = performance.now();
        const p = reply?.data?.progress as { done: number } | undefined;
        log(`migrator: ${p?.done ?? '?'} done after ${((logged - started) / 1000).toFixed(0)} s`);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    // Everything else that spent WorkOS calls while the run went (the index sync shares the budget).
    const alongside = tally(await emu.requestsSince(seqBefore, 'index-sync'));
    if (!reply?.ok) throw new Error(`migrator run failed: ${JSON.stringify(reply)}`);
    const progress = reply.data!.progress as { done: number; skipped: number; failed: number };
    await new Promise((r) => setTimeout(r, 1_000)); // audit events sent after() the last reply
    const migrateCalls = tally(await emu.requestsFor(tag));
    const keysAfter = await pool(
      ids,
      8,
      async (id) => (await emu.describe(id)).metadata.key_id !== keyBefore,
    );
    const migrate = {
      objects: MIGRATE_OBJECTS,
      ...progress,
      seconds,
      perSecond: progress.done / seconds,
      calls: migrateCalls,
      vaultCallsPerObject: total(migrateCalls, /\/vault\//) / MIGRATE_OBJECTS,
      allCallsPerObject: total(migrateCalls) / MIGRATE_OBJECTS,
      onCustomerKey: keysAfter.filter(Boolean).length,
      indexSyncCalls: alongside,
    };
    log(`migrator: the index sync meanwhile: ${fmt(alongside)}`);
    log(
      `migrator: ${progress.done} done in ${seconds.toFixed(1)} s (${migrate.perSecond.toFixed(1)} objects/s), ${migrate.vaultCallsPerObject.toFixed(2)} Vault calls per object`,
    );

    return { rpm: Number(RPM), migrate, importRun };
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const fmt = (t: Record<string, number>) =>
  Object.entries(t)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `\`${k}\` × ${v}`)
    .join(', ') || '—';

/** Rows for the summary table and a section of docs/PERFORMANCE.md. */
export function tenantReport(r: TenantBench): { summary: string[]; section: string[] } {
  const m = r.migrate;
  const i = r.importRun;
  const importCalls = total(i.previewCalls) + total(i.applyCalls);
  return {
    summary: [
      `| BYOK migrator, ${m.objects.toLocaleString('en-US')} objects (WorkOS budget ${r.rpm}/min) | ${m.perSecond.toFixed(1)} objects/s (${m.seconds.toFixed(1)} s; ${m.done} done, ${m.skipped} skipped, ${m.failed} failed); ${m.vaultCallsPerObject.toFixed(2)} Vault calls per object, ${m.allCallsPerObject.toFixed(2)} WorkOS calls per object in all | measured (issue 16); 2 Vault calls per object (read + version-checked update) ${m.vaultCallsPerObject <= 2 ? '✓' : '✗'} |`,
      `| \`.env\` import, ${i.lines} lines | preview ${i.previewSeconds.toFixed(1)} s, apply ${i.applySeconds.toFixed(1)} s; ${importCalls} WorkOS calls | measured (issue 16); one audited read per existing name, one write per new or changed name |`,
    ],
    section: [
      '## Tenant operations (issue 16)',
      '',
      `From \`npm run bench:tenant\`: a production console of its own with an in-memory emulator, driven through the same server actions the pages call. Every WorkOS call of a batch spends the console’s one WorkOS budget (\`INDEX_SYNC_MAX_RPM\`, ${r.rpm}/min here), so at 2 calls per object the budget alone caps the migrator at ${(r.rpm / 60 / 2).toFixed(0)} objects/s. Calls are counted from the emulator’s request log by the \`X-Correlation-ID\` each action carried.`,
      '',
      '| measure | result |',
      '| --- | --- |',
      `| migrator: objects | ${m.objects} (${m.done} done, ${m.skipped} skipped, ${m.failed} failed; ${m.onCustomerKey} on a new key afterwards) |`,
      `| migrator: wall time, start to finished | ${m.seconds.toFixed(1)} s |`,
      `| migrator: throughput | ${m.perSecond.toFixed(1)} objects/s |`,
      `| migrator: WorkOS calls per object | ${m.vaultCallsPerObject.toFixed(2)} Vault, ${m.allCallsPerObject.toFixed(2)} in all |`,
      `| migrator: calls | ${fmt(m.calls)} |`,
      `| migrator: the index sync’s calls meanwhile (same budget) | ${fmt(m.indexSyncCalls)} |`,
      `| import: lines | ${i.lines}: ${Object.entries(i.rows)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')} |`,
      `| import: preview | ${i.previewSeconds.toFixed(1)} s; ${fmt(i.previewCalls)} |`,
      `| import: apply | ${i.applySeconds.toFixed(1)} s; ${fmt(i.applyCalls)} |`,
      '',
    ],
  };
}

// A signal exits through process.exit, so console-process.ts's exit hook stops the console.
if (import.meta.url === `file://${process.argv[1]}`)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(1));
runAlone(import.meta, benchTenant, (r) => {
  const { summary, section } = tenantReport(r);
  return ['', ...summary, '', ...section];
});
