'use client';

import { useState, useTransition } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { Table } from '@/components/ui/table';
import { callAction } from '@/lib/actions/call';
import type { ActionError, ActionResult } from '@/lib/actions/result';

type Target = { orgId: string; orgName: string | null; name: string };
type PreviewRow = {
  orgId: string;
  name: string;
  status: 'new' | 'exists' | 'taken';
  objectId: string | null;
  note: string | null;
};
type ApplyRow = {
  orgId: string;
  name: string;
  status: 'created' | 'updated' | 'skipped' | 'failed';
  note: string | null;
};
type Preview = (i: {
  targets: { orgId: string; name: string }[];
}) => Promise<ActionResult<{ rows: PreviewRow[] }>>;
type Apply = (i: {
  rows: { orgId: string; name: string; value: string }[];
}) => Promise<ActionResult<{ rows: ApplyRow[] }>>;

const TONES: Record<string, BadgeTone> = {
  new: 'blue',
  exists: 'neutral',
  taken: 'red',
  created: 'green',
  updated: 'green',
  skipped: 'amber',
  failed: 'red',
};
const LABEL: Record<PreviewRow['status'], string> = {
  new: 'will create',
  exists: 'exists · skipped',
  taken: 'name taken · skipped',
};

/**
 * Targets (organization + full name), then one shared value or one value per organization. The
 * values stay in this page's state and go to the server only in the apply action's body.
 */
