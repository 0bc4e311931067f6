import type { ConsoleSession } from '@/lib/auth/session';
import { can } from '@/lib/auth/permissions';
import { EarlyShortcutsScript } from './early-shortcuts-script';
import { NAV } from './nav-items';
import { ShellFrame } from './shell-frame';

/**
 * The console's frame for one session: decides on the server what this person sees (only pages
 * they may open: the sidebar, the drawer, the palette and the shortcuts), and hands the client
 * frame plain props. Nothing else of the session (ids, tokens) reaches the page.
 */
export function AppShell({
  session,
  children,
  local,
}: {
  session: ConsoleSession;
  children: React.ReactNode;
  local: boolean;
}) {
  const roleLabel = session.role
    ? session.role.charAt(0).toUpperCase() + session.role.slice(1)
    : 'No role';
  const nav = NAV.filter((n) => can(session.permissions, n.permission)).map(
    ({ href, label, key }) => ({ href, label, key }),
  );
  return (
    <ShellFrame
      nav={nav}
      local={local}
      userName={session.user.name}
      userEmail={session.user.email}
      roleLabel={roleLabel}
      canSearch={can(session.permissions, 'vault.metadata:read')}
      earlyShortcuts={<EarlyShortcutsScript />}
    >
      {children}
    </ShellFrame>
  );
}
