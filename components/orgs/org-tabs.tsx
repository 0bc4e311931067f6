import { Link } from '@/components/ui/link';
import { Crumb, PageHeader } from '@/components/ui/page-header';
import { cn } from '@/lib/cn';
import { paths } from '@/lib/paths';

type Tab = 'objects' | 'byok' | 'activity' | 'operations' | 'deleted';

/** The heading of an organization's sub-pages: its name and id, then the section tabs. */
export function OrgHeader({ org, current }: { org: { id: string; name: string }; current: Tab }) {
  return (
    <>
      <PageHeader
        eyebrow={<Crumb href="/orgs">Organizations</Crumb>}
        title={org.name}
        description={<span className="font-mono text-xs">{org.id}</span>}
      />
      <OrgTabs orgId={org.id} current={current} />
    </>
  );
}

export function OrgTabs({ orgId, current }: { orgId: string; current: Tab }) {
  const tabs = [
    { key: 'objects', label: 'Objects', href: paths.org(orgId) },
    { key: 'byok', label: 'BYOK status', href: paths.orgByok(orgId) },
    { key: 'activity', label: 'Stale & lint', href: paths.orgActivity(orgId) },
    { key: 'operations', label: 'Operations', href: paths.orgOperations(orgId) },
    { key: 'deleted', label: 'Recently deleted', href: paths.orgDeleted(orgId) },
  ] as const;
  return (
    <nav
      aria-label="Organization sections"
      className="mb-4 flex gap-1 overflow-x-auto border-b border-slate-200"
    >
      {tabs.map((t) => (
        <Link
          key={t.key}
          href={t.href}
          aria-current={current === t.key ? 'page' : undefined}
          className={cn(
            'shrink-0 border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap',
            current === t.key
              ? 'border-indigo-600 text-indigo-700'
              : 'border-transparent text-slate-600 hover:text-slate-900',
          )}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
