import { Link } from '@/components/ui/link';

/**
 * Previous / Next links for a numbered list page; renders nothing when there is one page.
 * `href(n)` builds page n's URL (from `paths`).
 */
export function Pager({
  page,
  hasMore,
  href,
}: {
  page: number;
  hasMore: boolean;
  href: (page: number) => string;
}) {
  if (page <= 1 && !hasMore) return null;
  return (
    <div className="flex gap-4 px-5 py-3 text-sm">
      {page > 1 ? (
        <Link href={href(page - 1)} className="text-indigo-700 underline">
          Previous
        </Link>
      ) : null}
      {hasMore ? (
        <Link href={href(page + 1)} className="text-indigo-700 underline">
          Next
        </Link>
      ) : null}
    </div>
  );
}
