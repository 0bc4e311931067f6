import { getSession } from '@/lib/auth/session';
import ConsoleLayout from './(console)/layout';
import ConsoleNotFound from './(console)/not-found';

export const metadata = { title: 'Page not found' };

/**
 * An unknown URL anywhere (not only under a console segment): the console's layout, its 404
 * panel and a way back, instead of Next's bare default page. The status stays 404. Signed out
 * (only public paths such as /favicon.ico get here) or without any console permission, the
 * panel alone: no redirect to sign-in, no 403.
 */
export default async function NotFound() {
  const session = await getSession();
  // Without a console permission the console layout would answer 403; the panel alone is a 404.
  if (!session || session.permissions.length === 0)
    return (
      <main className="p-6">
        <ConsoleNotFound />
      </main>
    );
  return (
    <ConsoleLayout>
      <ConsoleNotFound />
    </ConsoleLayout>
  );
}
