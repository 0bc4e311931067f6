import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, stopTestPostgres, testDb } from '../testing/backends';
import { consumeRateLimit } from './rate-limit';

afterAll(() => stopTestPostgres());

const rule = { limit: 60, windowSeconds: 600 };
const WINDOW = 600_000;
// A recent window: windows older than a day are swept away.
const base = Math.floor((Date.now() - 3 * WINDOW) / WINDOW) * WINDOW;

describe.each(BACKENDS)('consumeRateLimit on %s', (backend) => {
  it('R3-06a: a window edge never allows twice the limit', async () => {
    const { db, close } = await testDb(backend);
    try {
      const hit = (at: number) => consumeRateLimit(db, 'u1', 'value_reads', rule, at);
      const before: boolean[] = [];
      for (let i = 0; i < 60; i++) before.push((await hit(base + 589_000)).ok);
      expect(before.every(Boolean)).toBe(true);
      const after: boolean[] = [];
      for (let i = 0; i < 60; i++) after.push((await hit(base + WINDOW + 1_000)).ok);
      // 1 s into the next window almost all of the previous window still counts.
      expect(after.filter(Boolean).length).toBeLessThanOrEqual(1);
      const refused = await hit(base + WINDOW + 1_000);
      expect(refused).toMatchObject({ ok: false });
      // Half a window later, about half the budget is back.
      let later = 0;
      for (let i = 0; i < 60; i++) if ((await hit(base + WINDOW + 300_000)).ok) later++;
      expect(later).toBeGreaterThanOrEqual(29);
      expect(later).toBeLessThanOrEqual(31);
    } finally {
      await close();
    }
  });

  it('R3-06b: a batch spends one unit per row, and a refused batch spends nothing', async () => {
    const { db, close } = await testDb(backend);
    try {
      const at = base + 10_000;
      expect(await consumeRateLimit(db, 'u2', 'writes', rule, at, 150)).toMatchObject({
        ok: false,
      });
      expect(await consumeRateLimit(db, 'u2', 'writes', rule, at, 50)).toMatchObject({
        ok: true,
        remaining: 10,
      });
      expect((await consumeRateLimit(db, 'u2', 'writes', rule, at, 11)).ok).toBe(false);
      expect((await consumeRateLimit(db, 'u2', 'writes', rule, at, 10)).ok).toBe(true);
    } finally {
      await close();
    }
  });
});
