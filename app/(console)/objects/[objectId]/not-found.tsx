import { NotFoundView } from '@/components/layout/not-found-view';

export default function ObjectNotFound() {
  return <NotFoundView kind="object" backHref="/orgs" backLabel="Back to organizations" />;
}
