import type { Permission } from '@/lib/auth/permissions';

export type NavItem = { href: string; label: string; key: string };

/** Console pages, the permission each needs, and its "g <key>" go-to shortcut. */
export const NAV: (NavItem & { permission: Permission })[] = [
  { href: '/orgs', label: 'Organizations', permission: 'vault.metadata:read', key: 'o' },
  { href: '/search', label: 'Search objects', permission: 'vault.metadata:read', key: 's' },
  { href: '/matrix', label: 'Tenant matrix', permission: 'vault.metadata:read', key: 'm' },
  { href: '/overdue', label: 'Overdue rotations', permission: 'vault.metadata:read', key: 'r' },
  { href: '/lint', label: 'Context lint', permission: 'vault.metadata:read', key: 'l' },
  { href: '/deleted', label: 'Recently deleted', permission: 'vault.metadata:read', key: 'd' },
  { href: '/byok', label: 'BYOK status', permission: 'vault.byok:read', key: 'b' },
  { href: '/audit', label: 'Audit trail', permission: 'console.audit:read', key: 'a' },
  { href: '/requests', label: 'Access requests', permission: 'vault.metadata:read', key: 'q' },
  { href: '/inbox', label: 'Inbox', permission: 'vault.metadata:read', key: 'i' },
  { href: '/key-tools', label: 'Key tools', permission: 'vault.keys:use', key: 'k' },
  { href: '/settings', label: 'Settings & health', permission: 'vault.metadata:read', key: 'h' },
];
