import { describe, expect, it } from 'vitest';
import type { MillionResult } from '../bench-million';
import {
  budgetFloorSeconds,
  goalsSection,
  pageGoalsSection,
  type GoalInputs,
  type PageGoalInputs,
} from './bench-goals';

const flat = (ms: number, n = 20) => Array.from({ length: n }, () => ms);
const lat = (p: number) => ({ p50: p, p95: p, p99: p });

function inputs(over: Partial<GoalInputs> = {}): GoalInputs {
  return {
    reveal: flat(100),
    save: flat(140),
    browserHealth: flat(20),
    sdkRead: flat(15),
    sdkUpdate: flat(30),
    load: {
      ...lat(250),
      users: 20,
      rounds: 15,
      requests: 900,
      errors: 0,
      seconds: 10,
      perSecond: 90,
      byKind: {},
    },
    loadHealth: { ...lat(50), requests: 900, perSecond: 400 },
    orgPagePerSecond: 40,
    healthPerSecond: 100,
    emulator: [
      {
        storage: 'disk',
        op: 'create',
        concurrency: 8,
        perSecond: 1200,
        baselinePerSecond: 2400,
        perCall: 4,
      },
      {
        storage: 'disk',
        op: 'read',
        concurrency: 8,
        perSecond: 1500,
        baselinePerSecond: 2500,
        perCall: 8,
      },
    ],
    million: null,
    ...over,
  };
}

const row = (section: string[], measure: string) => {
  const found = section.find((l) => l.startsWith(`| ${measure}`));
  if (!found) throw new Error(`no row for ${measure}`);
  return found.split(' | ').map((c) => c.replace(/^\| | \|$/g, ''));
};

describe('goalsSection', () => {
  it('puts each figure beside its same-run baseline and ratio, and marks it against the goal', () => {
    const { section, summary } = goalsSection(inputs());
    const reveal = row(section, 'reveal click-to-value p95');
    expect(reveal[2]).toBe('100 ms (20 clicks)');
    expect(reveal[3]).toContain('= 35 ms');
    expect(reveal[4]).toBe('2.86×');
    expect(reveal[5]).toBe('✓');
    expect(row(section, 'org page throughput')[4]).toBe('0.40');
    expect(row(section, 'emulator create')[5]).toBe('✓');
    expect(row(section, 'emulator read')[5]).toBe('✗');
    // Eight goals measured here (two need the 1M run), the CI wall time is never invented.
    expect(row(section, '`.ci/run` wall time')[5]).toBe('—');
    expect(row(section, 'name search p95')[2]).toContain('not run');
    expect(summary.at(-1)).toContain('6 of 7 measured goals met');
  });

  it('fails the reveal goal on the ratio alone, even under 120 ms', () => {
    const { section } = goalsSection(
      inputs({ reveal: flat(110), browserHealth: flat(10), sdkRead: flat(5) }),
    );
    expect(row(section, 'reveal click-to-value p95')[5]).toBe('✗');
  });

  it('shows the 1M rows with the first page and the count apart and the 100k baseline', () => {
    const t = (p95: number) => ({ p50: p95 / 2, p95, n: 20 });
    const kinds = (scale: number) => ({
      'org page (first page + count, one statement)': t(40 * scale),
      'org page: first page alone': t(10 * scale),
      'org page: count alone': t(30 * scale),
      'search: rare': t(150 * scale),
      'search: common word': t(20 * scale),
      'search: all kinds': t(120 * scale),
    });
    const million: MillionResult = {
      objects: 1_000_000,
      orgs: 1000,
      rounds: 20,
      seedSeconds: 100,
      trigramIndex: true,
      plan: [],
      full: { objects: 1_000_000, kinds: kinds(1) },
      baseline: { objects: 100_000, kinds: kinds(0.5) },
      select1: t(0.4),
    };
    const { section } = goalsSection(inputs({ million }));
    const search = row(section, 'name search p95 at 1,000,000 objects');
    expect(search[2]).toContain('worst kind: rare, p95 150 ms');
    expect(search[3]).toContain('same queries at 100,000: p95 60 ms');
    expect(search[4]).toBe('2.00×');
    expect(search[5]).toBe('✗');
    const page = row(section, 'org page p95 at 1,000,000 objects, warm');
    expect(page[2]).toContain('first page p95 10 ms, count p95 30 ms');
    expect(page[5]).toBe('✓');
  });
});

describe('issue 27 goals', () => {
  const base = inputs();
  const tp = (perSecond: number, p95 = 100) => ({
    ...lat(p95),
    perSecond,
    requests: perSecond * 10,
    errors: 0,
  });
  const page = (over: Partial<PageGoalInputs> = {}): PageGoalInputs => ({
    orgPage: tp(50, 200),
    objectPage: tp(20, 400),
    health: tp(100, 20),
    load: base.load,
    loadHealth: base.loadHealth,
    reveal: flat(90),
    browserHealth: flat(20),
    sdkRead: flat(15),
    nav: {
      cold: { org: flat(100, 5), object: flat(120, 5) },
      orgListToOrg: flat(40, 5),
      orgToObject: flat(70, 5),
      orgPageBytes: 40 * 1024,
      orgPageFlightBytes: 20 * 1024,
      browserHealth: flat(10),
      settingsPageBytes: 30 * 1024,
    },
    emulator: base.emulator,
    million: null,
    index: { objects: 100_000, pageP95: 40, pageRequests: 300 },
    traceHealth: 10,
    tenant: {
      rpm: 3000,
      migrate: {
        objects: 1000,
        done: 1000,
        skipped: 0,
        failed: 0,
        seconds: 45,
        perSecond: 22,
        calls: {},
        vaultCallsPerObject: 2,
        allCallsPerObject: 2.5,
        onCustomerKey: 1000,
        indexSyncCalls: {},
      },
      importRun: {
        lines: 500,
        rows: {},
        previewSeconds: 9,
        applySeconds: 20,
        previewCalls: { 'GET /vault/v1/kv/:id': 300, 'POST /audit_logs/events': 200 },
        applyCalls: {},
      },
    },
    ...over,
  });
  const row = (section: string[], measure: string) => section.find((l) => l.includes(measure))!;

  it("the budget's floor is the calls past the burst at the steady rate", () => {
    expect(budgetFloorSeconds(300, 3000)).toBeCloseTo(5.6);
    expect(budgetFloorSeconds(10, 3000)).toBe(0);
  });

  it('marks each row against its goal, with its same-run baseline', () => {
    const { summary, section } = pageGoalsSection(page());
    expect(row(section, 'org page throughput')).toMatch(/\| 0\.50 \| ✓ \|$/);
    expect(row(section, 'object page throughput')).toMatch(/\| 0\.20 \| ✗ \|$/);
    expect(row(section, 'click → content painted')).toMatch(/p95 120 ms .* ✓ \|$/);
    expect(row(section, 'org page HTML')).toMatch(/40\.0 KB.*✗ \|$/);
    // Only the preview's Vault reads spend the budget: the floor is for 300 calls, not 500.
    expect(row(section, 'import preview')).toMatch(/floor for 300 reads: 5\.6 s .* ✗ \|$/);
    expect(row(section, 'name search')).toMatch(/not run .* — \|$/);
    expect(summary[0]).toMatch(/Issue 27 goals \| \d+ of 12 measured goals met/);
  });
});
