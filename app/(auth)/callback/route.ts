import { handleAuth } from '@workos-inc/authkit-nextjs';
import { NextResponse } from 'next/server';

export const GET = handleAuth({
  returnPathname: '/orgs',
  onError: ({ error, request }) => {
    const code = (error as { code?: string } | undefined)?.code ?? 'sign_in_failed';
    console.error(`[auth] callback failed: ${code}`);
    return NextResponse.redirect(
      new URL(`/signed-out?error=${encodeURIComponent(code)}`, request.url),
      303,
    );
  },
});
