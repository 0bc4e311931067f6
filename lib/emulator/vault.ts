import type { PGlite } from '@electric-sql/pglite';
import { createHash, randomBytes } from 'node:crypto';
import { VAULT_LIMITS } from './vault-limits';
import type { EmulatorPolicy } from './config';
import {
  CryptoError,
  dataKeyAad,
  decodeDataKeyBlob,
  decodeObjectRecord,
  encodeDataKeyBlob,
  encodeObjectRecord,
  objectAad,
  open,
  seal,
  unwrapLayered,
  wrapLayered,
  type WrappingKey,
} from './crypto';
import { Coalescer, valuesList } from './batch';
import { ObjectCache } from './object-cache';
import { actorFields, recordEvent, type Actor } from './events';
import { HttpError, isoMicros, isoWholeSeconds, vaultError } from './http';
import { objectId as newObjectId, prefixedUlid, uuidV5, versionId as newVersionId } from './ids';
import { CustomerKeyUnavailable, KeyService, ORG_CONTEXT_KEY, UnknownKey } from './keys';

type Q = Pick<PGlite, 'query'>;

type ObjectRow = {
  seq: number;
  id: string;
  name: string;
  context: Record<string, string>;
  current_version_id: string;
  key_id: string;
  updated_at: Date;
  updated_by: { id: string; name: string };
};

export type ListParams = {
  limit: number;
  order: 'asc' | 'desc';
  before?: string;
  after?: string;
  search?: string;
  updatedAfter?: Date;
};

const OBJECT_COLUMNS = 'seq, id, name, context, current_version_id, key_id, updated_at, updated_by';

type CurrentRow = ObjectRow & {
  record: Uint8Array | null;
  environment_id: string;
  deleted_at: Date | null;
};

/** One new object: its row, first version and vault.data.created event. */
type NewObject = {
  id: string;
  env: string;
  name: string;
  context: string;
  org: string | null;
  versionId: string;
  keyId: string;
  at: Date;
  updatedBy: string;
  record: Uint8Array;
  etag: string;
  size: number;
  eventId: string;
  eventData: string;
};

type NewEvent = {
  env: string;
  event: string;
  data: Record<string, unknown>;
  org: string | null;
  at: Date;
};

const NEW_OBJECT_TYPES = [
  'int',
  'text',
  'text',
  'text',
  'jsonb',
  'text',
  'text',
  'text',
  'timestamptz',
  'jsonb',
  'bytea',
  'text',
  'int',
  'text',
  'jsonb',
];

/** The key order a jsonb column gives back (shorter keys first, then bytewise), for cached rows. */
function jsonbKeyOrder(o: Record<string, string>): Record<string, string> {
  const keys = Object.keys(o).sort((a, b) => {
    const la = Buffer.byteLength(a);
    const lb = Buffer.byteLength(b);
    return la !== lb ? la - lb : Buffer.compare(Buffer.from(a), Buffer.from(b));
  });
  return Object.fromEntries(keys.map((k) => [k, o[k]!]));
}

function orgOf(context: Record<string, string>): string | null {
  return context[ORG_CONTEXT_KEY] ?? null;
}

export class VaultService {
  /** Vault API requests being handled now (vault-routes.ts counts them); sizes group commits. */
  inFlight = 0;
  /** Creates of the requests in flight, inserted by one statement (group commit, batch.ts). */
  readonly creates: Coalescer<NewObject, number | null>;
  /** Current row and record for the reads in flight, fetched by one select. */
  readonly currents: Coalescer<string, CurrentRow | undefined>;
  /** Events of the reads in flight (data, metadata, names, keys), inserted by one statement. */
  readonly events: Coalescer<NewEvent, string>;
  /**
   * Current row and record (ciphertext) of recently written or read objects, so a read or a
   * describe skips the database. Every write below updates it after its commit (object-cache.ts).
   */
  readonly cache = new ObjectCache<CurrentRow>();

