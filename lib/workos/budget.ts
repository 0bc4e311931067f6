import { getEnv } from '../env';

/** A token bucket: at most `perMinute` takes per minute, bursting up to `burst`. */
class RateLimiter {
  private tokens: number;
  private last = Date.now();
  private readonly perMs: number;

  constructor(
    readonly perMinute: number,
    readonly burst = Math.max(1, Math.min(20, Math.floor(perMinute / 60))),
  ) {
    this.perMs = perMinute / 60_000;
    this.tokens = this.burst;
  }

  private refill(): void {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.perMs);
    this.last = now;
  }

  async take(): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil((1 - this.tokens) / this.perMs)));
    }
  }
}

/**
 * The process's WorkOS budget: every background-ish WorkOS call (index sync passes, webhook
 * catch-up, batch operations, the import's compare reads) takes a token from one limiter, so they
 * never add up past INDEX_SYNC_MAX_RPM together. Usable without the index runtime.
 */
export class WorkosBudget {
  private readonly limiter: RateLimiter;
  /** Calls made through this budget, all told. */
  calls = 0;

  constructor(maxRequestsPerMinute: number) {
    this.limiter = new RateLimiter(maxRequestsPerMinute);
  }

  /** Calls per minute it allows, all callers together. */
  get perMinute(): number {
    return this.limiter.perMinute;
  }

  /** Calls it lets start at once after a quiet spell (the bucket's size). */
  get burst(): number {
    return this.limiter.burst;
  }

  async call<T>(fn: () => Promise<T>): Promise<T> {
    await this.limiter.take();
    this.calls++;
    return fn();
  }
}

const globalBudget = globalThis as unknown as { __vaultConsoleWorkosBudget?: WorkosBudget };

/** The budget of this server process, created once from INDEX_SYNC_MAX_RPM. */
export function processBudget(): WorkosBudget {
  globalBudget.__vaultConsoleWorkosBudget ??= new WorkosBudget(
    getEnv().indexSync.maxRequestsPerMinute,
  );
  return globalBudget.__vaultConsoleWorkosBudget;
}
