import { describe, expect, it } from 'vitest';
import {
  DEMO_STAFF_ORG_ID,
  SEED_ROLES,
  SEED_STAFF_ORGANIZATION_ID,
  VAULT_LIMITS as EMULATOR_LIMITS,
} from '../emulator';
import { LOCAL_STAFF_ORGANIZATION_ID } from '../config/runtime-env';
import { VAULT_LIMITS } from '../vault/limits';
import { PERMISSIONS, ROLES } from './permissions';

/**
 * The emulator's demo seed configures its WorkOS environment the way the console expects a real
 * one to be set up. The two sides keep their own copies on purpose (the emulator imports nothing
 * from the console); this contract fails when they drift.
 */
describe('the emulator seed matches the console', () => {
  it('defines the same roles with the same permissions', () => {
    const asData = (
      roles: readonly { slug: string; name: string; permissions: readonly string[] }[],
    ) => roles.map((r) => ({ slug: r.slug, name: r.name, permissions: [...r.permissions].sort() }));
    expect(asData(SEED_ROLES)).toEqual(asData(ROLES));
  });

  it('grants only permission slugs the console knows', () => {
    const known: readonly string[] = PERMISSIONS;
    for (const role of SEED_ROLES) for (const p of role.permissions) expect(known).toContain(p);
  });

  it('seeds the staff organization that local mode treats as staff', () => {
    expect(SEED_STAFF_ORGANIZATION_ID).toBe(LOCAL_STAFF_ORGANIZATION_ID);
    expect(DEMO_STAFF_ORG_ID).toBe(LOCAL_STAFF_ORGANIZATION_ID);
  });

  it('enforces the same Vault limits the console validates against', () => {
    expect(EMULATOR_LIMITS).toEqual(VAULT_LIMITS);
  });
});
