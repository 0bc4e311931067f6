'use client';

import { useState } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { usePreviewApply } from '@/components/forms/use-preview-apply';
import { RowStatus } from '@/components/operations/row-status';
import { Button } from '@/components/ui/button';
import { Field, Input, RadioOptions, TextField, TextareaField } from '@/components/ui/input';
import { Table, Td } from '@/components/ui/table';
import type { ActionData } from '@/lib/actions/result';
import { applyCreateInOrgs, previewCreateInOrgs } from '../actions';

type Target = { orgId: string; orgName: string | null; name: string };
type PreviewRow = ActionData<typeof previewCreateInOrgs>['rows'][number];
const LABEL: Record<PreviewRow['status'], string> = {
  new: 'will create',
  exists: 'exists · skipped',
  taken: 'name taken · skipped',
  no_org: 'no such organization · skipped',
};

/**
 * Targets (organization + full name), then one shared value or one value per organization. The
 * values stay in this page's state and go to the server only in the apply action's body.
 */
export function CreateInOrgsForm({ initial }: { initial: Target[] }) {
  const [targets, setTargets] = useState<Target[]>(initial);
  const [mode, setMode] = useState<'shared' | 'each'>('shared');
  const [shared, setShared] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const [addOrg, setAddOrg] = useState('');
  const [addName, setAddName] = useState('');
  const batch = usePreviewApply(previewCreateInOrgs, applyCreateInOrgs);
  const { rows, results, pending, error } = batch;
  const reset = batch.clear;
  const toCreate = (rows ?? []).filter((r) => r.status === 'new');
  const valueOf = (orgId: string) => (mode === 'shared' ? shared : (values[orgId] ?? ''));
  const missingValue = toCreate.some((r) => valueOf(r.orgId) === '');

  return (
    <div className="space-y-4 px-5 py-4 text-sm">
      <Table caption="Organizations to create in" columns={['Organization', 'Name', '']}>
        {targets.map((t, i) => (
          <tr key={t.orgId} data-org={t.orgId}>
            <Td dense>
              {t.orgName ? <div>{t.orgName}</div> : null}
              <div className="font-mono text-xs text-slate-600">{t.orgId}</div>
            </Td>
            <Td dense>
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
            </Td>
            <Td dense>
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
            </Td>
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
        <TextField
          id="fan-org"
          label="Organization id"
          compact
          className="mt-1 font-mono text-xs"
          placeholder="org_…"
          value={addOrg}
          onValue={setAddOrg}
        />
        <TextField
          id="fan-name"
          label="Full name in that organization"
          compact
          className="mt-1 font-mono text-xs"
          placeholder="acme/prod/db_url"
          value={addName}
          onValue={setAddName}
        />
        <Button type="submit">Add organization</Button>
      </form>

      <fieldset className="space-y-2">
        <legend className="font-medium text-slate-800">Values</legend>
        <RadioOptions
          name="fan-mode"
          value={mode}
          onChange={setMode}
          labelClassName="mr-4 inline-flex items-center gap-2"
          options={[
            { value: 'shared', label: 'One shared value' },
            { value: 'each', label: 'A value per organization' },
          ]}
        />
        {mode === 'shared' ? (
          <TextareaField
            id="fan-shared"
            label="Shared value"
            compact
            mono
            className="mt-1"
            value={shared}
            onValue={setShared}
            rows={3}
            spellCheck={false}
            autoComplete="off"
          />
        ) : (
          <div className="grid gap-2 sm:grid-cols-2">
            {targets.map((t) => (
              <Field
                key={t.orgId}
                id={`fan-v-${t.orgId}`}
                label={`Value for ${t.orgName ?? t.orgId}`}
                compact
              >
                {(control) => (
                  <Input
                    {...control}
                    type="password"
                    autoComplete="off"
                    className="mt-1 font-mono text-xs"
                    value={values[t.orgId] ?? ''}
                    onChange={(e) => setValues((v) => ({ ...v, [t.orgId]: e.target.value }))}
                  />
                )}
              </Field>
            ))}
          </div>
        )}
      </fieldset>

      <Button
        disabled={pending || targets.length === 0 || targets.some((t) => !t.name.trim())}
        onClick={() => {
          batch.runPreview({
            targets: targets.map((t) => ({ orgId: t.orgId, name: t.name.trim() })),
          });
        }}
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
                  <Td dense>{t?.orgName ?? r.orgId}</Td>
                  <Td dense kind="mono">
                    {r.name}
                  </Td>
                  <Td dense>
                    <RowStatus status={r.status} label={LABEL[r.status]} note={r.note} />
                  </Td>
                  <Td dense>
                    {done ? <RowStatus status={done.status} note={done.note} outcome /> : null}
                  </Td>
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
              onClick={() => {
                batch.runApply({
                  rows: toCreate.map((row) => ({
                    orgId: row.orgId,
                    name: row.name,
                    value: valueOf(row.orgId),
                  })),
                });
              }}
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
