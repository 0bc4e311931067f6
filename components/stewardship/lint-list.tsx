import { Link } from '@/components/ui/link';
import { Badge } from '@/components/ui/badge';
import { Table, NameCell, Td } from '@/components/ui/table';
import { paths } from '@/lib/paths';
import { LINT_TEXT, type LintFinding } from '@/lib/stewardship/lint';

/** Flagged objects with each rule's title and, on hover and below, what to do. */
export function LintList({
  findings,
  more,
  explain = true,
}: {
  findings: LintFinding[];
  more: boolean;
  /** Print each rule's "what to do" below the table (off where the page already says it). */
  explain?: boolean;
}) {
  return (
    <>
      <Table caption="Objects with key-context flags" columns={['Name', 'Flags', 'Key context']}>
        {findings.map((f) => (
          <tr key={`${f.id}-${f.rules.join()}`}>
            <NameCell href={paths.object(f.id)} name={f.name} />
            <Td>
              <div className="flex flex-wrap gap-1">
                {f.rules.map((r) => (
                  <Badge
                    key={r}
                    tone={r === 'no_org_pair' ? 'amber' : 'red'}
                    title={LINT_TEXT[r].fix}
                  >
                    {LINT_TEXT[r].title}
                    {r === 'prefix_mismatch' && f.prefixOrgId ? ` (${f.prefixOrgId})` : ''}
                  </Badge>
                ))}
              </div>
            </Td>
            <Td kind="mono" className="text-slate-700">
              {Object.entries(f.context)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ') || '(empty)'}
            </Td>
          </tr>
        ))}
      </Table>
      <div className="space-y-2 px-5 py-3 text-sm text-slate-700">
        {(explain ? [...new Set(findings.flatMap((f) => f.rules))] : []).map((r) => (
          <p key={r}>
            <strong>{LINT_TEXT[r].title}:</strong> {LINT_TEXT[r].fix}
          </p>
        ))}
        {more ? (
          <p>
            More flags than shown here:{' '}
            <Link href={paths.lint()} className="text-indigo-700 underline">
              see the lint summary
            </Link>
            .
          </p>
        ) : null}
      </div>
    </>
  );
}
