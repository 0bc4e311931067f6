/**
 * Self time of a V8 CPU profile (`.cpuprofile`), grouped by where the code comes from: React's
 * server renderers, Next, PGlite, the WorkOS SDK, the session's crypto, Node's own internals, the
 * console's bundled code, GC and idle. `tsx scripts/lib/cpu-profile-summary.ts FILE…` prints a
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

/** The first rule that matches a frame names its group; order matters. */
const GROUPS: [string, (f: Node['callFrame']) => boolean][] = [
  ['idle', (f) => f.functionName === '(idle)'],
  ['GC', (f) => f.functionName === '(garbage collector)'],
  ['V8 (program)', (f) => f.functionName === '(program)'],
  ['React server DOM (flight / RSC)', (f) => /react-server-dom/.test(f.url)],
  ['React DOM server (HTML / SSR)', (f) => /react-dom/.test(f.url)],
  ['Next app-page runtime (RSC + SSR, bundled React)', (f) => /app-page.*runtime/.test(f.url)],
  ['Next, other', (f) => /next\/dist/.test(f.url)],
  ['PGlite', (f) => /pglite/.test(f.url)],
  ['WorkOS SDK', (f) => /@workos-inc/.test(f.url)],
  ['session crypto (jose, iron)', (f) => /jose|iron-/.test(f.url)],
  ['console code (.next/server)', (f) => /\.next\/server/.test(f.url)],
  ['other node_modules', (f) => /node_modules/.test(f.url)],
  ['Node internals', (f) => f.url.startsWith('node:') || f.url === ''],
];

export type Summary = { totalMs: number; busyMs: number; groups: [string, number][] };

export function summarise(profile: Profile): Summary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );
  const groups = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const group = GROUPS.find(([, test]) => test(frame))?.[0] ?? 'other';
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
