import { headers } from 'next/headers';
import { NotFoundPanel } from './not-found-panel';

/** The last path segment of the request, for naming what was not found (ids only, never values). */
async function lastSegment(): Promise<string | null> {
  const url = (await headers()).get('x-url');
  if (!url) return null;
  try {
    const seg = new URL(url).pathname.split('/').filter(Boolean).pop();
    return seg ? decodeURIComponent(seg).slice(0, 200) : null;
  } catch {
    return null;
  }
}

/** A not-found state with the id that was asked for and a way back. */
export async function NotFoundView({
  kind,
  backHref,
  backLabel,
}: {
  kind: 'organization' | 'object';
  backHref: string;
  backLabel: string;
}) {
  return (
    <NotFoundPanel kind={kind} id={await lastSegment()} backHref={backHref} backLabel={backLabel} />
  );
}
