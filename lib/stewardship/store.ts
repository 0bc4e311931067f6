import type { Db } from '../db/client';

export type Stewardship = {
  objectId: string;
  objectName: string;
  orgId: string | null;
  owner: string;
  notes: string;
  rotationDays: number | null;
  expiresOn: string | null;
  updatedAt: string;
  updatedBy: string;
};

type Row = {
  object_id: string;
  object_name: string;
  org_id: string | null;
  owner: string;
  notes: string;
  rotation_days: number | null;
  expires_on: string | Date | null;
  updated_at: Date;
  updated_by: string;
};

const COLUMNS =
  "object_id, object_name, org_id, owner, notes, rotation_days, to_char(expires_on, 'YYYY-MM-DD') as expires_on, updated_at, updated_by";

function fromRow(r: Row): Stewardship {
  return {
    objectId: r.object_id,
    objectName: r.object_name,
    orgId: r.org_id,
    owner: r.owner,
    notes: r.notes,
    rotationDays: r.rotation_days,
    expiresOn: r.expires_on === null ? null : String(r.expires_on),
    updatedAt: new Date(r.updated_at).toISOString(),
    updatedBy: r.updated_by,
  };
}

const S_COLUMNS =
  "s.object_id, s.object_name, s.org_id, s.owner, s.notes, s.rotation_days, to_char(s.expires_on, 'YYYY-MM-DD') as expires_on, s.updated_at, s.updated_by";

type Q = Pick<Db, 'query'>;

export async function getStewardship(db: Q, objectId: string): Promise<Stewardship | null> {
  const r = await db.query<Row>(`select ${COLUMNS} from object_stewardship where object_id = $1`, [
    objectId,
  ]);
  return r.rows[0] ? fromRow(r.rows[0]) : null;
}

export type SaveOutcome =
  { ok: true; value: Stewardship; changed: string[] } | { ok: false; current: Stewardship | null };

/**
 * Saves owner, notes, rotation period and expiry, if nobody saved since the form was loaded
 * (`expectedUpdatedAt`, null when there was no record). Returns the fields that changed.
 */
export async function saveStewardship(
  db: Db,
  input: Omit<Stewardship, 'updatedAt' | 'updatedBy'> & {
    expectedUpdatedAt: string | null;
    by: string;
  },
  audit: (tx: Q, changed: string[]) => Promise<void>,
): Promise<SaveOutcome> {
  return db.transaction(async (tx) => {
    const before = await tx.query<Row>(
      `select ${COLUMNS} from object_stewardship where object_id = $1 for update`,
      [input.objectId],
    );
    const current = before.rows[0] ? fromRow(before.rows[0]) : null;
    const expected = input.expectedUpdatedAt ? Date.parse(input.expectedUpdatedAt) : null;
    const actual = current ? Date.parse(current.updatedAt) : null;
    if (expected !== actual) return { ok: false, current };
    const changed = (
      [
        ['owner', current?.owner ?? '', input.owner],
        ['notes', current?.notes ?? '', input.notes],
        ['rotation period', current?.rotationDays ?? null, input.rotationDays],
        ['expiry', current?.expiresOn ?? null, input.expiresOn],
      ] as const
    )
      .filter(([, a, b]) => a !== b)
      .map(([f]) => f);
    // clock_timestamp(), not now(): two saves in one transaction-time tick still differ.
    const r = await tx.query<Row>(
      `insert into object_stewardship (object_id, object_name, org_id, owner, notes, rotation_days, expires_on, updated_at, updated_by)
       values ($1, $2, $3, $4, $5, $6, $7, greatest(clock_timestamp(), $9::timestamptz + interval '1 millisecond'), $8)
       on conflict (object_id) do update set object_name = excluded.object_name, org_id = excluded.org_id,
         owner = excluded.owner, notes = excluded.notes, rotation_days = excluded.rotation_days,
         expires_on = excluded.expires_on, updated_at = excluded.updated_at, updated_by = excluded.updated_by
       returning ${COLUMNS}`,
      [
        input.objectId,
        input.objectName,
        input.orgId,
        input.owner,
        input.notes,
        input.rotationDays,
        input.expiresOn,
        input.by,
        current?.updatedAt ?? new Date(0).toISOString(),
      ],
    );
    await audit(tx, changed);
    return { ok: true, value: fromRow(r.rows[0]!), changed };
  });
}

export type OverdueRow = Stewardship & {
  reason: 'expired' | 'rotation';
  dueAt: string;
  lastChangedAt: string | null;
};

/**
 * Objects past their expiry date or their rotation period (counted from the last change the index
 * knows), across every organization, soonest-due first. Rows whose object left the index are
 * skipped. Bounded by `limit`/`offset`.
 */
export async function listOverdue(
  db: Q,
  opts: { limit: number; offset: number; orgId?: string | null },
): Promise<{ rows: OverdueRow[]; hasMore: boolean }> {
  const args: unknown[] = [opts.limit + 1, opts.offset];
  const orgFilter = opts.orgId ? (args.push(opts.orgId), `and s.org_id = $${args.length}`) : '';
  const r = await db.query<
    Row & { due_at: Date; reason: 'expired' | 'rotation'; changed_at: Date | null }
  >(
    `select * from (
       select ${S_COLUMNS}, o.updated_at as changed_at,
         least(
           case when s.expires_on is not null then s.expires_on::timestamptz end,
           case when s.rotation_days is not null and o.updated_at is not null
             then o.updated_at + make_interval(days => s.rotation_days) end
         ) as due_at,
         case when s.expires_on is not null and s.expires_on <= current_date then 'expired' else 'rotation' end as reason
       from object_stewardship s join vault_objects o on o.id = s.object_id
       where (s.expires_on is not null or s.rotation_days is not null) ${orgFilter}
     ) x where due_at <= now() order by due_at asc, object_id asc limit $1 offset $2`,
    args,
  );
  const rows = r.rows.slice(0, opts.limit).map((row) => ({
    ...fromRow(row),
    reason: row.reason,
    dueAt: new Date(row.due_at).toISOString(),
    lastChangedAt: row.changed_at ? new Date(row.changed_at).toISOString() : null,
  }));
  return { rows, hasMore: r.rows.length > opts.limit };
}
