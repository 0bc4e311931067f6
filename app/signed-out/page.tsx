import { Link } from '@/components/ui/link';
import { param, parseSearchParams, type PageInput } from '@/lib/http/search-params';

export const metadata = { title: 'Signed out' };

const ERRORS: Record<string, string> = {
  missing_pkce_cookie:
    'The sign-in could not be verified (the browser did not send back the sign-in cookie). Start again from this page.',
  oauth_state_mismatch:
    'The sign-in response did not match the request. Start again from this page.',
  missing_auth_params: 'The sign-in was cancelled or did not return a code.',
};

export default async function SignedOut({ searchParams }: PageInput) {
  const { error } = parseSearchParams(await searchParams, { error: param.text(100) }).data;
  return (
    <main id="main" className="mx-auto mt-24 max-w-md px-6">
      <div className="rounded-lg bg-white p-8 text-center shadow-sm ring-1 ring-slate-200">
        <h1 className="text-xl font-semibold text-slate-900">
          {error ? 'Sign-in did not complete' : 'You are signed out'}
        </h1>
        <p className="mt-2 text-sm text-slate-600">
          {error
            ? (ERRORS[error] ?? 'Something went wrong while signing in. Try again.')
            : 'Your session has ended and its refresh token was revoked.'}
        </p>
        <Link
          href="/sign-in"
          className="keep-colors mt-6 inline-flex rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
        >
          Sign in
        </Link>
      </div>
    </main>
  );
}
