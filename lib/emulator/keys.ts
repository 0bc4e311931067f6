import type { PGlite } from '@electric-sql/pglite';
import { randomBytes } from 'node:crypto';
import { canonicalContext, open, seal, type WrappingKey } from './crypto';
import { actorFields, recordEvent, type Actor } from './events';
import { uuidV5 } from './ids';

type Q = Pick<PGlite, 'query'>;

export type CustomerKeyState = 'verified' | 'failed' | 'deleted';
export type CustomerKeyRow = {
  id: string;
  organization_id: string;
  provider: string;
  external_key_id: string;
  state: CustomerKeyState;
  verified_at: Date | null;
  updated_at: Date;
};

/** Raised when a customer-managed key (BYOK) is needed but is failed or deleted. */
export class CustomerKeyUnavailable extends Error {
  constructor(readonly key: CustomerKeyRow) {
    super(
      `The customer-managed key (${key.provider}) for organization ${key.organization_id} is ${key.state === 'deleted' ? 'deleted' : 'failing verification'}; ` +
        'data encrypted under it cannot be used until the customer restores the key.',
    );
  }
}

export class UnknownKey extends Error {}

export const ORG_CONTEXT_KEY = 'organization_id';

export type KeySelection = { keys: WrappingKey[]; keyId: string; customerKeyId: string | null };

/**
 * KEKs (one per key-context pair, created just in time) and customer keys, all stored wrapped
 * by the root key. Unwrapped key material is cached in memory only.
 */
export class KeyService {
  private cache = new Map<string, Buffer>();
  /** KEK id → environment, for KEKs known to exist (they are never deleted except by reset). */
  private kekEnv = new Map<string, string>();
  /** Customer key per environment|organization (null: none). Every change goes through this class. */
  private customerKeys = new Map<string, CustomerKeyRow | null>();

  constructor(private readonly rootKey: Buffer) {}

  clearCache(): void {
    this.cache.clear();
    this.kekEnv.clear();
    this.customerKeys.clear();
  }

  private unwrapMaterial(kind: 'kek' | 'cmk', id: string, wrapped: Uint8Array): Buffer {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const key = open(this.rootKey, wrapped, `${kind}|${id}`);
    this.cache.set(id, key);
    return key;
  }

  /** The KEK for one pair, created (and announced with vault.kek.created) on first use. */
  async kekFor(
    q: Q,
    environmentId: string,
    pairKey: string,
    pairValue: string,
    actor: Actor,
  ): Promise<WrappingKey> {
    const id = uuidV5(`kek|${environmentId}|${pairKey}|${pairValue}`);
    const cached = this.kekEnv.get(id) === environmentId ? this.cache.get(id) : undefined;
    if (cached) return { id, key: cached };
    const found = await q.query<{ wrapped: Uint8Array }>('select wrapped from keks where id = $1', [
      id,
    ]);
    if (found.rows[0]) {
      this.kekEnv.set(id, environmentId);
      return { id, key: this.unwrapMaterial('kek', id, found.rows[0].wrapped) };
    }
    const material = randomBytes(32);
    const wrapped = seal(this.rootKey, material, `kek|${id}`);
    const inserted = await q.query(
      'insert into keks (id, environment_id, pair_key, pair_value, wrapped) values ($1, $2, $3, $4, $5) on conflict do nothing',
      [id, environmentId, pairKey, pairValue, wrapped],
    );
    if (inserted.affectedRows === 0)
      return this.kekFor(q, environmentId, pairKey, pairValue, actor);
    // If the surrounding transaction rolls back, no row exists and kekEnv stays unset, so the
    // next use creates a fresh KEK and overwrites this cache entry; nothing was wrapped by it.
    this.cache.set(id, material);
    await recordEvent(
      q,
      environmentId,
      'vault.kek.created',
      { ...actorFields(actor), key_name: `${pairKey}:${pairValue}`, key_id: id },
      pairKey === ORG_CONTEXT_KEY ? pairValue : null,
    );
    return { id, key: material };
  }

  async customerKey(
    q: Q,
    environmentId: string,
    organizationId: string,
  ): Promise<CustomerKeyRow | null> {
    const cacheKey = `${environmentId}|${organizationId}`;
    if (this.customerKeys.has(cacheKey)) return this.customerKeys.get(cacheKey)!;
    const r = await q.query<CustomerKeyRow>(
      'select id, organization_id, provider, external_key_id, state, verified_at, updated_at from customer_keys where environment_id = $1 and organization_id = $2',
      [environmentId, organizationId],
    );
    const row = r.rows[0] ?? null;
    // Only cache outside transactions: a row read inside one may still be rolled back.
    if (!('rollback' in q)) this.customerKeys.set(cacheKey, row);
    return row;
  }

