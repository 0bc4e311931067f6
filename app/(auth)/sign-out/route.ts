import { signOut } from '@workos-inc/authkit-nextjs';
import { unstable_rethrow } from 'next/navigation';
import { NextResponse } from 'next/server';
import { getSession, revokeSession } from '@/lib/auth/session';
import { crossOriginRefusal } from '@/lib/security/origin';

function appUrl(request: Request): string {
  return process.env.APP_URL || new URL(request.url).origin;
}

/**
 * POST only: revokes the session at WorkOS server-side (its refresh token dies whether or not the
 * browser follows the logout redirect), remembers it locally, and clears the cookie.
 */
export async function POST(request: Request) {
  const refusal = crossOriginRefusal(request, process.env.APP_URL);
  if (refusal) return NextResponse.json({ error: refusal }, { status: 403 });
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