  constructor(
    private readonly db: PGlite,
    private readonly keys: KeyService,
    private readonly policy: EmulatorPolicy,
  ) {
    const inFlight = () => this.inFlight;
    this.creates = new Coalescer((items) => this.insertObjects(items), inFlight);
    this.currents = new Coalescer((ids) => this.selectCurrents(ids), inFlight);
    this.events = new Coalescer((items) => this.insertEvents(items), inFlight);
  }

  private async insertObjects(items: NewObject[]): Promise<(number | null)[]> {
    const args = items.flatMap((o, i) => [
      i,
      o.id,
      o.env,
      o.name,
      o.context,
      o.org,
      o.versionId,
      o.keyId,
      o.at,
      o.updatedBy,
      o.record,
      o.etag,
      o.size,
      o.eventId,
      o.eventData,
    ]);
    // One statement, so one implicit transaction: for each item its object, first version and
    // event, or (its name is taken) nothing. Rows go in in arrival order.
    const r = await this.db.query<{ id: string; seq: number }>(
      `with input (ord, id, environment_id, name, context, org_id, version_id, key_id, at, updated_by, record, etag, size, event_id, event_data) as (
         values ${valuesList(items.length, NEW_OBJECT_TYPES)}),
       o as (
         insert into objects (id, environment_id, name, context, org_id, current_version_id, key_id, created_at, updated_at, updated_by)
         select id, environment_id, name, context, org_id, version_id, key_id, at, at, updated_by from input order by ord
         on conflict (environment_id, name) where deleted_at is null do nothing
         returning id, seq),
       v as (
         insert into object_versions (id, object_id, created_at, record, etag, size, key_id)
         select i.version_id, i.id, i.at, i.record, i.etag, i.size, i.key_id
         from input i join o on o.id = i.id order by i.ord),
       e as (
         insert into events (id, environment_id, event, organization_id, data, created_at)
         select i.event_id, i.environment_id, 'vault.data.created', i.org_id, i.event_data, i.at
         from input i join o on o.id = i.id order by i.ord)
       select id, seq from o`,
      args,
    );
    const inserted = new Map(r.rows.map((row) => [row.id, Number(row.seq)]));
    return items.map((o) => inserted.get(o.id) ?? null);
  }

  private async selectCurrents(ids: string[]): Promise<(CurrentRow | undefined)[]> {
    const unique = [...new Set(ids)];
    const ticket = this.cache.beginFill();
    try {
      const r = await this.db.query<CurrentRow>(
        `select o.seq, o.id, o.name, o.context, o.current_version_id, o.key_id, o.updated_at, o.updated_by, o.environment_id, o.deleted_at, v.record
         from objects o left join object_versions v on v.id = o.current_version_id
         where o.id in (${unique.map((_, i) => `$${i + 1}`).join(', ')})`,
        unique,
      );
      const byId = new Map(r.rows.map((row) => [row.id, row]));
      // Only live, readable rows are kept; a miss or a tombstone goes to the database again.
      for (const row of r.rows)
        if (!row.deleted_at && row.record) this.cache.fill(ticket, row.id, row);
      return ids.map((id) => byId.get(id));
    } finally {
      this.cache.endFill(ticket);
    }
  }

  /** The current row and record: from the cache, or from the database (group-committed select). */
  private async current(id: string): Promise<CurrentRow | undefined> {
    return this.cache.get(id) ?? (await this.currents.submit(id));
  }

  private async insertEvents(items: NewEvent[]): Promise<string[]> {
    const ids = items.map((e) => prefixedUlid('event', e.at.getTime()));
    await this.db.query(
      `insert into events (id, environment_id, event, organization_id, data, created_at)
       values ${valuesList(items.length, ['text', 'text', 'text', 'text', 'jsonb', 'timestamptz'])}`,
      items.flatMap((e, i) => [ids[i], e.env, e.event, e.org, JSON.stringify(e.data), e.at]),
    );
    return ids;
  }

  /** Records an event outside any transaction; settles once it is committed. */
  private event(
    env: string,
    event: string,
    data: Record<string, unknown>,
    org: string | null = null,
  ): Promise<string> {
    return this.events.submit({ env, event, data, org, at: new Date() });
  }

