import { notFound } from 'next/navigation';
import { PrintButton } from '@/components/operations/print-button';
import { buttonClass } from '@/components/ui/button';
import { Crumb, PageHeader } from '@/components/ui/page-header';
import { Table, Td } from '@/components/ui/table';
import { requirePermission } from '@/lib/auth/session';
import { KIND_TITLES } from '@/lib/operations/kinds';
import { operationReportView } from '@/lib/operations/views';
import { paths } from '@/lib/paths';

export const metadata = { title: 'Operation report' };

const TITLES = {
  erasure: 'Erasure report',
  byok_rewrap: 'Customer-key migration report',
  bulk_delete: 'Bulk delete report',
  import: 'Import report',
} as const;

/** The printable report of a batch: the same facts as the JSON download. No values. */
export default async function OperationReportPage({
  params,
}: {
  params: Promise<{ orgId: string; runId: string }>;
}) {
  await requirePermission('vault.metadata:read');
  const { orgId, runId } = await params;
  const view = await operationReportView(orgId, runId);
  if (!view) notFound();
  const { run, report } = view;
  const rewrap = report.report === 'byok_rewrap';
  return (
    <article className="print:text-black">
      <PageHeader
        eyebrow={<Crumb href={paths.orgOperation(orgId, runId)}>{KIND_TITLES[run.kind]}</Crumb>}
        title={TITLES[report.report]}
        description={`${report.organization.name} (${report.organization.id})`}
        actions={
          <span className="flex gap-2 print:hidden">
            <PrintButton />
            <a href={paths.operationReportJson(orgId, runId)} className={buttonClass('secondary')}>
              Download JSON
            </a>
          </span>
        }
      />
      <dl className="mb-6 grid grid-cols-1 gap-3 text-sm sm:grid-cols-3">
        {[
          ['Run', report.run_id],
          ['Planned by', `${report.planned_by} at ${report.planned_at}`],
          [
            'Approved by',
            report.approved_by
              ? `${report.approved_by.join(' and ')} (plan version ${report.plan_version}, request ${report.approval_request_id})`
              : 'No approval needed',
          ],
          ['Run by', report.run_by ? `${report.run_by} at ${report.started_at}` : 'Not started'],
          ['Status', report.status],
          ['Finished', report.finished_at ?? 'Not finished'],
          [
            'Totals',
            `${report.totals.done} done, ${report.totals.skipped} skipped, ${report.totals.failed} failed, ${report.totals.pending + report.totals.in_progress} not run, of ${report.totals.total}`,
          ],
        ].map(([k, v]) => (
          <div key={k}>
            <dt className="text-slate-600">{k}</dt>
            <dd className="font-medium break-all">{v}</dd>
          </div>
        ))}
      </dl>
      <p className="mb-4 text-sm text-slate-700">{report.note}</p>
      {report.left_behind ? (
        <section className="mb-6">
          <h2 className="mb-2 text-sm font-semibold">Still in Vault</h2>
          {report.left_behind.length ? (
            <>
              <p className="text-sm text-slate-700">
                Incomplete: listed again in Vault at {report.vault_checked_at ?? 'the end'}, this
                organization still holds {report.left_behind.length}{' '}
                {report.left_behind.length === 1 ? 'object' : 'objects'}:
              </p>
              <ul className="list-disc pl-5 text-sm">
                {report.left_behind.map((o) => (
                  <li key={o.object_id} className="break-all">
                    {o.name} <span className="font-mono text-xs">({o.object_id})</span>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="text-sm text-slate-700">
              {report.vault_checked_at
                ? `None: listed again in Vault at ${report.vault_checked_at}, this organization held no object.`
                : 'Not checked yet: the run has not finished.'}
            </p>
          )}
        </section>
      ) : null}
      {report.byok_key_deletions ? (
        <section className="mb-6">
          <h2 className="mb-2 text-sm font-semibold">Customer key deletion events</h2>
          {report.byok_key_deletions.length ? (
            <ul className="list-disc pl-5 text-sm">
              {report.byok_key_deletions.map((e) => (
                <li key={e.event_id}>
                  <span className="font-mono text-xs">{e.event_id}</span> (
                  {e.provider ?? 'provider not named'}) at {e.occurred_at}: ciphertext under this
                  key can no longer be decrypted.
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-700">
              None recorded: this organization’s customer key (if it had one) has not been deleted.
            </p>
          )}
        </section>
      ) : null}
      {report.recovery_copies ? (
        <section className="mb-6" aria-labelledby="recovery-copies">
          <h2 id="recovery-copies" className="mb-2 text-sm font-semibold">
            Recovery copies
          </h2>
          {report.recovery_copies.lines.length ? (
            <ul className="list-disc pl-5 text-sm" data-testid="recovery-copy-lines">
              {report.recovery_copies.lines.map((c) => (
                <li key={`${c.copy_id}-${c.outcome}`}>
                  {c.outcome}: copy <span className="font-mono text-xs">{c.copy_id}</span> of{' '}
                  <span className="break-all">{c.name}</span> ({c.kind}
                  {c.version_id ? `, version ${c.version_id}` : ''}) at {c.at}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-700">This run touched no recovery copy.</p>
          )}
          <p className="mt-2 text-sm text-slate-700" data-testid="recovery-copies-left">
            {report.recovery_copies.remaining === 0
              ? 'The organization has no recovery copy left in the console.'
              : `${report.recovery_copies.remaining} recovery copies of this organization are still in the console.`}
          </p>
        </section>
      ) : null}
      {report.key_ids_after ? (
        <section className="mb-6">
          <h2 className="mb-2 text-sm font-semibold">Key ids after the run</h2>
          <ul className="text-sm">
            {Object.entries(report.key_ids_after).map(([k, n]) => (
              <li key={k}>
                <span className="font-mono text-xs">{k}</span>: {n} objects
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Table
        caption="Objects in this report"
        columns={[
          'Object',
          'Status',
          'Version before',
          ...(rewrap ? ['Version after', 'Key id before', 'Key id after'] : []),
          'At (UTC)',
          'Why',
        ]}
      >
        {report.objects.map((o) => (
          <tr key={o.object_id}>
            <Td dense>
              <div className="break-all">{o.name}</div>
              <div className="font-mono text-xs text-slate-500">{o.object_id}</div>
            </Td>
            <Td dense>{o.status}</Td>
            <Td dense kind="mono">
              {o.version_id_before ?? '—'}
            </Td>
            {rewrap ? (
              <>
                <Td dense kind="mono">
                  {o.version_id_after ?? '—'}
                </Td>
                <Td dense kind="mono">
                  {o.key_id_before ?? '—'}
                </Td>
                <Td dense kind="mono">
                  {o.key_id_after ?? '—'}
                </Td>
              </>
            ) : null}
            <Td dense className="text-xs">
              {o.at ?? '—'}
            </Td>
            <Td dense className="text-xs">
              {o.reason ?? ''}
            </Td>
          </tr>
        ))}
      </Table>
    </article>
  );
}
