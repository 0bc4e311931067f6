import { z } from 'zod';

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

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clear(): void {
    this.faults = [];
  }
}