  private metadata(env: string, row: ObjectRow) {
    return {
      id: row.id,
      environment_id: env,
      key_id: row.key_id,
      context: row.context,
      updated_at: isoMicros(row.updated_at),
      updated_by: { id: row.updated_by.id, name: row.updated_by.name },
      version_id: row.current_version_id,
    };
  }

  private customerKeyError(err: CustomerKeyUnavailable): HttpError {
    return vaultError(this.policy.customerKeyErrorStatus as 403, err.message, {
      code: 'customer_key_unavailable',
      organization_id: err.key.organization_id,
      key_state: err.key.state,
    });
  }

  /** A live object of this environment, from the cache or the database; else a 404. */
  private async liveCurrent(env: string, id: string): Promise<CurrentRow> {
    const row = await this.current(id);
    if (!row || row.environment_id !== env || row.deleted_at)
      throw vaultError(404, `Not Found: no object with id "${id}"`);
    return row;
  }

  /**
   * By primary key only, then checked in code: PGlite has no planner statistics, and with the
   * environment in the WHERE clause it picks the (environment, name) index and scans every row.
   */

  private async liveObject(q: Q, env: string, id: string): Promise<ObjectRow> {
    const r = await q.query<ObjectRow & { environment_id: string; deleted_at: Date | null }>(
      `select ${OBJECT_COLUMNS}, environment_id, deleted_at from objects where id = $1`,
      [id],
    );
    const row = r.rows[0];
    if (!row || row.environment_id !== env || row.deleted_at)
      throw vaultError(404, `Not Found: no object with id "${id}"`);
    return row;
  }

  /** `opts` lets the seed pin ids and back-date writes; HTTP callers never pass it. */
  async create(
    env: string,
    actor: Actor,
    name: string,
    value: string,
    context: Record<string, string>,
    opts: { id?: string; at?: Date } = {},
  ) {
    try {
      const selection = await this.keys.keysForContext(this.db, env, context, actor);
      const id = opts.id ?? newObjectId();
      const at = opts.at ?? new Date();
      const updatedBy = { id: actor.id, name: actor.name };
      const v = sealVersion(selection.keys, env, id, value);
      const eventData = {
        ...actorFields(actor),
        kv_name: name,
        key_id: selection.keyId,
        key_context: context,
      };
      const seq = await this.creates.submit({
        id,
        env,
        name,
        context: JSON.stringify(context),
        org: orgOf(context),
        versionId: v.versionId,
        keyId: selection.keyId,
        at,
        updatedBy: JSON.stringify(updatedBy),
        record: v.record,
        etag: v.etag,
        size: v.record.length,
        eventId: prefixedUlid('event', at.getTime()),
        eventData: JSON.stringify(eventData),
      });
      if (seq === null)
        throw vaultError(
          409,
          `Item already exists: an object named "${name}" exists in this environment`,
        );
      const row: CurrentRow = {
        seq,
        id,
        name,
        context: jsonbKeyOrder(context),
        current_version_id: v.versionId,
        key_id: selection.keyId,
        updated_at: at,
        updated_by: updatedBy,
        environment_id: env,
        deleted_at: null,
        record: v.record,
      };
      this.cache.written(id, row);
      return this.metadata(env, row);
    } catch (err) {
      if (err instanceof CustomerKeyUnavailable) throw this.customerKeyError(err);
      throw err;
    }
  }

