/**
 * Group commit for PGlite. Each PGlite call costs far more than the rows it touches (protocol
 * round, WASM entry, WAL write), and PGlite runs one call at a time anyway. So requests that
 * arrive while a call is running queue here, and the next call does all of their work in ONE
 * statement (one implicit transaction). Each caller's promise settles only after that statement
 * has committed, so an acknowledged write is as durable as before; nothing is acknowledged early.
 *
 * If a combined statement fails, every item is retried on its own, so one bad item never fails
 * its neighbours and each caller sees exactly the error it would have seen alone.
 */
export class Coalescer<I, O> {
  private pending: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private running = false;
  /** Calls made and items carried, for the bench. */
  readonly stats = { calls: 0, items: 0 };

  /**
   * `expected` says how many callers could join soon (requests in flight). PGlite runs a query
   * synchronously inside the call, so nobody can queue during it; before a call the queue yields
   * to the event loop once, then a few more times (at most `maxYields` in all, each a
   * setImmediate) while fewer items are queued than requests are in flight, so requests already
   * read off their sockets get to join.
   */
  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly expected: () => number = () => 1,
    private readonly maxBatch = 64,
    private readonly maxYields = 3,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (!this.running) {
        this.running = true;
        // Let requests parsed in the same tick join the first call.
        queueMicrotask(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        // A whole request often runs in one I/O callback (PGlite answers in microtasks), so
        // wait at least for the rest of this poll phase: other sockets' requests get queued.
        for (
          let i = 0;
          i < this.maxYields &&
          (i === 0 || this.pending.length < Math.min(this.maxBatch, this.expected()));
          i++
        )
          await new Promise<void>((r) => setImmediate(r));
        const batch = this.pending.splice(0, this.maxBatch);
        this.stats.calls += 1;
        this.stats.items += batch.length;
        try {
          const out = await this.run(batch.map((b) => b.item));
          batch.forEach((b, i) => b.resolve(out[i]!));
        } catch (err) {
          if (batch.length === 1) {
            batch[0]!.reject(err);
            continue;
          }
          for (const b of batch) {
            try {
              b.resolve((await this.run([b.item]))[0]!);
            } catch (own) {
              b.reject(own);
            }
          }
        }
      }
    } finally {
      this.running = false;
    }
  }
}

/** `($1, $2), ($3, $4)` for rows of `width` values, each cast to the given SQL type. */
export function valuesList(rows: number, types: string[], offset = 0): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    const cells = types.map((t, c) => `$${offset + r * types.length + c + 1}::${t}`);
    out.push(`(${cells.join(', ')})`);
  }
  return out.join(', ');
}
