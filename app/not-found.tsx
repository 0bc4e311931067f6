import ConsoleLayout from './(console)/layout';
import ConsoleNotFound from './(console)/not-found';

export const metadata = { title: 'Page not found' };

/**
 * An unknown URL anywhere (not only under a console segment): the console's layout, its 404
 * panel and a way back, instead of Next's bare default page. The status stays 404.
 */
export default function NotFound() {
  return (
    <ConsoleLayout>
      <ConsoleNotFound />
    </ConsoleLayout>
  );
}
