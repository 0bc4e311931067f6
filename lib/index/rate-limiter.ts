/** A token bucket: at most `perMinute` takes per minute, bursting up to `burst`. */
export class RateLimiter {
  private tokens: number;
  private last = Date.now();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly burst = Math.max(1, Math.min(20, Math.floor(perMinute / 60))),
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
