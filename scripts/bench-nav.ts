/**
 * `npm run bench:nav`: what a person feels when they move through the console, in Chromium.
 * - click → content painted for organization list → organization and organization → object,
 *   timed inside the page: from the click event to the first animation frame after the awaited
 *   content is in the DOM (the frame is when it can be painted);
 * - the org page's HTML: bytes on the wire, and how much of it is React's flight data.
 * Starts the built console on its own ports with a demo-seeded in-memory emulator; loopback only;
 * every loop is bounded (BENCH_NAV_ROUNDS, default 20).
 */
import './lib/bench-token';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startConsole } from '../e2e/support/console-process';
import { emulatorClient } from '../e2e/support/emulator';
import { urlFor } from '../e2e/support/ports';
import { chromiumLaunchOptions } from './lib/chromium';
import { adminOnReadyConsole, benchConsoleEnv } from './lib/bench-fixtures';
import { ensureConsoleBuild } from './lib/bench-load';
import { percentile } from './lib/console-session';
import { pageHealthRoundTrips } from './lib/page-health';
import { runAlone } from './lib/run-alone';

const PORT = Number(process.env.BENCH_PORT ?? 3340);
const EMU = Number(process.env.BENCH_EMULATOR_PORT ?? 4340);
const ROUNDS = Number(process.env.BENCH_NAV_ROUNDS ?? 20);
const HOVER_MS = 150;

/** One click's time, in the page, from the Resource Timing of the React payload it fetched. */
export type NavPhases = {
  /** click → the payload's request starts (event handlers, the router's work) */
  toRequest: number;
  /** request start → first byte (the server's render up to its first chunk, and the network) */
  toFirstByte: number;
  /** first byte → last byte of the last payload (streaming the rest of the page) */
  toLastByte: number;
  /** last byte → the frame after the content is in the DOM (React's client work, layout) */
  toPainted: number;
  requests: number;
};

export type NavResult = {
  /** Clicked without a rest on the link first. */
  cold: { org: number[]; object: number[] };
  /** With the pointer resting HOVER_MS on the link before the click. */
  orgListToOrg: number[];
  orgToObject: number[];
  orgPageBytes: number;
  orgPageFlightBytes: number;
  /** Same-run baselines: the browser's own `fetch('/api/health')` round trip from the same page,
   * and the HTML of the lightest signed-in page (settings: the shell and a form). */
  browserHealth: number[];
  settingsPageBytes: number;
  /** Per kind of navigation, the clicks that fetched their payload after the click. */
  phases?: { org: NavPhases[]; object: NavPhases[] };
};

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const p = (xs: number[], q: number) => percentile(sorted(xs), q);

/** Bytes of the flight data an HTML page carries inline (`self.__next_f.push(...)` scripts). */
function flightBytes(html: string): number {
  let n = 0;
  for (const m of html.matchAll(/<script[^>]*>(self\.__next_f\.push[\s\S]*?)<\/script>/g))
    n += Buffer.byteLength(m[1]!);
  return n;
}

