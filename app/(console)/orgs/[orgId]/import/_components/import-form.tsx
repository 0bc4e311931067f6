'use client';

import { useState } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { usePreviewApply } from '@/components/forms/use-preview-apply';
import { Button } from '@/components/ui/button';
import { Input, Textarea } from '@/components/ui/input';
import { RowStatus } from '@/components/operations/row-status';
import { Link } from '@/components/ui/link';
import { Table, Td } from '@/components/ui/table';
import { paths } from '@/lib/paths';
import { parseImport } from '@/lib/operations/import-parse';
import { applyImport, previewImport } from '../actions';

/**
 * Paste or choose a `.env`/JSON file; it is parsed here, in the browser. Values go to the server
 * only in the body of the preview and apply actions, and nothing sends them back. Under an import
 * approval policy, apply answers with the plan waiting for approval instead of outcomes.
 */
export function ImportForm({ orgId }: { orgId: string }) {
  const [text, setText] = useState('');
  const [prefix, setPrefix] = useState('');
  const batch = usePreviewApply(previewImport, applyImport);
  const { rows, results, applied, pending, error } = batch;
  const approval = applied?.approval ?? null;
  const parsed = parseImport(text);
  const entries = parsed.entries.map((e) => ({ name: `${prefix}${e.key}`, value: e.value }));
  const toApply = (rows ?? []).filter((r) => r.status === 'new' || r.status === 'changed');

  return (
    <div className="space-y-4 px-5 py-4 text-sm">
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor="import-file" className="block font-medium text-slate-800">
            File (.env or JSON)
          </label>
          <input
            id="import-file"
            type="file"
            accept=".env,.json,text/plain,application/json"
            className="mt-1 block text-sm"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (f) {
                setText(await f.text());
                batch.clear();
              }
            }}
          />
        </div>
        <div>
          <label htmlFor="import-prefix" className="block font-medium text-slate-800">
            Name prefix (optional)
          </label>
          <Input
            id="import-prefix"
            className="mt-1"
            placeholder="acme/prod/"
            value={prefix}
            onChange={(e) => {
              setPrefix(e.target.value);
              batch.clear();
            }}
          />
        </div>
      </div>
      <div>
        <label htmlFor="import-text" className="block font-medium text-slate-800">
          Or paste it here
        </label>
        <Textarea
          id="import-text"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            batch.clear();
          }}
          rows={8}
          spellCheck={false}
          autoComplete="off"
          mono
          className="mt-1"
        />
        <p className="mt-1 text-xs text-slate-600">
          {parsed.lines} {parsed.lines === 1 ? 'line' : 'lines'} read, {parsed.entries.length}{' '}
          {parsed.entries.length === 1 ? 'entry' : 'entries'} found. Values stay in this page until
          you apply; the console stores none of them, except encrypted while an import waits for
          approval.
        </p>
        {parsed.problems.length ? (
          <ul className="mt-1 list-disc pl-5 text-xs text-red-700">
            {parsed.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <Button
        disabled={pending || entries.length === 0}
        onClick={() => {
          batch.runPreview({ orgId, entries });
        }}
      >
        {pending && !rows ? 'Comparing…' : 'Preview'}
      </Button>
      {rows ? (
        <div className="space-y-3">
          <p>
            {['new', 'changed', 'unchanged', 'taken', 'unreadable']
              .map((s) => [s, rows.filter((r) => r.status === s).length] as const)
              .filter(([, n]) => n)
              .map(([s, n]) => `${n} ${s}`)
              .join(', ')}
          </p>
          <Table caption="Import preview" columns={['Name', 'Status', 'Result']}>
            {rows.map((r) => {
              const done = results?.find((x) => x.name === r.name);
              return (
                <tr key={r.name} data-name={r.name}>
                  <Td dense kind="mono">
                    {r.name}
                  </Td>
                  <Td dense>
                    <RowStatus status={r.status} note={r.note} />
                  </Td>
                  <Td dense>
                    {done ? <RowStatus status={done.status} note={done.note} outcome /> : null}
                  </Td>
                </tr>
              );
            })}
          </Table>
          {!results ? (
            <Button
              variant="primary"
              disabled={pending || toApply.length === 0}
              onClick={() => {
                const value = new Map(entries.map((e) => [e.name, e.value]));
                batch.runApply({
                  orgId,
                  rows: toApply.map((row) => ({
                    name: row.name,
                    value: value.get(row.name) ?? '',
                    ...(row.status === 'changed' && row.objectId && row.versionId
                      ? { objectId: row.objectId, versionCheck: row.versionId }
                      : {}),
                  })),
                });
              }}
            >
              {pending ? 'Applying…' : `Apply ${toApply.length} changes`}
            </Button>
          ) : approval ? (
            <div role="status" className="space-y-1" data-testid="import-approval">
              <p>
                Nothing was written yet: this organization’s approval policy needs a second person
                to approve imports. {approval.objects}{' '}
                {approval.objects === 1 ? 'name is' : 'names are'} planned, the values staged
                encrypted; approval request{' '}
                <Link
                  className="text-indigo-700 hover:underline"
                  href={paths.request(approval.requestId)}
                >
                  {approval.requestId}
                </Link>{' '}
                waits for an approver (vault.requests:approve, not you).
              </p>
              <p>
                Once approved, start it from{' '}
                <Link
                  className="text-indigo-700 hover:underline"
                  href={paths.orgOperation(orgId, approval.runId)}
                >
                  the plan’s page
                </Link>
                .{results.length ? ` ${results.length} rows could not be planned (see above).` : ''}
              </p>
            </div>
          ) : (
            <p role="status">
              Applied: {results.filter((r) => r.status === 'created').length} created,{' '}
              {results.filter((r) => r.status === 'updated').length} updated,{' '}
              {results.filter((r) => r.status === 'skipped').length} skipped,{' '}
              {results.filter((r) => r.status === 'failed').length} failed.
            </p>
          )}
        </div>
      ) : null}
      {error ? <ActionErrorAlert error={error} /> : null}
    </div>
  );
}
