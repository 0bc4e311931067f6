import { signOut } from '@workos-inc/authkit-nextjs';
import { unstable_rethrow } from 'next/navigation';
import { NextResponse } from 'next/server';
import { getSession, revokeSession } from '@/lib/auth/session';

function appUrl(request: Request): string {
  return process.env.APP_URL || new URL(request.url).origin;
}

/** POST only: ends the WorkOS session (so its refresh token dies) and clears the cookie. */
export async function POST(request: Request) {
  const session = await getSession();
  if (session) await revokeSession(session.sessionId);
  try {
    await signOut({ returnTo: `${appUrl(request)}/signed-out` });
  } catch (err) {
    // signOut() redirects by throwing; anything else means there was no session to end.
    unstable_rethrow(err);
  }
  return NextResponse.redirect(new URL('/signed-out', appUrl(request)), 303);
}

export function GET() {
  return NextResponse.json(
    { error: 'Sign out with a POST (the Sign out button).' },
    { status: 405, headers: { Allow: 'POST' } },
  );
}
