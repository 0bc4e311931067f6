import { PageSkeleton } from '@/components/ui/skeleton';

export default function Loading() {
  return <PageSkeleton label="Loading the organization’s BYOK status…" tabs rows={6} />;
}