  private async decryptCurrent(
    q: Q,
    env: string,
    row: ObjectRow & { record?: Uint8Array | null },
  ): Promise<string> {
    let record = row.record ?? null;
    if (!record) {
      const v = await q.query<{ record: Uint8Array }>(
        'select record from object_versions where id = $1',
        [row.current_version_id],
      );
      record = v.rows[0]?.record ?? null;
    }
    if (!record) throw vaultError(404, `Not Found: object "${row.id}" has no readable version`);
    try {
      const rec = decodeObjectRecord(Buffer.from(record));
      const keys = await this.keys.keysByIds(q, env, rec.keyIds);
      const aad = objectAad(env, row.id, row.current_version_id);
      const dek = unwrapLayered(rec.wrappedDek, keys, aad);
      const plain = open(dek, rec.sealedValue, aad);
      dek.fill(0);
      return plain.toString('utf8');
    } catch (err) {
      if (err instanceof CustomerKeyUnavailable) throw this.customerKeyError(err);
      if (err instanceof CryptoError || err instanceof UnknownKey)
        throw vaultError(400, 'Stored object could not be decrypted');
      throw err;
    }
  }

  async read(env: string, actor: Actor, id: string) {
    return this.readRow(env, actor, await this.liveCurrent(env, id));
  }

  async readByName(env: string, actor: Actor, name: string) {
    const r = await this.db.query<ObjectRow>(
      `select ${OBJECT_COLUMNS} from objects where environment_id = $1 and name = $2 and deleted_at is null`,
      [env, name],
    );
    if (!r.rows[0]) throw vaultError(404, `Not Found: no object named "${name}"`);
    return this.readRow(env, actor, r.rows[0]);
  }

  private async readRow(
    env: string,
    actor: Actor,
    row: ObjectRow & { record?: Uint8Array | null },
  ) {
    const value = await this.decryptCurrent(this.db, env, row);
    await this.event(
      env,
      'vault.data.read',
      { ...actorFields(actor), kv_name: row.name, key_id: row.key_id },
      orgOf(row.context),
    );
    return { id: row.id, name: row.name, value, metadata: this.metadata(env, row) };
  }

  async describe(env: string, actor: Actor, id: string) {
    const row = await this.liveCurrent(env, id);
    await this.event(
      env,
      'vault.metadata.read',
      { ...actorFields(actor), kv_name: row.name },
      orgOf(row.context),
    );
    return { id: row.id, name: row.name, metadata: this.metadata(env, row) };
  }

  /**
   * Optimistic write: read the row, encrypt, then update only if the version is still the one we
   * read. A lost race with no version_check simply tries again; with one, it is a 409.
   */
  async update(
    env: string,
    actor: Actor,
    id: string,
    value: string,
    versionCheck: string | null,
    opts: { at?: Date } = {},
  ) {
    try {
      for (let attempt = 0; attempt < 20; attempt++) {
        let row = await this.liveCurrent(env, id);
        if (versionCheck !== null && versionCheck !== row.current_version_id) {
          // Refuse only on what the database says, never on a cached row alone.
          this.cache.written(id, null);
          row = await this.liveCurrent(env, id);
        }
        if (versionCheck !== null && versionCheck !== row.current_version_id) {
          throw vaultError(
            409,
            `Version mismatch: version_check "${versionCheck}" is not the current version of "${id}"`,
          );
        }
        const at = opts.at ?? new Date();
        const selection = await this.keys.keysForContext(this.db, env, row.context, actor);
        const v = sealVersion(selection.keys, env, id, value);
        const updatedBy = { id: actor.id, name: actor.name };
        const eventData = {
          ...actorFields(actor),
          kv_name: row.name,
          key_id: selection.keyId,
          key_context: row.context,
        };
        let r: { rows: { id: string }[] };
        try {
          r = await this.db.query<{ id: string }>(
            `with u as (
             update objects set current_version_id = $3, key_id = $4, updated_at = $5, updated_by = $6
             where id = $1 and deleted_at is null and current_version_id = $2
             returning id, environment_id, org_id),
           v as (
             insert into object_versions (id, object_id, created_at, record, etag, size, key_id)
             select $3, u.id, $5, $7, $8, $9, $4 from u)
           insert into events (id, environment_id, event, organization_id, data, created_at)
           select $10, u.environment_id, 'vault.data.updated', u.org_id, $11, $5 from u
           returning id`,
            [
              id,
              row.current_version_id,
              v.versionId,
              selection.keyId,
              at,
              JSON.stringify(updatedBy),
              v.record,
              v.etag,
              v.record.length,
              prefixedUlid('event', at.getTime()),
              JSON.stringify(eventData),
            ],
          );
        } catch (err) {
          this.cache.written(id, null); // whatever happened, the next reader asks the database
          throw err;
        }
        if (r.rows.length === 1) {
          const updated: CurrentRow = {
            ...row,
            current_version_id: v.versionId,
            key_id: selection.keyId,
            updated_at: at,
            updated_by: updatedBy,
            record: v.record,
          };
          this.cache.written(id, updated);
          return { id, name: row.name, metadata: this.metadata(env, updated) };
        }
        // Someone else wrote first (or the cached row was behind): read it from the database.
        this.cache.written(id, null);
      }
      throw vaultError(
        409,
        `Version mismatch: "${id}" kept changing while this update was being applied; try again`,
      );
    } catch (err) {
      if (err instanceof CustomerKeyUnavailable) throw this.customerKeyError(err);
      throw err;
    }
  }

