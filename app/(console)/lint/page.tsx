import { Link } from '@/components/ui/link';
import { LintList } from '@/components/stewardship/lint-list';
import { Card, CardHeader } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { Pager } from '@/components/ui/pager';
import { cn } from '@/lib/cn';
import { requirePermission } from '@/lib/auth/session';
import { param, parseSearchParams, type PageInput } from '@/lib/http/search-params';
import { paths } from '@/lib/paths';
import { LINT_RULES, LINT_TEXT } from '@/lib/stewardship/lint';
import { lintView } from '@/lib/stewardship/views';

export const metadata = { title: 'Key-context lint' };

const PAGE = 50;

export default async function LintPage({ searchParams }: PageInput) {
  await requirePermission('vault.metadata:read');
  const { data } = parseSearchParams(await searchParams, {
    rule: param.oneOf(LINT_RULES),
    page: param.whole(9999, 'a page number'),
  });
  const rule = data.rule ?? 'misspelled_org_key';
  const pageNo = data.page ?? 1; // param.whole: 1 or more
  const { counts, page } = await lintView(rule, pageNo, PAGE);
  return (
    <>
      <PageHeader
        title="Key-context lint"
        description="Objects whose key context BYOK matching will never see, or whose name disagrees with their organization. A context is fixed for life: the fix is always to recreate the object."
      />
      <nav aria-label="Lint rules" className="mb-4 flex flex-wrap gap-2">
        {LINT_RULES.map((r) => (
          <Link
            key={r}
            href={paths.lint({ rule: r })}
            aria-current={r === rule ? 'page' : undefined}
            className={cn(
              'rounded-full px-3 py-1 text-sm font-medium ring-1 ring-inset',
              r === rule
                ? 'bg-indigo-600 text-white ring-indigo-600'
                : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50',
            )}
          >
            {LINT_TEXT[r].title} ({counts[r] >= 1000 ? '1,000+' : counts[r]})
          </Link>
        ))}
      </nav>
      <Card className="overflow-hidden">
        <CardHeader title={LINT_TEXT[rule].title} description={LINT_TEXT[rule].fix} />
        {page.rows.length === 0 ? (
          <p className="px-5 py-4 text-sm text-slate-600">No object breaks this rule.</p>
        ) : (
          <LintList findings={page.rows} more={false} explain={false} />
        )}
        <Pager
          page={pageNo}
          hasMore={page.hasMore}
          href={(n) => paths.lint({ rule, page: String(n) })}
        />
      </Card>
    </>
  );
}
