import { getSession } from '@/lib/auth/session';
import ConsoleLayout from './(console)/layout';
import ConsoleNotFound from './(console)/not-found';
import RootLayout from './layout';

export const metadata = { title: 'Page not found · Vault Console' };

/**
 * An unknown URL anywhere (not only under a console segment): the console's layout, its 404
 * panel and a way back, instead of Next's bare default page. The status stays 404. Signed out
 * (only public paths such as /favicon.ico get here) or without any console permission, the
 * panel alone: no redirect to sign-in, no 403. Rendered only for such a URL, never as part of
 * another page (see app/not-found.tsx).
 */
export default async function GlobalNotFound() {
  const session = await getSession();
  return (
    <RootLayout>
      {!session || session.permissions.length === 0 ? (
        <main className="p-6">
          <ConsoleNotFound />
        </main>
      ) : (
        <ConsoleLayout>
          <ConsoleNotFound />
        </ConsoleLayout>
      )}
    </RootLayout>
  );
}
