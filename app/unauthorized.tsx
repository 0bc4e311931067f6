import { Link } from '@/components/ui/link';
import { buttonClass } from '@/components/ui/button';

// The console never calls unauthorized() (a missing session redirects to sign-in), but with
// authInterrupts on, Next puts a 401 fallback into every page's payload: Next's own is ~1 KB of
// inline styles, twice. This one is a small static panel.
export default function Unauthorized() {
  return (
    <main id="main" className="mx-auto mt-24 max-w-lg px-6">
      <h1 className="text-xl font-semibold text-slate-900">Sign in to continue</h1>
      <p className="mt-3 text-sm text-slate-700">This page needs a signed-in session.</p>
      <Link href="/sign-in" className={`${buttonClass('primary')} mt-6`}>
        Sign in
      </Link>
    </main>
  );
}
