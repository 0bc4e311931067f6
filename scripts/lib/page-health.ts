import type { Page } from '@playwright/test';

/**
 * A browser's own round trip to the console's bare route handler, `n` times, timed inside the
 * page (ms, in order): the same-run baseline for anything timed in the page.
 */
export async function pageHealthRoundTrips(page: Page, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++)
    out.push(
      await page.evaluate(async () => {
        const t0 = performance.now();
        await (await fetch('/api/health', { cache: 'no-store' })).text();
        return performance.now() - t0;
      }),
    );
  return out;
}