  /**
   * Keys that wrap a new DEK for this context, in wrap order (pairs sorted by key). A pair
   * naming an organization with a customer key uses that key instead of a WorkOS KEK.
   */
  async keysForContext(
    q: Q,
    environmentId: string,
    context: Record<string, string>,
    actor: Actor,
  ): Promise<KeySelection> {
    const keys: WrappingKey[] = [];
    let customerKeyId: string | null = null;
    for (const pairKey of Object.keys(context).sort()) {
      const pairValue = context[pairKey]!;
      if (pairKey === ORG_CONTEXT_KEY) {
        const cmk = await this.customerKey(q, environmentId, pairValue);
        if (cmk) {
          if (cmk.state !== 'verified') throw new CustomerKeyUnavailable(cmk);
          keys.push(await this.customerKeyMaterial(q, cmk.id));
          customerKeyId = cmk.id;
          continue;
        }
      }
      keys.push(await this.kekFor(q, environmentId, pairKey, pairValue, actor));
    }
    const keyId = customerKeyId ?? uuidV5(`keyset|${environmentId}|${canonicalContext(context)}`);
    return { keys, keyId, customerKeyId };
  }

  private async customerKeyMaterial(q: Q, id: string): Promise<WrappingKey> {
    const r = await q.query<{ wrapped: Uint8Array }>(
      'select wrapped from customer_keys where id = $1',
      [id],
    );
    if (!r.rows[0]) throw new UnknownKey(id);
    return { id, key: this.unwrapMaterial('cmk', id, r.rows[0].wrapped) };
  }

  /** Keys named in a stored record or blob, checked for this environment and for BYOK state. */
  async keysByIds(q: Q, environmentId: string, ids: string[]): Promise<WrappingKey[]> {
    const out: WrappingKey[] = [];
    for (const id of ids) {
      const cachedKek = this.kekEnv.get(id) === environmentId ? this.cache.get(id) : undefined;
      if (cachedKek) {
        out.push({ id, key: cachedKek });
        continue;
      }
      const kek = await q.query<{ wrapped: Uint8Array }>(
        'select wrapped from keks where id = $1 and environment_id = $2',
        [id, environmentId],
      );
      if (kek.rows[0]) {
        this.kekEnv.set(id, environmentId);
        out.push({ id, key: this.unwrapMaterial('kek', id, kek.rows[0].wrapped) });
        continue;
      }
      const cmk = await q.query<CustomerKeyRow & { wrapped: Uint8Array }>(
        'select id, organization_id, provider, external_key_id, state, verified_at, updated_at, wrapped from customer_keys where id = $1 and environment_id = $2',
        [id, environmentId],
      );
      const row = cmk.rows[0];
      if (!row) throw new UnknownKey(id);
      if (row.state !== 'verified') throw new CustomerKeyUnavailable(row);
      out.push({ id, key: this.unwrapMaterial('cmk', id, row.wrapped) });
    }
    return out;
  }

  /** Creates or re-points an organization's customer key (what the Admin Portal BYOK flow does). */
  async configureCustomerKey(
    q: Q,
    environmentId: string,
    organizationId: string,
    provider: string,
    externalKeyId: string,
    verified: boolean,
    at: Date = new Date(),
  ): Promise<CustomerKeyRow> {
    this.customerKeys.delete(`${environmentId}|${organizationId}`);
    const existing = await this.customerKey(q, environmentId, organizationId);
    const state: CustomerKeyState = verified ? 'verified' : 'failed';
    if (existing) {
      await q.query(
        `update customer_keys set provider = $2, external_key_id = $3, state = $4, updated_at = $5,
           verified_at = case when $4 = 'verified' then $5 else verified_at end where id = $1`,
        [existing.id, provider, externalKeyId, state, at],
      );
    } else {
      const id = uuidV5(`cmk|${environmentId}|${organizationId}|${at.getTime()}|${externalKeyId}`);
      const wrapped = seal(this.rootKey, randomBytes(32), `cmk|${id}`);
      await q.query(
        `insert into customer_keys (id, environment_id, organization_id, provider, external_key_id, state, wrapped, created_at, updated_at, verified_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)`,
        [
          id,
          environmentId,
          organizationId,
          provider,
          externalKeyId,
          state,
          wrapped,
          at,
          verified ? at : null,
        ],
      );
    }
    // Drop the cache again after the write: a reader that raced the start of this call may have
    // cached the old row. Readers after this point wait for the transaction to commit.
    this.customerKeys.delete(`${environmentId}|${organizationId}`);
    return (await this.customerKey(q, environmentId, organizationId))!;
  }

  async setCustomerKeyState(
    q: Q,
    environmentId: string,
    organizationId: string,
    state: CustomerKeyState,
    at: Date = new Date(),
  ): Promise<CustomerKeyRow | null> {
    this.customerKeys.delete(`${environmentId}|${organizationId}`);
    const r = await q.query(
      `update customer_keys set state = $3, updated_at = $4, verified_at = case when $3 = 'verified' then $4 else verified_at end
       where environment_id = $1 and organization_id = $2`,
      [environmentId, organizationId, state, at],
    );
    this.customerKeys.delete(`${environmentId}|${organizationId}`);
    if (r.affectedRows === 0) return null;
    return this.customerKey(q, environmentId, organizationId);
  }
}
