import type { ConsoleSession } from '@/lib/auth/session';
import { SignOutButton } from './sign-out-button';

/** Shown to a signed-in person without console permissions: who they are, why, what to do. */
export function NoAccess({
  session,
  staffOrgName,
  canSwitch,
}: {
  session: ConsoleSession;
  staffOrgName: string;
  canSwitch: boolean;
}) {
  const wrongOrg = !session.isStaffSession;
  return (
    <main id="main" className="mx-auto mt-24 max-w-lg px-6">
      <div className="rounded-lg bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <p className="text-sm font-medium text-red-700">403 · No access</p>
        <h1 className="mt-2 text-xl font-semibold text-slate-900">
          You don’t have access to the Vault Console
        </h1>
        <p className="mt-3 text-sm text-slate-700">
          You are signed in as <strong>{session.user.email}</strong>
          {session.role ? (
            <>
              {' '}
              with the role <strong>{session.role}</strong>
            </>
          ) : null}
          .
        </p>
        {wrongOrg ? (
          <p className="mt-2 text-sm text-slate-700">
            This session belongs to another organization. The console only grants permissions to
            members of <strong>{staffOrgName}</strong>; a role held in a customer organization does
            not count.
          </p>
        ) : (
          <p className="mt-2 text-sm text-slate-700">
            Your role has no console permissions. Ask an administrator of{' '}
            <strong>{staffOrgName}</strong> for the <em>support</em> role (metadata only) or the{' '}
            <em>admin</em> role.
          </p>
        )}
        <div className="mt-6 flex flex-wrap gap-2">
          {wrongOrg && canSwitch ? (
            <form action="/switch-organization" method="post">
              <button
                type="submit"
                className="keep-colors rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-medium text-white hover:bg-indigo-700"
              >
                Switch to {staffOrgName}
              </button>
            </form>
          ) : null}
          <SignOutButton />
        </div>
      </div>
    </main>
  );
}
