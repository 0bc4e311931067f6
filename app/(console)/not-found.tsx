// A server component: Next serialises each layout's not-found into every page below it, and as
// a client component its code would be in every page's first-load JS (bundle-budget.spec).
import { Link } from '@/components/ui/link';
import { buttonClass } from '@/components/ui/button';

export default function ConsoleNotFound() {
  return (
    <section className="mx-auto max-w-xl rounded-lg bg-white p-6 shadow-xs ring-1 ring-slate-200">
      <p className="text-sm font-medium text-slate-600">404</p>
      <h1 className="mt-1 text-lg font-semibold text-slate-900">Page not found</h1>
      <p className="mt-2 text-sm text-slate-600">There is no console page at this address.</p>
      <Link href="/orgs" className={`${buttonClass('primary')} mt-5`}>
        Back to organizations
      </Link>
    </section>
  );
}
