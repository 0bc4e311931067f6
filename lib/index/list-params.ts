import { z } from 'zod';

export const OBJECT_PAGE_SIZE = 25;

/** Query parameters of the org object list, shared by the page and its JSON route. */
const objectListParamsSchema = z.object({
  q: z.string().trim().max(200).optional().default(''),
  sort: z.enum(['name', 'updated']).optional().default('name'),
  dir: z.enum(['asc', 'desc']).optional(),
  cursor: z.string().max(2000).optional(),
});

export type ObjectListParams = {
  q: string;
  sort: 'name' | 'updated';
  dir: 'asc' | 'desc';
  cursor: string | null;
};

export function parseObjectListParams(input: Record<string, string | undefined>): ObjectListParams {
  const parsed = objectListParamsSchema.safeParse(input);
  const p = parsed.success
    ? parsed.data
    : { q: '', sort: 'name' as const, dir: undefined, cursor: undefined };
  return {
    q: p.q,
    sort: p.sort,
    dir: p.dir ?? (p.sort === 'name' ? 'asc' : 'desc'),
    cursor: p.cursor ?? null,
  };
}
