import { PageSkeleton } from '@/components/ui/skeleton';

export default function Loading() {
  return <PageSkeleton label="Loading the organization…" tabs rows={8} />;
}