  /** Hard delete of the content: every version's ciphertext goes; a tombstone keeps cursors valid. */
  async delete(env: string, actor: Actor, id: string, versionCheck: string | null) {
    try {
      return await this.deleteInTransaction(env, actor, id, versionCheck);
    } finally {
      // Committed, refused or failed: the next reader asks the database.
      this.cache.written(id, null);
    }
  }

  private deleteInTransaction(env: string, actor: Actor, id: string, versionCheck: string | null) {
    return this.db.transaction(async (tx) => {
      const row = await this.liveObject(tx, env, id);
      if (versionCheck !== null && versionCheck !== row.current_version_id) {
        throw vaultError(
          409,
          `Version mismatch: version_check "${versionCheck}" is not the current version of "${id}"`,
        );
      }
      await tx.query('delete from object_versions where object_id = $1', [id]);
      await tx.query('update objects set deleted_at = now() where id = $1', [id]);
      await recordEvent(
        tx,
        env,
        'vault.data.deleted',
        { ...actorFields(actor), kv_name: row.name },
        orgOf(row.context),
      );
      return { success: true, name: row.name };
    });
  }

  async versions(env: string, actor: Actor, id: string) {
    const row = await this.liveCurrent(env, id);
    const r = await this.db.query<{ id: string; created_at: Date; etag: string; size: number }>(
      'select id, created_at, etag, size from object_versions where object_id = $1 order by created_at desc, id desc',
      [id],
    );
    await this.event(
      env,
      'vault.metadata.read',
      { ...actorFields(actor), kv_name: row.name },
      orgOf(row.context),
    );
    // Newest first (the S3 convention). Only the current version is known to be current.
    const data = r.rows.map((v) => ({
      id: v.id,
      created_at: isoWholeSeconds(v.created_at),
      current_version: v.id === row.current_version_id,
      etag: v.etag.replace(/^"|"$/g, ''), // versions stored before the quotes were dropped
      size: v.size,
    }));
    return { data, list_metadata: { before: null, after: null } };
  }

  private async cursorPosition(
    env: string,
    cursor: string,
  ): Promise<{ seq: number; name: string }> {
    const byId = await this.db.query<{ seq: number; name: string; environment_id: string }>(
      'select seq, name, environment_id from objects where id = $1',
      [cursor],
    );
    if (byId.rows[0]?.environment_id === env) return byId.rows[0];
    const byName = await this.db.query<{ seq: number; name: string }>(
      'select seq, name from objects where environment_id = $1 and name = $2 and deleted_at is null',
      [env, cursor],
    );
    if (!byName.rows[0])
      throw vaultError(400, `Cursor "${cursor}" does not name an object in this environment`);
    return byName.rows[0];
  }