export function CreateInOrgsForm({
  initial,
  preview,
  apply,
}: {
  initial: Target[];
  preview: Preview;
  apply: Apply;
}) {
  const [targets, setTargets] = useState<Target[]>(initial);
  const [mode, setMode] = useState<'shared' | 'each'>('shared');
  const [shared, setShared] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [addOrg, setAddOrg] = useState('');
  const [addName, setAddName] = useState('');
  const [rows, setRows] = useState<PreviewRow[] | null>(null);
  const [results, setResults] = useState<ApplyRow[] | null>(null);
  const [error, setError] = useState<ActionError | null>(null);
  const [pending, start] = useTransition();
  const reset = () => {
    setRows(null);
    setResults(null);
  };
  const toCreate = (rows ?? []).filter((r) => r.status === 'new');
  const valueOf = (orgId: string) => (mode === 'shared' ? shared : (values[orgId] ?? ''));
  const missingValue = toCreate.some((r) => valueOf(r.orgId) === '');

  return (
    <div className="space-y-4 px-5 py-4 text-sm">
      <Table caption="Organizations to create in" columns={['Organization', 'Name', '']}>
        {targets.map((t, i) => (
          <tr key={t.orgId} data-org={t.orgId}>
            <td className="px-4 py-2">
              {t.orgName ? <div>{t.orgName}</div> : null}
              <div className="font-mono text-xs text-slate-600">{t.orgId}</div>
            </td>
            <td className="px-4 py-2">
              <Input
                aria-label={`Name in ${t.orgName ?? t.orgId}`}
                className="font-mono text-xs"
                value={t.name}
                onChange={(e) => {
                  const name = e.target.value;
                  setTargets((ts) => ts.map((x, j) => (j === i ? { ...x, name } : x)));
                  reset();
                }}
              />
            </td>
            <td className="px-4 py-2">
              <Button
                variant="ghost"
                aria-label={`Remove ${t.orgName ?? t.orgId}`}
                onClick={() => {
                  setTargets((ts) => ts.filter((_, j) => j !== i));
                  reset();
                }}
              >
                Remove
              </Button>
            </td>
          </tr>
        ))}
      </Table>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          const orgId = addOrg.trim();
          if (!orgId || targets.some((t) => t.orgId === orgId)) return;
          setTargets((ts) => [...ts, { orgId, orgName: null, name: addName.trim() }]);
          setAddOrg('');
          setAddName('');
          reset();
        }}
      >
        <div>
          <label htmlFor="fan-org" className="block text-xs font-medium text-slate-600">
            Organization id
          </label>
          <Input
            id="fan-org"
            className="mt-1 font-mono text-xs"
            placeholder="org_…"
            value={addOrg}
            onChange={(e) => setAddOrg(e.target.value)}
          />
        </div>
        <div>
          <label htmlFor="fan-name" className="block text-xs font-medium text-slate-600">
            Full name in that organization
          </label>
          <Input
            id="fan-name"
            className="mt-1 font-mono text-xs"
            placeholder="acme/prod/db_url"
            value={addName}
            onChange={(e) => setAddName(e.target.value)}
          />
        </div>
        <Button type="submit">Add organization</Button>
      </form>

      <fieldset className="space-y-2">
        <legend className="font-medium text-slate-800">Values</legend>
        <label className="mr-4 inline-flex items-center gap-2">
          <input
            type="radio"
            name="fan-mode"
            checked={mode === 'shared'}
            onChange={() => setMode('shared')}
          />
          One shared value
        </label>
        <label className="inline-flex items-center gap-2">
          <input
            type="radio"
            name="fan-mode"
            checked={mode === 'each'}
            onChange={() => setMode('each')}
          />
          A value per organization
        </label>
        {mode === 'shared' ? (
          <div>
            <label htmlFor="fan-shared" className="block text-xs font-medium text-slate-600">
              Shared value
            </label>
            <textarea
              id="fan-shared"
              value={shared}
              onChange={(e) => setShared(e.target.value)}
              rows={3}
              spellCheck={false}
              autoComplete="off"
              className="mt-1 w-full rounded-md border-0 px-3 py-2 font-mono text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-indigo-600"
            />
          </div>
        ) : (
          <div className="grid gap-2 sm:grid-cols-2">
            {targets.map((t) => (
              <div key={t.orgId}>
                <label
                  htmlFor={`fan-v-${t.orgId}`}
                  className="block text-xs font-medium text-slate-600"
                >
                  Value for {t.orgName ?? t.orgId}
                </label>
                <Input
                  id={`fan-v-${t.orgId}`}
                  type="password"
                  autoComplete="off"
                  className="mt-1 font-mono text-xs"
                  value={values[t.orgId] ?? ''}
                  onChange={(e) => setValues((v) => ({ ...v, [t.orgId]: e.target.value }))}
                />
              </div>
            ))}
          </div>
        )}
      </fieldset>

      <Button
        disabled={pending || targets.length === 0 || targets.some((t) => !t.name.trim())}
        onClick={() =>
          start(async () => {
            setError(null);
            setResults(null);
            const r = await callAction(
              preview,
              { targets: targets.map((t) => ({ orgId: t.orgId, name: t.name.trim() })) },
              'read',
            );
            if (r.ok) setRows(r.data.rows);
            else setError(r.error);
          })
        }
      >
        {pending && !rows ? 'Checking…' : 'Preview'}
      </Button>

      {rows ? (
        <div className="space-y-3">
          <p>
            {toCreate.length} to create, {rows.length - toCreate.length} skipped
          </p>
          <Table caption="Create preview" columns={['Organization', 'Name', 'Preview', 'Result']}>
            {rows.map((r) => {
              const done =
                results?.find((x) => x.orgId === r.orgId) ??
                (results && r.status !== 'new' ? { status: 'skipped', note: null } : null);
              const t = targets.find((x) => x.orgId === r.orgId);
              return (
                <tr key={r.orgId} data-org={r.orgId}>
                  <td className="px-4 py-2">{t?.orgName ?? r.orgId}</td>
                  <td className="px-4 py-2 font-mono text-xs break-all">{r.name}</td>
                  <td className="px-4 py-2">
                    <Badge tone={TONES[r.status]}>{LABEL[r.status]}</Badge>
                    {r.note ? <div className="mt-1 text-xs text-slate-600">{r.note}</div> : null}
                  </td>
                  <td className="px-4 py-2">
                    {done ? (
                      <>
                        <Badge tone={TONES[done.status]}>{done.status}</Badge>
                        {done.note ? <div className="mt-1 text-xs">{done.note}</div> : null}
                      </>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </Table>
          {missingValue ? (
            <p className="text-xs text-red-700">Every organization to create in needs a value.</p>
          ) : null}
          {!results ? (
            <Button
              variant="primary"
              disabled={pending || toCreate.length === 0 || missingValue}
              onClick={() =>
                start(async () => {
                  setError(null);
                  const r = await callAction(
                    apply,
                    {
                      rows: toCreate.map((row) => ({
                        orgId: row.orgId,
                        name: row.name,
                        value: valueOf(row.orgId),
                      })),
                    },
                    'write',
                  );
                  if (r.ok) setResults(r.data.rows);
                  else setError(r.error);
                })
              }
            >
              {pending ? 'Creating…' : `Create in ${toCreate.length} organizations`}
            </Button>
          ) : (
            <p role="status">
              Done: {results.filter((r) => r.status === 'created').length} created,{' '}
              {rows.length - toCreate.length + results.filter((r) => r.status === 'skipped').length}{' '}
              skipped, {results.filter((r) => r.status === 'failed').length} failed.
            </p>
          )}
        </div>
      ) : null}
      {error ? <ActionErrorAlert error={error} /> : null}
    </div>
  );
}
