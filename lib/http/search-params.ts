import { z } from 'zod';

/** What Next hands a page (`searchParams`) or a route handler (`URLSearchParams`). */
export type RawSearchParams =
  Record<string, string | string[] | undefined> | URLSearchParams | null | undefined;

/** What Next hands a page: its route params and query string, both as promises. */
export type PageInput<P = Record<string, never>> = {
  params: Promise<P>;
  searchParams: Promise<RawSearchParams>;
};

export type ParamProblem = { param: string; rule: string };

export type Shape = Record<string, z.ZodType>;
export type Parsed<S extends Shape> = { [K in keyof S]: z.output<S[K]> };

function valuesOf(raw: RawSearchParams, name: string): string[] {
  if (!raw) return [];
  if (raw instanceof URLSearchParams) return raw.getAll(name);
  const v = raw[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/**
 * The one way pages and route handlers read a query string. Each parameter is given at most
 * once (`?q=a&q=b` is a problem, not an array that crashes `.trim()`), and is parsed by its own
 * schema. A parameter that breaks its rule falls back to its schema's default (pages then show
 * an empty state) and is listed in `problems` (route handlers answer 400 with them).
 */
export function parseSearchParams<S extends Shape>(
  raw: RawSearchParams,
  shape: S,
): { data: Parsed<S>; problems: ParamProblem[] } {
  const data = {} as Record<string, unknown>;
  const problems: ParamProblem[] = [];
  for (const [name, schema] of Object.entries(shape)) {
    const values = valuesOf(raw, name);
    const fallback = () => {
      const d = schema.safeParse(undefined);
      return d.success ? d.data : undefined;
    };
    if (values.length > 1) {
      problems.push({ param: name, rule: 'must be given once' });
      data[name] = fallback();
      continue;
    }
    const parsed = schema.safeParse(values[0]);
    if (parsed.success) data[name] = parsed.data;
    else {
      problems.push({ param: name, rule: parsed.error.issues[0]?.message ?? 'is not valid' });
      data[name] = fallback();
    }
  }
  return { data: data as Parsed<S>, problems };
}

/** Dates the console database stores and compares (R3-10): 1970 to 9999. */
export function inDateRange(d: Date): boolean {
  const y = d.getUTCFullYear();
  return !Number.isNaN(d.getTime()) && y >= 1970 && y <= 9999;
}

/** Building blocks for the shapes above. */
export const param = {
  /** Optional free text, trimmed, at most `max` characters (longer is a problem, not a cut). */
  text: (max = 200) =>
    z
      .string()
      .max(max, { message: `must be at most ${max} characters` })
      // PostgreSQL refuses NUL in text, and no filter needs a control character (R3-10).
      .regex(/^[^\u0000-\u001f\u007f]*$/, {
        message: 'may not contain control characters (such as NUL)',
      })
      .transform((s) => s.trim())
      .optional(),
  /** One of a fixed set. */
  oneOf: <T extends readonly [string, ...string[]]>(values: T) =>
    z.enum(values, { message: `must be one of: ${values.join(', ')}` }).optional(),
  /** An opaque cursor: base64url text of bounded length (decoding is the reader's job). */
  cursor: (max = 2000) =>
    z
      .string()
      .max(max, { message: `must be at most ${max} characters` })
      .regex(/^[A-Za-z0-9_-]*$/, { message: 'is not a cursor this console made' })
      .optional(),
  /** A date or date-time the Date parser understands. */
  date: () =>
    z
      .string()
      .refine((s) => s === '' || !Number.isNaN(Date.parse(s)), { message: 'is not a date' })
      .refine((s) => s === '' || inDateRange(new Date(s)), {
        message: 'must be a date between 1970 and 9999',
      })
      .transform((s) => (s === '' ? undefined : new Date(s)))
      .optional(),
  /** A whole number from 1 to `max` (a page number, a count of days), as `?page=3`. */
  whole: (max: number, what = 'a whole number') =>
    z
      .string()
      .regex(/^\d{1,9}$/, { message: `must be ${what}` })
      .transform(Number)
      .refine((n) => n >= 1 && n <= max, { message: `must be from 1 to ${max}` })
      .optional(),
  /** A flag such as `?created=1`. */
  flag: () =>
    z
      .enum(['1', 'true'], { message: 'must be 1' })
      .transform(() => true)
      .optional(),
};
