import 'server-only';
import type { Organization } from '@workos-inc/node';
import { notFound } from 'next/navigation';
import type { ReactElement } from 'react';
import { ErrorPanel } from '@/components/ui/error-panel';
import { getOrganization } from '@/lib/orgs';

/**
 * The organization an org sub-page is about. An unknown id is a 404; any other failure is an
 * error panel whose retry reloads `retryHref`, for the page to return as it is.
 */
export async function orgForPage(
  orgId: string,
  retryHref: string,
): Promise<{ org: Organization; panel?: never } | { org?: never; panel: ReactElement }> {
  const result = await getOrganization(orgId);
  if (result.ok) return { org: result.data };
  if (result.error.code === 'not_found') notFound();
  return {
    panel: <ErrorPanel error={result.error} what="this organization" retryHref={retryHref} />,
  };
}
