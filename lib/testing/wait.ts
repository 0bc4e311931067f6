/**
 * Waits until `check` holds, looking every 50 ms; throws after `ms` (a hang guard, not a timing
 * claim: a test asserts what happened, never how fast).
 */
export async function waitFor(check: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
