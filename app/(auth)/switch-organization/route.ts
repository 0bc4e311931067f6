import { switchToOrganization } from '@workos-inc/authkit-nextjs';
import { unstable_rethrow } from 'next/navigation';
import { NextResponse } from 'next/server';
import { getSession } from '@/lib/auth/session';
import { getEnv } from '@/lib/env';
import { crossOriginRefusal } from '@/lib/security/origin';

/** Re-scopes the session to the staff organization (WorkOS checks the membership). */
export async function POST(request: Request) {
  const refusal = crossOriginRefusal(request, process.env.APP_URL);
  if (refusal) return NextResponse.json({ error: refusal }, { status: 403 });
  const session = await getSession();
  const origin = process.env.APP_URL || new URL(request.url).origin;
  if (!session) return NextResponse.redirect(new URL('/sign-in', origin), 303);
  try {
    await switchToOrganization(getEnv().staffOrganizationId, { returnTo: '/orgs' });
  } catch (err) {
    unstable_rethrow(err);
    return NextResponse.redirect(new URL('/orgs?switch=failed', origin), 303);
  }
  return NextResponse.redirect(new URL('/orgs', origin), 303);
}
