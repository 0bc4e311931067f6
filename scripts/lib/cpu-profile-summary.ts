/**
 * Self time of a V8 CPU profile (`.cpuprofile`), grouped by where the code comes from: React's
 * server renderers (in Next's app-page runtime), Next, PGlite, each other package, the console's
 * bundled code, GC and idle. `tsx scripts/lib/cpu-profile-summary.ts FILE…` prints a
 * table per file; `summarise` is the same for a caller.
 */
import { readFileSync } from 'node:fs';
import { runAlone } from './run-alone';

type Node = {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

/** Where a frame's code comes from, or null for Node's own code and V8's built-ins. */
function origin(url: string): string | null {
  if (!url || url.startsWith('node:')) return null;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg === 'next')
    return /app-page.*runtime/.test(url)
      ? 'Next app-page runtime (React server renderers: flight and HTML)'
      : 'Next, other';
  if (pkg) return /pglite/.test(pkg) ? 'PGlite' : pkg;
  // Bundled chunks name the packages they hold; the rest is the console's own code.
  if (/\.next\/server/.test(url))
    return /node_modules_next|node_modules_react/.test(url)
      ? 'Next, other'
      : 'console code (.next/server)';
  if (url.startsWith('wasm://')) return 'PGlite';
  if (url.endsWith('cpu-profile-hook.mjs')) return 'the profiler itself';
  // The project's own sources, run through tsx (benches, the emulator): by folder.
  const own = /\/((?:lib|app|components|scripts)\/[^/]+)\//.exec(url)?.[1];
  if (own) return own;
  return 'other';
}

export type Summary = { totalMs: number; busyMs: number; groups: [string, number][] };

/**
 * Self time per origin. Time in Node's own code and V8's built-ins (streams, sockets, JSON,
 * regular expressions, promise hooks) is charged to the nearest caller up the stack whose code
 * has an origin, so a render's socket writes count as the render's; what no such caller started
 * (the HTTP server's own work, timers) stays "Node: HTTP server, timers".
 */
export function summarise(profile: Profile): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );
  const groups = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const name = byId.get(id)!.callFrame.functionName;
    let group: string | null = SPECIAL.get(name) ?? null;
    for (let at: number | undefined = id; !group && at !== undefined; at = parent.get(at))
      group = origin(byId.get(at)!.callFrame.url);
    group ??= 'Node: HTTP server, timers';
    groups.set(group, (groups.get(group) ?? 0) + us / 1000);
    total += us / 1000;
  }
  const idle = groups.get('idle') ?? 0;
  return {
    totalMs: total,
    busyMs: total - idle,
    groups: [...groups].sort((a, b) => b[1] - a[1]),
  };
}

const SPECIAL = new Map([
  ['(idle)', 'idle'],
  ['(garbage collector)', 'GC'],
  ['(program)', 'V8 (program)'],
]);

export function summaryTable(name: string, s: Summary): string[] {
  return [
    `${name}: ${(s.totalMs / 1000).toFixed(1)} s sampled, busy ${((100 * s.busyMs) / s.totalMs).toFixed(0)} %`,
    '| group | self ms | of busy |',
    '| --- | --- | --- |',
    ...s.groups
      .filter(([g]) => g !== 'idle')
      .map(([g, v]) => `| ${g} | ${v.toFixed(0)} | ${((100 * v) / s.busyMs).toFixed(1)} % |`),
  ];
}

runAlone(
  import.meta,
  async () =>
    process.argv
      .slice(2)
      .map((file) =>
        summaryTable(file, summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile)),
      ),
  (tables) => tables.flatMap((t) => [...t, '']),
);
