import { Alert } from '@/components/ui/alert';

/** Said while the first index build runs; `children` tells what on this page is still partial. */
export function IndexBuildingNotice({ children }: { children: React.ReactNode }) {
  return (
    <Alert tone="info" className="mb-4" title="The context index is still being built">
      {children}
    </Alert>
  );
}

/** Said until BYOK events were read once: until then "no customer key" is a guess. */
export function ByokSyncNotice() {
  return (
    <Alert tone="info" className="mb-4" title="BYOK events are still being read">
      The console has not finished its first read of <code>vault.byok_key.*</code> events, so an
      organization shown without a customer key may still have one.
    </Alert>
  );
}
