import type { ConsoleSession } from '../auth/session';

/**
 * A signed-in staff admin for library tests: `<id>@example.com`, session `s_<id>`, signed in
 * `authAgeSeconds` ago (just now by default), holding exactly `permissions`.
 */
export function staffPerson(
  id: string,
  permissions: readonly string[] = [],
  authAgeSeconds = 0,
): ConsoleSession {
  return {
    user: { id, email: `${id}@example.com`, name: id },
    sessionId: `s_${id}`,
    organizationId: 'org_staff',
    role: 'admin',
    permissions: [...permissions] as ConsoleSession['permissions'],
    isStaffSession: true,
    impersonator: null,
    authTime: Math.floor(Date.now() / 1000) - authAgeSeconds,
  };
}
