import type { Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from './context';

const faultSchema = z
  .object({
    /** Path prefix the fault applies to, e.g. "/vault/v1/kv". */
    path: z.string().startsWith('/'),
    method: z.enum(['GET', 'POST', 'PUT', 'DELETE']).optional(),
    /** Only requests carrying this X-Correlation-ID (lets parallel tests fault only their own calls). */
    correlation: z.string().min(1).max(100).optional(),
    /** How many matching requests get the fault. */
    count: z.number().int().min(1).max(1000).default(1),
    status: z
      .union([z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)])
      .optional(),
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    delayMs: z.number().int().min(1).max(120_000).optional(),
    /** 'request': the connection is cut before the route runs. 'response': the route runs, the reply is lost. */
    drop: z.enum(['request', 'response']).optional(),
  })
  .refine(
    (f) =>
      [f.status !== undefined, f.delayMs !== undefined, f.drop !== undefined].filter(Boolean)
        .length >= 1,
    {
      message: 'a fault needs a status, a delayMs or a drop ("request" or "response")',
    },
  )
  .refine((f) => !(f.status !== undefined && f.drop !== undefined), {
    message: 'status and drop cannot be combined',
  });

export type FaultInput = z.input<typeof faultSchema>;
export type Fault = z.output<typeof faultSchema> & { id: number; remaining: number };

/** Picks faults by their correlation id or by their ids; no filter means every fault. */
export type FaultFilter = { correlation?: string; ids?: number[] };

function matches(f: Fault, only?: FaultFilter): boolean {
  if (only?.correlation !== undefined && f.correlation !== only.correlation) return false;
  if (only?.ids !== undefined && !only.ids.includes(f.id)) return false;
  return true;
}

export class FaultBoard {
  private faults: Fault[] = [];
  private nextId = 1;

  add(input: unknown): Fault {
    const parsed = faultSchema.parse(input);
    const fault = { ...parsed, id: this.nextId++, remaining: parsed.count };
    this.faults.push(fault);
    return fault;
  }

  /** Takes one use of the first fault matching this request, if any. */
  take(method: string, path: string, correlation?: string | null): Fault | null {
    const fault = this.faults.find(
      (f) =>
        f.remaining > 0 &&
        path.startsWith(f.path) &&
        (!f.method || f.method === method) &&
        (!f.correlation || f.correlation === correlation),
    );
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.faults = this.faults.filter((f) => f !== fault);
    return { ...fault };
  }

  /** Faults still waiting to be taken: all, or only one test's (by correlation id or fault id). */
  list(only?: FaultFilter): Fault[] {
    return this.faults.filter((f) => matches(f, only)).map((f) => ({ ...f }));
  }

  /**
   * Removes waiting faults: all of them, or only one test's, so parallel tests never clear each
   * other's faults. Returns how many were removed.
   */
  clear(only?: FaultFilter): number {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => !matches(f, only));
    return before - this.faults.length;
  }
}

/** A fault's entry in the request log. */
export function faultLabel(f: Fault): string {
  return f.drop ? `drop ${f.drop}` : f.status ? `status ${f.status}` : `delay ${f.delayMs}ms`;
}

/**
 * Plays a fault taken for this request: waits its delay, then either cuts the connection before
 * the route runs ('request') or answers with its status instead of the route. Returns that reply,
 * or null when the route should run (a delay, or a reply to lose afterwards: 'response').
 */
export async function playFault(
  c: Context<AppEnv>,
  f: Fault,
  requestId: string,
  log: (status: number) => void,
): Promise<Response | null> {
  if (f.delayMs) await new Promise((r) => setTimeout(r, f.delayMs));
  if (f.drop === 'request') {
    c.env.incoming.socket.destroy();
    log(0);
    return new Response(null, { status: 500 });
  }
  if (!f.status) return null;
  const headers: Record<string, string> = { 'X-Request-ID': requestId };
  if (f.retryAfterSeconds !== undefined) headers['Retry-After'] = String(f.retryAfterSeconds);
  const body =
    f.status === 429
      ? {
          message: 'Too many requests.',
          code: 'rate_limit_exceeded',
          error: 'Too many requests.',
        }
      : {
          error: 'Injected fault: internal server error',
          message: 'Internal server error',
        };
  log(f.status);
  return c.json(body, f.status, headers);
}
