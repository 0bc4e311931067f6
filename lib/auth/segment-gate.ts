import 'server-only';
import { headers } from 'next/headers';
import type { Permission } from './permissions';
import { requirePermission, type ConsoleSession } from './session';

/**
 * For layouts above a route-level loading.tsx. A page under a loading boundary streams its
 * shell (status 200) before it runs, so a forbidden() thrown by the page itself could no longer
 * set a 403. The layout renders before that boundary, so it checks first; the page still checks
 * again by itself. `byChild` adds the permission a child segment needs (e.g. `new`).
 */
export async function gateSegment(
  permission: Permission,
  byChild: { after: string; child: Record<string, Permission> } | null = null,
): Promise<ConsoleSession> {
  const session = await requirePermission(permission);
  if (byChild) {
    const url = (await headers()).get('x-url');
    const parts = url ? new URL(url).pathname.split('/').filter(Boolean) : [];
    const i = parts.indexOf(byChild.after);
    const child = i >= 0 ? parts[i + 2] : undefined;
    const needed = child ? byChild.child[child] : undefined;
    if (needed) await requirePermission(needed);
  }
  return session;
}
