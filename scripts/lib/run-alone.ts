/**
 * Runs a bench when its own file is the command (`npm run bench:x`), and does nothing when
 * `npm run bench` imports it: prints the lines `report` makes of the result and exits 0, or prints
 * the error and exits 1. The exit is explicit because the console modules a bench imports keep
 * timers (the WorkOS budget) that would hold the process open.
 */
export function runAlone<T>(
  meta: ImportMeta,
  run: () => Promise<T>,
  report: (result: T) => string[] = () => [],
): void {
  if (meta.url !== `file://${process.argv[1]}`) return;
  run().then(
    (result) => {
      const lines = report(result);
      if (lines.length) console.log(lines.join('\n'));
      process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
