'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ActionErrorAlert } from '@/components/forms/action-error';
import { useServerAction } from '@/components/forms/use-server-action';
import { Button } from '@/components/ui/button';
import { Field, Input, Select } from '@/components/ui/input';
import {
  GRANT_MAX_MINUTES_CEILING,
  TENANT_OPERATIONS,
  type PolicyFields,
  type TenantOperation,
} from '@/lib/approvals/schemas';
import { removeApprovalPolicy, saveApprovalPolicy } from '../actions';

const OPERATION_LABELS: Record<TenantOperation, string> = {
  offboard: 'Offboarding',
  rewrap: 'BYOK migration',
  bulk_delete: 'Bulk delete',
  import: 'Import apply',
};

function Check({
  id,
  label,
  hint,
  checked,
  onChange,
}: {
  id: string;
  label: string;
  hint?: string;
  checked: boolean;
  onChange: (v: boolean) => void;
}) {
  return (
    <label htmlFor={id} className="flex items-start gap-2 text-sm text-slate-800">
      <input
        id={id}
        type="checkbox"
        className="mt-0.5"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      <span>
        {label}
        {hint ? <span className="block text-xs text-slate-500">{hint}</span> : null}
      </span>
    </label>
  );
}

/** One scope's policy: every field, saved with the version it was loaded at. */
export function PolicyForm({
  scope,
  initial,
  version,
  removable,
}: {
  scope: string;
  initial: PolicyFields;
  version: number;
  removable: boolean;
}) {
  const router = useRouter();
  const [f, setF] = useState<PolicyFields>(initial);
  const [saved, setSaved] = useState(false);
  const save = useServerAction(saveApprovalPolicy, 'write');
  const remove = useServerAction(removeApprovalPolicy, 'write');
  const set = <K extends keyof PolicyFields>(k: K, v: PolicyFields[K]) => {
    setSaved(false);
    setF((x) => ({ ...x, [k]: v }));
  };
  const fe = save.error?.fieldErrors ?? {};
  const id = (s: string) => `${scope}-${s}`;
  return (
    <form
      className="space-y-4 px-5 py-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.run(
          { scope, fields: f, versionCheck: version },
          {
            onOk: () => {
              setSaved(true);
              router.refresh();
            },
          },
        );
      }}
    >
      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold text-slate-900">What needs approval</legend>
        <Check
          id={id('reveal')}
          label="A reveal by someone without standing reveal permission"
          hint="People with vault.values:reveal reveal as before; others can ask for time-bound access."
          checked={f.revealNeedsApproval}
          onChange={(v) => set('revealNeedsApproval', v)}
        />
        <Check
          id={id('change')}
          label="A value change or a new object"
          hint="Proposed with a reason, the value staged encrypted; written once approved, only over the version it was based on."
          checked={f.changeNeedsApproval}
          onChange={(v) => set('changeNeedsApproval', v)}
        />
        <Check
          id={id('delete')}
          label="A delete"
          hint="Proposed with a reason; the object is deleted once approved, only at the version it was based on."
          checked={f.deleteNeedsApproval}
          onChange={(v) => set('deleteNeedsApproval', v)}
        />
        <Check
          id={id('decrypt')}
          label="Decrypting with key tools"
          hint="Everyone, admins included, needs an approved decrypt grant for the ciphertext’s organization, asked for on Key tools; each decrypt under it is audited with the grant id. WorkOS’s own key blobs do not name their organization, so against api.workos.com every key-tools decrypt is refused while this is on."
          checked={f.keyDecryptNeedsApproval}
          onChange={(v) => set('keyDecryptNeedsApproval', v)}
        />
        <div className="text-sm text-slate-800">
          Tenant operations{' '}
          <span className="text-xs text-slate-500">
            (dual control: a planned run waits for a second person’s approval before it starts; an
            import apply becomes such a plan, its values staged encrypted until it runs)
          </span>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {TENANT_OPERATIONS.map((op) => (
              <Check
                key={op}
                id={id(`op-${op}`)}
                label={OPERATION_LABELS[op]}
                checked={f.operationsNeedApproval.includes(op)}
                onChange={(v) =>
                  set(
                    'operationsNeedApproval',
                    v
                      ? [...f.operationsNeedApproval, op]
                      : f.operationsNeedApproval.filter((x) => x !== op),
                  )
                }
              />
            ))}
          </div>
        </div>
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field
          id={id('approvals')}
          label="Approvals required"
          hint="Approvers hold vault.requests:approve."
          error={fe['fields.approvalsRequired']?.[0]}
        >
          {(c) => (
            <Select
              {...c}
              className="w-full"
              value={f.approvalsRequired}
              onChange={(e) => set('approvalsRequired', e.target.value === '2' ? 2 : 1)}
            >
              <option value={1}>1 approver</option>
              <option value={2}>2 approvers</option>
            </Select>
          )}
        </Field>
        <Field
          id={id('expiry')}
          label="Request expiry (minutes)"
          hint="Unanswered requests close after this."
          error={fe['fields.requestExpiryMinutes']?.[0]}
        >
          {(c) => (
            <Input
              {...c}
              type="number"
              min={5}
              max={10080}
              value={f.requestExpiryMinutes}
              onChange={(e) => set('requestExpiryMinutes', Number(e.target.value))}
            />
          )}
        </Field>
        <Field
          id={id('grant')}
          label="Longest grant (minutes)"
          hint={`At most ${GRANT_MAX_MINUTES_CEILING} (8 hours).`}
          error={fe['fields.maxGrantMinutes']?.[0]}
        >
          {(c) => (
            <Input
              {...c}
              type="number"
              min={5}
              max={GRANT_MAX_MINUTES_CEILING}
              value={f.maxGrantMinutes}
              onChange={(e) => set('maxGrantMinutes', Number(e.target.value))}
            />
          )}
        </Field>
      </div>
      <div className="space-y-2">
        <Check
          id={id('ticket')}
          label="A ticket reference is required on every request"
          checked={f.ticketRequired}
          onChange={(v) => set('ticketRequired', v)}
        />
        <Check
          id={id('breakglass')}
          label="Break-glass allowed"
          hint="People who would need a grant may reveal without one, with a typed reason: audited, notified, and shown on the organization's page until an approver acknowledges it."
          checked={f.breakGlassAllowed}
          onChange={(v) => set('breakGlassAllowed', v)}
        />
      </div>
      <div className="max-w-sm">
        <Field
          id={id('names')}
          label="Object names in notifications"
          hint="What a webhook message may say about an object's name. Values are never sent."
          error={fe['fields.notifyNames']?.[0]}
        >
          {(c) => (
            <Select
              {...c}
              className="w-full"
              value={f.notifyNames}
              onChange={(e) =>
                set(
                  'notifyNames',
                  e.target.value === 'none'
                    ? 'none'
                    : e.target.value === 'last_segment'
                      ? 'last_segment'
                      : 'full',
                )
              }
            >
              <option value="full">Full name</option>
              <option value="last_segment">Last segment only</option>
              <option value="none">None (id only)</option>
            </Select>
          )}
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" variant="primary" disabled={save.pending}>
          {save.pending ? 'Saving…' : version === 0 ? 'Turn on this policy' : 'Save policy'}
        </Button>
        {removable ? (
          <Button
            variant="ghost"
            disabled={remove.pending}
            onClick={() =>
              remove.run({ scope, versionCheck: version }, { onOk: () => router.refresh() })
            }
          >
            Remove override
          </Button>
        ) : null}
        <span role="status" className="text-sm text-emerald-700">
          {saved ? 'Saved.' : ''}
        </span>
      </div>
      {save.error ? <ActionErrorAlert error={save.error} /> : null}
      {remove.error ? <ActionErrorAlert error={remove.error} /> : null}
    </form>
  );
}
