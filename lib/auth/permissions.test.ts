import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, permissionsForRole } from './permissions';

describe('roles and permissions', () => {
  it.each([
    ['admin', PERMISSIONS],
    ['support', ['vault.metadata:read', 'vault.byok:read', 'console.audit:read']],
    ['member', []],
    ['owner', []],
    [undefined, []],
  ] as const)('role %s grants exactly its permissions', (role, expected) => {
    expect(permissionsForRole(role)).toEqual([...expected]);
    for (const p of PERMISSIONS)
      expect(can(permissionsForRole(role), p)).toBe((expected as readonly string[]).includes(p));
  });

  it('fails closed on missing or malformed permission lists', () => {
    expect(can(undefined, 'vault.metadata:read')).toBe(false);
    expect(can(null, 'vault.metadata:read')).toBe(false);
    expect(can([], 'vault.metadata:read')).toBe(false);
    expect(can(['vault.metadata:read '], 'vault.metadata:read')).toBe(false);
    expect(can('vault.metadata:read' as unknown as string[], 'vault.metadata:read')).toBe(false);
  });
});