export async function benchNav(log: (s: string) => void): Promise<NavResult> {
  ensureConsoleBuild(PORT, log);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-nav-'));
  const server = await startConsole(PORT, benchConsoleEnv(EMU, path.join(dir, 'console')), {
    ownPorts: [EMU],
  });
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const base = urlFor(PORT);
    const s = await adminOnReadyConsole(base, server);
    const emu = emulatorClient(urlFor(EMU));
    const org = await emu.orgByName('Northwind');
    const html = await (await s.fetch(`/orgs/${org.id}`)).text();
    const orgPageBytes = Buffer.byteLength(html);
    const orgPageFlightBytes = flightBytes(html);
    const settingsPageBytes = Buffer.byteLength(await (await s.fetch('/settings')).text());
    log(
      `org page HTML ${(orgPageBytes / 1024).toFixed(1)} KB, flight ${(orgPageFlightBytes / 1024).toFixed(1)} KB; settings page ${(settingsPageBytes / 1024).toFixed(1)} KB`,
    );

    const page = await browser.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as {
        __navClick: number;
        __navSeen: number;
        __navWant: (sel: string, text: string) => void;
      };
      let want: { sel: string; text: string } | null = null;
      w.__navClick = 0;
      w.__navSeen = 0;
      w.__navWant = (sel, text) => {
        performance.clearResourceTimings();
        want = { sel, text };
        w.__navClick = 0;
        w.__navSeen = 0;
      };
      document.addEventListener('click', () => void (w.__navClick ||= performance.now()), true);
      new MutationObserver(() => {
        if (!want || !w.__navClick || w.__navSeen) return;
        const hit = [...document.querySelectorAll(want.sel)].some((e) =>
          (e.textContent ?? '').includes(want!.text),
        );
        if (hit) {
          w.__navSeen = -1;
          requestAnimationFrame(() => void (w.__navSeen = performance.now()));
        }
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    const arm = (sel: string, text: string) =>
      page.evaluate(
        ([a, b]) =>
          (window as unknown as { __navWant: (s: string, t: string) => void }).__navWant(a!, b!),
        [sel, text],
      );
    const elapsed = async () => {
      await page.waitForFunction(() => (window as unknown as { __navSeen: number }).__navSeen > 0);
      return page.evaluate(() => {
        const w = window as unknown as { __navClick: number; __navSeen: number };
        // The React payload the click fetched (Next adds `_rsc=` to it), from Resource Timing.
        const fetched = performance
          .getEntriesByType('resource')
          .filter((e) => e.name.includes('_rsc=')) as PerformanceResourceTiming[];
        const first = fetched.sort((a, b) => a.startTime - b.startTime)[0];
        const last = [...fetched].sort((a, b) => b.responseEnd - a.responseEnd)[0];
        return {
          total: w.__navSeen - w.__navClick,
          phases:
            first && last && first.startTime >= w.__navClick
              ? {
                  toRequest: first.startTime - w.__navClick,
                  toFirstByte: first.responseStart - first.startTime,
                  toLastByte: last.responseEnd - first.responseStart,
                  toPainted: w.__navSeen - last.responseEnd,
                  requests: fetched.length,
                }
              : null,
        };
      });
    };
    /** Clicks whose payload was fetched after the click: where their time went, in the page. */
    const phases = { org: [] as NavPhases[], object: [] as NavPhases[] };
    await page.goto(`${base}/sign-in?returnTo=/orgs`);
    await page.getByRole('button', { name: /admin@example\.com/ }).click();
    await page.getByRole('heading', { name: 'Organizations' }).waitFor();
    const objectName = 'northwind/postgres/primary';
    const result = {
      cold: { org: [] as number[], object: [] as number[] },
      hover: { org: [] as number[], object: [] as number[] },
    };
    // A person's pointer rests on a link for a moment before the click; Playwright's click moves
    // and clicks at once. Both are timed: 'cold' (no rest) and 'hover' (HOVER_MS of rest, which
    // lets a link that warms on intent start loading; see components/ui/link.tsx).
    const follow = async (link: import('@playwright/test').Locator, rest: number) => {
      if (rest) {
        await link.hover();
        await page.waitForTimeout(rest);
      }
      await link.click();
    };
    for (const mode of ['cold', 'hover'] as const)
      for (let i = -3; i < ROUNDS; i++) {
        // The first three rounds of each mode warm the server and the browser and are not counted.
        await page.goto(`${base}/orgs`);
        const orgLink = page.getByRole('link', { name: 'Northwind', exact: false }).first();
        await orgLink.waitFor();
        await page.waitForLoadState('networkidle');
        // Content: the org's object table with the object's link.
        await arm('table a', objectName);
        await follow(orgLink, mode === 'hover' ? HOVER_MS : 0);
        const a = await elapsed();
        await page.waitForLoadState('networkidle');
        await arm('h1', objectName);
        await follow(
          page.getByRole('link', { name: objectName }).first(),
          mode === 'hover' ? HOVER_MS : 0,
        );
        const b = await elapsed();
        if (i >= 0) {
          result[mode].org.push(a.total);
          result[mode].object.push(b.total);
          if (a.phases) phases.org.push(a.phases);
          if (b.phases) phases.object.push(b.phases);
        }
      }
    const browserHealth = await pageHealthRoundTrips(page, ROUNDS * 2);
    const orgListToOrg = result.hover.org;
    const orgToObject = result.hover.object;
    return {
      cold: result.cold,
      orgListToOrg,
      orgToObject,
      orgPageBytes,
      orgPageFlightBytes,
      browserHealth,
      settingsPageBytes,
      phases,
    };
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function navRows(r: NavResult): string[] {
  const ms = (n: number) => `${Math.round(n)} ms`;
  const all = [...r.orgListToOrg, ...r.orgToObject];
  return [
    `| click → content painted, org list → org, clicked at once | p50 ${ms(p(r.cold.org, 50))}, p95 ${ms(p(r.cold.org, 95))} (${r.cold.org.length}) |`,
    `| click → content painted, org → object, clicked at once | p50 ${ms(p(r.cold.object, 50))}, p95 ${ms(p(r.cold.object, 95))} (${r.cold.object.length}) |`,
    `| click → content painted, org list → org, after ${HOVER_MS} ms on the link | p50 ${ms(p(r.orgListToOrg, 50))}, p95 ${ms(p(r.orgListToOrg, 95))} (${r.orgListToOrg.length}) |`,
    `| click → content painted, org → object, after ${HOVER_MS} ms on the link | p50 ${ms(p(r.orgToObject, 50))}, p95 ${ms(p(r.orgToObject, 95))} (${r.orgToObject.length}) |`,
    `| click → content painted, all four | p95 ${ms(p([...all, ...r.cold.org, ...r.cold.object], 95))} (goal ≤ 150 ms ${p([...all, ...r.cold.org, ...r.cold.object], 95) <= 150 ? '✓' : '✗'}) |`,
    `| org page HTML | ${(r.orgPageBytes / 1024).toFixed(1)} KB, of it flight data ${(r.orgPageFlightBytes / 1024).toFixed(1)} KB (goal ≤ 25 KB ${r.orgPageBytes <= 25 * 1024 ? '✓' : '✗'}) |`,
    ...(['org', 'object'] as const).flatMap((kind) => {
      const ph = r.phases?.[kind] ?? [];
      if (!ph.length) return [];
      const med = (f: (x: NavPhases) => number) => ms(p(ph.map(f), 50));
      return [
        `| where a click to ${kind === 'org' ? 'an org' : 'an object'} goes, medians of the ${ph.length} clicks that fetched after the click | to request ${med((x) => x.toRequest)}, to first byte ${med((x) => x.toFirstByte)}, to last byte ${med((x) => x.toLastByte)}, to painted ${med((x) => x.toPainted)} |`,
      ];
    }),
    `| baselines, same run | \`fetch('/api/health')\` from the same page p50 ${ms(p(r.browserHealth, 50))}, p95 ${ms(p(r.browserHealth, 95))}; settings page HTML ${(r.settingsPageBytes / 1024).toFixed(1)} KB |`,
  ];
}

runAlone(import.meta, () => benchNav((s) => console.log(`[bench:nav] ${s}`)), navRows);
