import { Link } from '@/components/ui/link';
import { paths } from '@/lib/paths';

/** The object a request is about, by the name it had when asked (or its id), linking to its page. */
export function RequestObjectLink({ id, name }: { id: string; name: string | null }) {
  return (
    <Link className="font-mono text-indigo-700 hover:underline" href={paths.object(id)}>
      {name ?? id}
    </Link>
  );
}
