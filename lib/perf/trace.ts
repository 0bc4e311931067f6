import { appendFileSync } from 'node:fs';
import { after } from 'next/server';
import { headers } from 'next/headers';

/**
 * Per-request time breakdown, off unless PERF_TRACE is set (`1` → one `[perf]` line per request
 * on stdout; a path → one JSON line per request appended to that file, what `npm run bench:trace`
 * reads). A line holds a path, durations and counts only: never a header, a query's parameters,
 * an object name or a value. Spans may overlap (a DB query inside a session check); "render" is
 * what is left of the request's server time once they are taken out.
 */
type TraceSpan = 'session.verify' | 'session.revoked' | 'session.auth' | 'db' | 'workos';

type Trace = {
  done?: boolean;
  started: number;
  spans: Map<TraceSpan, { ms: number; n: number }>;
  headers: Headers;
};

export function traceTarget(): string | null {
  const v = process.env.PERF_TRACE;
  return v && v !== '0' ? v : null;
}

/**
 * One collector per request, keyed by the correlation id the proxy gives every request (the same
 * for the layout, the page and a server action; React's request cache is not active inside
 * actions, and `headers()` hands out a new object per call). Dropped when its line is written.
 */
// On globalThis: Next bundles this module into more than one chunk, and they must share it.
const shared = globalThis as unknown as { __vaultConsoleTraces?: Map<string, Trace> };
const collectors = (shared.__vaultConsoleTraces ??= new Map<string, Trace>());

async function current(): Promise<Trace | null> {
  let h: Headers;
  try {
    h = (await headers()) as unknown as Headers;
  } catch {
    return null; // not inside a request (index sync, scripts): nothing to attribute to
  }
  const id = h.get('x-correlation-id');
  if (!id) return null;
  const found = collectors.get(id);
  if (found) return found.done ? null : found;
  const trace: Trace = { started: performance.now(), spans: new Map(), headers: h };
  try {
    after(() => {
      // Kept a while, done: work that after() itself does (the outbox) is not a new request.
      setTimeout(() => collectors.delete(id), 10_000).unref();
      return flush(trace);
    });
  } catch {
    return null;
  }
  collectors.set(id, trace);
  return trace;
}

/** Times `run` under `span` when tracing is on; otherwise just runs it. */
export async function traced<T>(span: TraceSpan, run: () => Promise<T>): Promise<T> {
  const trace = traceTarget() ? await current() : null;
  if (!trace) return run();
  const t0 = performance.now();
  try {
    return await run();
  } finally {
    const s = trace.spans.get(span) ?? { ms: 0, n: 0 };
    s.ms += performance.now() - t0;
    s.n += 1;
    trace.spans.set(span, s);
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

async function flush(trace: Trace): Promise<void> {
  trace.done = true;
  const target = traceTarget();
  if (!target) return;
  const total = performance.now() - trace.started;
  const h = trace.headers;
  const url = h.get('x-url');
  const line: Record<string, unknown> = {
    path: url ? new URL(url).pathname : null,
    action: h.get('next-action') ? true : false,
    correlation: h.get('x-correlation-id') ?? null,
    proxy: Number(h.get('x-perf-proxy-ms') ?? NaN) || null,
    server: round(total),
  };
  let inner = 0;
  for (const [name, s] of trace.spans) {
    line[name] = round(s.ms);
    line[`${name}.n`] = s.n;
    // Session checks contain their own DB query; count only top-level spans against render.
    if (name !== 'session.revoked') inner += s.ms;
  }
  line.render = round(Math.max(0, total - inner));
  const text = JSON.stringify(line);
  if (target === '1') console.log(`[perf] ${text}`);
  else appendFileSync(target, `${text}\n`);
}
