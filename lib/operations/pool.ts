/**
 * Bounded concurrency for batch work (issue 27): the migrator, offboarding, bulk delete and the
 * import work several rows at once, each row still its own version-checked, audited write, and
 * every WorkOS call still spends the process's one budget, whose token bucket sets the pace.
 */

/** Never more rows in flight than this, whatever the budget allows. */
export const MAX_BATCH_WIDTH = 8;

/**
 * About how long one row takes with nothing queued: its WorkOS calls plus the trail, index and
 * run-table writes around them (issue 27's profile: 150–300 ms on a loaded 2-core machine).
 */
const ROW_SECONDS = 0.3;

/**
 * Rows in flight for a batch whose rows make `callsPerRow` WorkOS calls each: enough to keep the
 * budget's pace busy while each row waits on WorkOS and the database (rows per second the budget
 * allows × how long a row takes), never more than the budget lets start at once (its burst), and
 * never more than MAX_BATCH_WIDTH. A budget of 60 calls a minute or less works one row at a time.
 */
export function batchWidth(
  budget: { perMinute: number; burst: number },
  callsPerRow: number,
): number {
  const rowsPerSecond = budget.perMinute / 60 / Math.max(1, callsPerRow);
  if (!(rowsPerSecond > 0) || !(budget.burst >= 1)) return 1;
  return Math.max(
    1,
    Math.min(MAX_BATCH_WIDTH, budget.burst, Math.ceil(rowsPerSecond * ROW_SECONDS)),
  );
}

/**
 * Runs `fn` over `items` with at most `width` in flight; results in the items' order. If one
 * throws, no new item is started, the ones in flight are waited for, and the first error is thrown.
 */
export async function mapPool<T, R>(
  items: readonly T[],
  width: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  let failed: { error: unknown } | null = null;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        out[i] = await fn(items[i]!, i);
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(width, items.length)) }, worker));
  if (failed) throw (failed as { error: unknown }).error;
  return out;
}
