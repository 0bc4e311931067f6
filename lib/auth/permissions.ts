/**
 * Console permission slugs and the roles that grant them; the console checks them server-side.
 * The emulator's demo seed (lib/emulator/seed-roles.ts) configures the same roles in its WorkOS
 * environment; lib/auth/seed-contract.test.ts keeps the two in step.
 */
export const PERMISSIONS = [
  'vault.metadata:read',
  'vault.values:reveal',
  'vault.objects:write',
  'vault.objects:delete',
  'vault.byok:read',
  'vault.byok:manage',
  'vault.keys:use',
  'console.audit:read',
  'console.policy:manage',
  'vault.requests:approve',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export type RoleDefinition = {
  slug: string;
  name: string;
  description: string;
  permissions: readonly Permission[];
};

export const ROLES: readonly RoleDefinition[] = [
  {
    slug: 'admin',
    name: 'Admin',
    description: 'Every console permission, including revealing values.',
    permissions: PERMISSIONS,
  },
  {
    slug: 'support',
    name: 'Support',
    description: 'Reads metadata, versions, BYOK status and the audit trail; never sees a value.',
    permissions: ['vault.metadata:read', 'vault.byok:read', 'console.audit:read'],
  },
  {
    slug: 'member',
    name: 'Member',
    description: 'Signed-in member of the organization with no console access.',
    permissions: [],
  },
];

export function permissionsForRole(slug: string | undefined | null): Permission[] {
  return [...(ROLES.find((r) => r.slug === slug)?.permissions ?? [])];
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

/** Fails closed: unknown strings in the token are ignored, a missing list grants nothing. */
export function can(
  permissions: readonly string[] | undefined | null,
  needed: Permission,
): boolean {
  return Array.isArray(permissions) && permissions.includes(needed);
}
