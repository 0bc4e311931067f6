/**
 * Who may do what in the demo seed: the roles the emulator lists and the permission slugs it puts
 * in access tokens, and the staff organization whose members use the console. This is seed data
 * (what a WorkOS environment is configured with), not emulator behaviour, so the emulator imports
 * nothing from the console for it; the console's lib/auth/seed-contract.test.ts keeps it in step
 * with lib/auth/permissions.ts and lib/config/runtime-env.ts.
 */
export type SeedRole = {
  slug: string;
  name: string;
  description: string;
  permissions: readonly string[];
};

const ALL_PERMISSIONS = [
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

export const SEED_ROLES: readonly SeedRole[] = [
  {
    slug: 'admin',
    name: 'Admin',
    description: 'Every console permission, including revealing values.',
    permissions: ALL_PERMISSIONS,
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

/** "Ledgerline Staff": members of this organization get a staff session in the console. */
export const SEED_STAFF_ORGANIZATION_ID = 'org_01KF0E44M02JJRD47ZJF2M3RFR';

/** The permissions an access token carries for a membership's role; none for an unknown role. */
export function seedPermissionsForRole(slug: string | undefined | null): string[] {
  return [...(SEED_ROLES.find((r) => r.slug === slug)?.permissions ?? [])];
}
