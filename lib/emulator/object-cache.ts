/**
 * A bounded read cache of Vault objects' current rows (with the current version's record, which is
 * ciphertext: no value is ever held in the clear here), keyed by object id.
 *
 * Writers (create, update, delete, reset, bulk seed) tell the cache what they wrote once their
 * statement has committed. Readers that missed fill it from the database, but a fill may race a
 * write: a select can see the old row and hand it back after the write has already updated the
 * cache. So a fill carries a ticket taken before its select ran, and is dropped if any write to
 * that id finished after the ticket was taken (that write either set the entry itself or will
 * when it finishes).
 *
 * Bounded by entries and by record bytes; least recently used entries go first. Records larger
 * than `maxRecordBytes` are not cached (they are read from the database each time).
 */
export type CacheLimits = { maxEntries: number; maxBytes: number; maxRecordBytes: number };

const DEFAULT_CACHE_LIMITS: CacheLimits = {
  maxEntries: 20_000,
  maxBytes: 32 * 1024 * 1024,
  maxRecordBytes: 64 * 1024,
};

export type FillTicket = { readonly seq: number };

export class ObjectCache<Row extends { record: Uint8Array | null }> {
  private readonly entries = new Map<string, Row>();
  private bytes = 0;
  /** Counts finished writes; a ticket is the count when a fill's select was issued. */
  private writes = 0;
  /** id → the write count after the last write to it, kept only while fills are open. */
  private readonly lastWrite = new Map<string, number>();
  private openFills = 0;
  /** Tickets below this are void (set when lastWrite had to be dropped to stay bounded). */
  private floor = 0;
  readonly stats = { hits: 0, misses: 0, fills: 0, droppedFills: 0, evictions: 0 };
  /** Off: every read goes to the database (the bench's same-run baseline). Writes still apply. */
  enabled = true;

  constructor(private readonly limits: CacheLimits = DEFAULT_CACHE_LIMITS) {}

  get size(): number {
    return this.entries.size;
  }

  get byteSize(): number {
    return this.bytes;
  }

  get(id: string): Row | undefined {
    const row = this.enabled ? this.entries.get(id) : undefined;
    if (row === undefined) {
      this.stats.misses += 1;
      return undefined;
    }
    // Most recently used last.
    this.entries.delete(id);
    this.entries.set(id, row);
    this.stats.hits += 1;
    return row;
  }

  /** What a writer calls after its statement committed: the new row, or null for gone/unknown. */
  written(id: string, row: Row | null): void {
    this.writes += 1;
    if (this.openFills > 0) {
      this.lastWrite.set(id, this.writes);
      if (this.lastWrite.size > this.limits.maxEntries) {
        // Too many writes while fills are open: void every open ticket instead of growing.
        this.lastWrite.clear();
        this.floor = this.writes + 1;
      }
    }
    this.remove(id);
    if (row) this.put(id, row);
  }

  /** Every entry, oldest first, without touching recency or stats (for consistency checks). */
  peekAll(): [string, Row][] {
    return [...this.entries];
  }

  /** Drops every entry (reset: a write that bypasses the per-object paths). */
  clear(): void {
    this.writes += 1;
    this.entries.clear();
    this.bytes = 0;
    this.lastWrite.clear();
    this.floor = this.writes + 1;
  }

  /** Taken before a fill's select is issued; pass it to `fill` and then to `endFill`. */
  beginFill(): FillTicket {
    this.openFills += 1;
    return { seq: this.writes + 1 };
  }

  /** Stores a row a reader fetched, unless a write to it finished since the ticket was taken. */
  fill(ticket: FillTicket, id: string, row: Row): void {
    const last = this.lastWrite.get(id);
    if (ticket.seq < this.floor || (last !== undefined && last >= ticket.seq)) {
      this.stats.droppedFills += 1;
      return;
    }
    this.stats.fills += 1;
    this.remove(id);
    this.put(id, row);
  }

  endFill(_ticket: FillTicket): void {
    this.openFills -= 1;
    if (this.openFills === 0) this.lastWrite.clear();
  }

  private put(id: string, row: Row): void {
    const size = row.record?.byteLength ?? 0;
    if (!this.enabled || size > this.limits.maxRecordBytes) return;
    this.entries.set(id, row);
    this.bytes += size;
    while (this.entries.size > this.limits.maxEntries || this.bytes > this.limits.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.remove(oldest);
      this.stats.evictions += 1;
    }
  }

  private remove(id: string): void {
    const old = this.entries.get(id);
    if (old === undefined) return;
    this.entries.delete(id);
    this.bytes -= old.record?.byteLength ?? 0;
  }
}
