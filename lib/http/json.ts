import 'server-only';
import { NextResponse } from 'next/server';
import { getSession, type ConsoleSession } from '../auth/session';
import { can, type Permission } from '../auth/permissions';

/** JSON for route handlers: never cached, never stored. */
export function json(body: unknown, status = 200): NextResponse {
  return NextResponse.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** Route-handler guard: 401 without a session, 403 without the permission. */
export async function guardRoute(
  permission: Permission,
): Promise<{ ok: true; session: ConsoleSession } | { ok: false; response: NextResponse }> {
  const session = await getSession();
  if (!session)
    return {
      ok: false,
      response: json({ error: { code: 'unauthenticated', message: 'Sign in to continue.' } }, 401),
    };
  if (!can(session.permissions, permission))
    return {
      ok: false,
      response: json(
        { error: { code: 'forbidden', message: `This needs the ${permission} permission.` } },
        403,
      ),
    };
  return { ok: true, session };
}
