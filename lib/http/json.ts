import 'server-only';
import { NextResponse } from 'next/server';
import { getSession, type ConsoleSession } from '../auth/session';
import { can, type Permission } from '../auth/permissions';
import { parseSearchParams, type ParamProblem, type Parsed, type Shape } from './search-params';

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

/** 400 for a query string that broke its rules: the message and `problems` name each one. */
export function badQuery(problems: readonly ParamProblem[]): NextResponse {
  const rules = problems.map((p) => `${p.param} ${p.rule}`).join('; ');
  return json(
    { error: { code: 'invalid_input', message: `Bad query string: ${rules}.` }, problems },
    400,
  );
}

/**
 * A GET route handler's opening: the session and permission (401/403), then its query string
 * read against `shape`. The handler adds its own checks to `problems` and answers `badQuery`.
 */
export async function guardQuery<S extends Shape>(
  request: { nextUrl: { searchParams: URLSearchParams } },
  permission: Permission,
  shape: S,
): Promise<
  | { ok: true; session: ConsoleSession; data: Parsed<S>; problems: ParamProblem[] }
  | { ok: false; response: NextResponse }
> {
  const guard = await guardRoute(permission);
  if (!guard.ok) return guard;
  return { ...guard, ...parseSearchParams(request.nextUrl.searchParams, shape) };
}