  async list(env: string, actor: Actor, p: ListParams) {
    const where: string[] = ['environment_id = $1', 'deleted_at is null'];
    const args: unknown[] = [env];
    const arg = (v: unknown) => {
      args.push(v);
      return `$${args.length}`;
    };
    if (p.search) {
      const escaped = p.search.replace(/[\\%_]/g, (m) => `\\${m}`);
      where.push(
        `name ilike ${arg(this.policy.listSearchMode === 'prefix' ? `${escaped}%` : `%${escaped}%`)}`,
      );
    }
    if (p.updatedAfter && this.policy.updatedAfterFilter === 'reject')
      throw vaultError(400, 'updated_after is not supported on this list');
    if (p.updatedAfter && this.policy.updatedAfterFilter === 'honour')
      where.push(`updated_at > ${arg(p.updatedAfter)}`);
    const byName = this.policy.listSortKey === 'name';
    const sortCol = byName ? 'name collate "C"' : 'seq';
    const sortVal = async (cursor: string) => {
      const pos = await this.cursorPosition(env, cursor);
      return byName ? pos.name : pos.seq;
    };
    // `before` walks backwards: fetch in the opposite direction, then flip.
    const backwards = p.before !== undefined && p.after === undefined;
    const forwardDesc = p.order === 'desc';
    if (p.after !== undefined)
      where.push(`${sortCol} ${forwardDesc ? '<' : '>'} ${arg(await sortVal(p.after))}`);
    if (p.before !== undefined)
      where.push(`${sortCol} ${forwardDesc ? '>' : '<'} ${arg(await sortVal(p.before))}`);
    const fetchDesc = backwards ? !forwardDesc : forwardDesc;
    const r = await this.db.query<ObjectRow>(
      `select ${OBJECT_COLUMNS} from objects where ${where.join(' and ')} order by ${sortCol} ${fetchDesc ? 'desc' : 'asc'} limit ${arg(p.limit + 1)}`,
      args,
    );
    const hasMoreInFetchDirection = r.rows.length > p.limit;
    let rows = r.rows.slice(0, p.limit);
    if (backwards) rows = rows.reverse();
    const first = rows[0];
    const last = rows[rows.length - 1];
    const moreAfter = backwards ? p.before !== undefined : hasMoreInFetchDirection;
    const moreBefore = backwards ? hasMoreInFetchDirection : p.after !== undefined;
    await this.event(env, 'vault.names.listed', actorFields(actor));
    const data = rows.map((row) => ({
      id: row.id,
      name: row.name,
      updated_at: isoMicros(row.updated_at),
    }));
    const nextCursor = moreAfter && last ? last.id : null;
    const prevCursor = moreBefore && first ? first.id : null;
    const list_metadata =
      this.policy.listCursorMode === 'spec'
        ? { before: prevCursor, after: nextCursor }
        : { before: nextCursor, after: null };
    return { data, list_metadata };
  }

  // ---------------------------------------------------------------------------------------------
  // Data keys

  async createDataKey(env: string, actor: Actor, context: Record<string, string>) {
    try {
      const dekId = uuidV5(`dek|${env}|${randomBytes(16).toString('hex')}`);
      const dek = randomBytes(32);
      const blob = await this.wrapDataKey(env, actor, dekId, dek, context);
      await this.event(
        env,
        'vault.dek.read',
        { ...actorFields(actor), key_ids: [dekId], key_context: context },
        orgOf(context),
      );
      return { id: dekId, data_key: dek.toString('base64'), encrypted_keys: blob, context };
    } catch (err) {
      if (err instanceof CustomerKeyUnavailable) throw this.customerKeyError(err);
      throw err;
    }
  }

  private async wrapDataKey(
    env: string,
    actor: Actor,
    dekId: string,
    dek: Buffer,
    context: Record<string, string>,
  ): Promise<string> {
    const selection = await this.keys.keysForContext(this.db, env, context, actor);
    const wrappedDek = wrapLayered(dek, selection.keys, dataKeyAad(env, dekId, context));
    return encodeDataKeyBlob({
      dekId,
      context,
      keyIds: selection.keys.map((k) => k.id),
      wrappedDek,
    }).toString('base64');
  }

