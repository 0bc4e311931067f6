export type RequestLogEntry = {
  seq: number;
  at: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  requestId: string;
  /** Set from the caller's `X-Client-Component` header, so tests can tell callers apart. */
  component: string | null;
  /** The caller's `X-Correlation-ID` (the console forwards one per page view or action). */
  correlation: string | null;
  fault: string | null;
  /**
   * GET /vault/v1/kv only: the raw `updated_after` value as sent (a timestamp, never a secret), so
   * a test can see which format a client puts on the wire (F3-03).
   */
  updatedAfter?: string | null;
};

/** In-memory ring buffer of request lines. Never holds bodies, query strings (but `updatedAfter`) or values. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(
    private readonly capacity = Number(process.env.EMULATOR_REQUEST_LOG_SIZE) || 20_000,
  ) {}

  add(entry: Omit<RequestLogEntry, 'seq'>): void {
    this.seq += 1;
    this.entries.push({ ...entry, seq: this.seq });
    if (this.entries.length > this.capacity)
      this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(
    filter: { since?: number; pathPrefix?: string; component?: string; correlation?: string } = {},
  ): RequestLogEntry[] {
    return this.entries.filter(
      (e) =>
        (filter.since === undefined || e.seq > filter.since) &&
        (filter.pathPrefix === undefined || e.path.startsWith(filter.pathPrefix)) &&
        (filter.component === undefined || e.component === filter.component) &&
        (filter.correlation === undefined || e.correlation === filter.correlation),
    );
  }

  get lastSeq(): number {
    return this.seq;
  }

  clear(): void {
    this.entries = [];
  }
}
