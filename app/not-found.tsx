import ConsoleNotFound from './(console)/not-found';

export const metadata = { title: 'Page not found' };

/**
 * notFound() outside the console's segments. Next renders this into the payload of every page
 * (the root layout's not-found slot), so it stays a static panel with no session lookup; an
 * unmatched URL gets app/global-not-found.tsx, with the console's layout.
 */
export default function NotFound() {
  return (
    <main className="p-6">
      <ConsoleNotFound />
    </main>
  );
}
