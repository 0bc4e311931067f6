export const ROLES = {
  admin: 'admin@example.com',
  support: 'support@example.com',
  member: 'member@example.com',
} as const;

export type Role = keyof typeof ROLES;

export const storageStatePath = (role: Role) => `e2e/.auth/${role}.json`;
