import { NextResponse, type NextRequest } from 'next/server';
import { getDb } from '@/lib/db/client';
import { badQuery, guardQuery, json } from '@/lib/http/json';
import { param } from '@/lib/http/search-params';
import { buildReport } from '@/lib/operations/report';
import { listRuns } from '@/lib/operations/store';
import { recordAudit } from '@/lib/audit/trail';

/**
 * An organization's batch operations as JSON; with `run`, that run's report as a download (ids,
 * names, versions, key ids, times, people: never a value). A download is audited.
 */
export async function GET(
  request: NextRequest,
  { params }: { params: Promise<{ orgId: string }> },
) {
  const q = await guardQuery(request, 'vault.metadata:read', { run: param.text(100) });
  if (!q.ok) return q.response;
  const run = q.data.run;
  if (run && !/^op_[a-z0-9]+_[a-f0-9]{8}$/.test(run))
    q.problems.push({ param: 'run', rule: 'must be a run id (op_…)' });
  if (q.problems.length) return badQuery(q.problems);
  const { orgId } = await params;
  const db = await getDb();
  if (!run) {
    const runs = await listRuns(db, orgId);
    return json({
      data: runs.map((r) => ({
        id: r.id,
        kind: r.kind,
        status: r.status,
        planned_by: r.created_by_email,
        planned_at: r.created_at,
        finished_at: r.finished_at,
      })),
    });
  }
  const report = await buildReport(db, run);
  if (!report || report.organization.id !== orgId)
    return json(
      { error: { code: 'not_found', message: 'No such operation in this organization.' } },
      404,
    );
  await recordAudit({
    user: q.session.user,
    action: 'export.downloaded',
    orgId,
    detail: { export: `operation_report:${report.report}`, operation_run: run },
  });
  return new NextResponse(JSON.stringify(report, null, 2), {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${report.report}-${run}.json"`,
      'cache-control': 'no-store',
    },
  });
}
