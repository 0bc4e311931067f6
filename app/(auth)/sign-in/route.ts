import { getSignInUrl } from '@workos-inc/authkit-nextjs';
import { redirect } from 'next/navigation';
import type { NextRequest } from 'next/server';
import { consoleRedirectUri, safeReturnPath } from '@/lib/auth/redirects';

/** Starts AuthKit sign-in. `returnTo` brings the person back; `reauth=1` asks for a fresh sign-in. */
export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  const returnTo = safeReturnPath(params.get('returnTo'));
  const loginHint = params.get('login_hint') ?? undefined;
  const reauth = params.get('reauth') === '1';
  const url = await getSignInUrl({
    returnTo,
    redirectUri: consoleRedirectUri(),
    // A re-authentication never pre-fills the account: the person signs in again themselves.
    ...(loginHint && !reauth ? { loginHint } : {}),
    // ...and asks AuthKit for an active authentication (OIDC max_age=0), so a live AuthKit session
    // cannot finish it silently with the old auth_time (workos.com/docs/authkit/reauthentication).
    ...(reauth ? { maxAge: 0 } : {}),
  });
  redirect(url);
}
