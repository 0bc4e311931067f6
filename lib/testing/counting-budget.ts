/**
 * A WorkOS budget for library tests: counts the calls it lets through and how many run at once.
 * `hold`, when set, keeps the first calls waiting until that many wait together (then lets all
 * go), so a test can see a pool reach its width. Once `crashed` is set, every later call hangs
 * (counted in `hung`), as a process that died mid-call would leave it.
 */
export class CountingBudget {
  readonly perMinute = 3_000;
  readonly burst = 20;
  calls = 0;
  running = 0;
  maxRunning = 0;
  hung = 0;
  crashed = false;
  /** Calls held so far by `hold`. */
  held = 0;
  private waiting: (() => void)[] = [];
  constructor(private hold = 0) {}
  async call<T>(fn: () => Promise<T>): Promise<T> {
    if (this.crashed) {
      this.hung++;
      return new Promise<never>(() => undefined);
    }
    if (this.hold > 0)
      await new Promise<void>((resolve) => {
        this.waiting.push(resolve);
        this.held++;
        if (this.waiting.length >= this.hold) {
          this.hold = 0;
          for (const go of this.waiting.splice(0)) go();
        }
      });
    this.calls++;
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      return await fn();
    } finally {
      this.running--;
    }
  }
}
