import { Link } from '@/components/ui/link';
import { SignOutButton } from '@/components/layout/sign-out-button';

/**
 * The 403 page for someone whose role lacks this page's permission (app/forbidden.tsx). A server
 * component: Next keeps the forbidden fallback in every page's payload, and as a client component
 * its code would be in every page's first-load JS instead (bundle-budget.spec).
 */
export function ForbiddenPanel({
  session,
}: {
  session: { email: string; role: string | null } | null;
}) {
  return (
    <main id="main" className="mx-auto mt-24 max-w-lg px-6">
      <div className="rounded-lg bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <p className="text-sm font-medium text-red-700">403 · Not allowed</p>
        <h1 className="mt-2 text-xl font-semibold text-slate-900">
          Your role can’t open this page
        </h1>
        <p className="mt-3 text-sm text-slate-700">
          {session ? (
            <>
              You are signed in as <strong>{session.email}</strong>
              {session.role ? (
                <>
                  {' '}
                  (<strong>{session.role}</strong>)
                </>
              ) : null}
              . This page needs a permission your role does not include.
            </>
          ) : (
            'This page needs a permission your session does not include.'
          )}
        </p>
        <div className="mt-6 flex gap-2">
          <Link
            href="/orgs"
            className="keep-colors rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-indigo-700"
          >
            Back to organizations
          </Link>
          {session ? <SignOutButton /> : null}
        </div>
      </div>
    </main>
  );
}