  private async unwrapBlob(env: string, encoded: unknown, field: string) {
    if (typeof encoded !== 'string' || encoded === '')
      throw vaultError(400, `${field} is required and must be a base64 string`);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded))
      throw vaultError(400, `${field} is not valid base64`);
    try {
      const blob = decodeDataKeyBlob(Buffer.from(encoded, 'base64'));
      const keys = await this.keys.keysByIds(this.db, env, blob.keyIds);
      const dek = unwrapLayered(blob.wrappedDek, keys, dataKeyAad(env, blob.dekId, blob.context));
      return { blob, dek };
    } catch (err) {
      if (err instanceof CustomerKeyUnavailable) throw this.customerKeyError(err);
      if (err instanceof CryptoError || err instanceof UnknownKey) {
        throw vaultError(
          400,
          `${field} could not be decrypted: it is malformed, was tampered with, or belongs to another environment`,
        );
      }
      throw err;
    }
  }

  async decryptDataKey(env: string, actor: Actor, keys: unknown) {
    const { blob, dek } = await this.unwrapBlob(env, keys, 'keys');
    await this.event(
      env,
      'vault.dek.decrypted',
      { ...actorFields(actor), key_id: blob.dekId },
      orgOf(blob.context),
    );
    return { id: blob.dekId, data_key: dek.toString('base64') };
  }

  /** Re-wraps the same DEK (same id, same bytes) under a new context. */
  async rekey(env: string, actor: Actor, context: Record<string, string>, encryptedKeys: unknown) {
    const { blob, dek } = await this.unwrapBlob(env, encryptedKeys, 'encrypted_keys');
    try {
      const encoded = await this.wrapDataKey(env, actor, blob.dekId, dek, context);
      await this.event(
        env,
        'vault.dek.read',
        { ...actorFields(actor), key_ids: [blob.dekId], key_context: context },
        orgOf(context),
      );
      return { id: blob.dekId, data_key: dek.toString('base64'), encrypted_keys: encoded, context };
    } catch (err) {
      if (err instanceof CustomerKeyUnavailable) throw this.customerKeyError(err);
      throw err;
    }
  }
}

/** One stored version: the record (what etag and size describe) for a value under these keys. */
export function sealVersion(keys: WrappingKey[], env: string, objectId: string, value: string) {
  const versionId = newVersionId();
  const aad = objectAad(env, objectId, versionId);
  const dek = randomBytes(32);
  const record = encodeObjectRecord({
    keyIds: keys.map((k) => k.id),
    wrappedDek: wrapLayered(dek, keys, aad),
    sealedValue: seal(dek, Buffer.from(value, 'utf8'), aad),
  });
  dek.fill(0);
  // Bare hex, as in the SDK fixture object-version.json (no S3-style quotes inside the string).
  return { versionId, record, etag: createHash('md5').update(record).digest('hex') };
}

export function parseListParams(query: (name: string) => string | undefined): ListParams {
  const rawLimit = query('limit');
  let limit: number = VAULT_LIMITS.listDefaultLimit;
  if (rawLimit !== undefined && rawLimit !== '') {
    const n = Number(rawLimit);
    if (!Number.isInteger(n) || n < 1 || n > VAULT_LIMITS.listMaxLimit) {
      throw vaultError(
        400,
        `limit must be an integer from 1 to ${VAULT_LIMITS.listMaxLimit}, got "${rawLimit}"`,
      );
    }
    limit = n;
  }
  const order = query('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc')
    throw vaultError(400, `order must be "asc" or "desc", got "${order}"`);
  const rawUpdated = query('updated_after') ?? query('updatedAfter');
  let updatedAfter: Date | undefined;
  if (rawUpdated) {
    const ms = Date.parse(rawUpdated);
    if (Number.isNaN(ms))
      throw vaultError(
        400,
        `updated_after must be a date (ISO 8601 or a JavaScript Date string), got "${rawUpdated}"`,
      );
    updatedAfter = new Date(ms);
  }
  const nonEmpty = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  return {
    limit,
    order,
    before: nonEmpty(query('before')),
    after: nonEmpty(query('after')),
    search: nonEmpty(query('search')),
    updatedAfter,
  };
}
