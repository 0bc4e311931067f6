import { extraContextPairs } from '../format';

/** What the browser gets for one object in a list: metadata only, never a value. */
export type ObjectRow = {
  id: string;
  name: string;
  orgId: string | null;
  updatedAt: string | null;
  extraContext: [string, string][];
};

export type ObjectRowsPage = {
  rows: ObjectRow[];
  nextCursor: string | null;
  prevCursor: string | null;
};

export function toObjectRow(o: {
  id: string;
  name: string;
  org_id: string | null;
  context: Record<string, string>;
  updated_at: Date | null;
}): ObjectRow {
  return {
    id: o.id,
    name: o.name,
    orgId: o.org_id,
    updatedAt: o.updated_at ? o.updated_at.toISOString() : null,
    extraContext: extraContextPairs(o.context),
  };
}
