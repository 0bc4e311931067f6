import { Link } from '@/components/ui/link';
import { buttonClass } from '@/components/ui/button';

/** The body of NotFoundView (not-found-view.tsx), which finds the id on the server. */
export function NotFoundPanel({
  kind,
  id,
  backHref,
  backLabel,
}: {
  kind: 'organization' | 'object';
  id: string | null;
  backHref: string;
  backLabel: string;
}) {
  return (
    <section
      aria-labelledby="not-found-title"
      className="mx-auto max-w-xl rounded-lg bg-white p-6 shadow-xs ring-1 ring-slate-200"
    >
      <p className="text-sm font-medium text-slate-600">404</p>
      <h1 id="not-found-title" className="mt-1 text-lg font-semibold text-slate-900">
        {kind === 'organization' ? 'Organization not found' : 'Object not found'}
      </h1>
      <p className="mt-2 text-sm break-words text-slate-600">
        {kind === 'organization' ? (
          <>
            No organization with id <code className="font-mono">{id ?? 'this id'}</code> exists in
            this WorkOS environment.
          </>
        ) : (
          <>
            This object no longer exists: it was deleted, or the id{' '}
            <code className="font-mono">{id ?? ''}</code> does not match any object in this
            environment.
          </>
        )}
      </p>
      <div className="mt-5 flex flex-wrap gap-2">
        <Link href={backHref} className={buttonClass('primary')}>
          {backLabel}
        </Link>
        <Link href="/search" className={buttonClass('secondary')}>
          Search objects
        </Link>
      </div>
    </section>
  );
}
