import { buttonClass } from '@/components/ui/button';

/** A POST form: sign-out changes state, so it is never a link. */
export function SignOutButton({ className }: { className?: string }) {
  return (
    <form action="/sign-out" method="post" className={className}>
      <button type="submit" className={buttonClass('secondary', 'sm')}>
        Sign out
      </button>
    </form>
  );
}
