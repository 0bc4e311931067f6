import { NotFoundView } from '@/components/layout/not-found-view';

export default function OrgNotFound() {
  return <NotFoundView kind="organization" backHref="/orgs" backLabel="Back to organizations" />;
}
