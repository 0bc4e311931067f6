'use server';

import { defineAction } from '@/lib/actions/define-action';
import { removePolicy, savePolicy } from '@/lib/approvals/policy';
import { removePolicySchema, savePolicySchema } from '@/lib/approvals/schemas';
import { POLICY } from '@/lib/auth/step-up';
import { paths } from '@/lib/paths';

/** Who changes the rules for approvals: a recent sign-in; version-checked and audited. */
const ON_POLICY = {
  permission: 'console.policy:manage' as const,
  policy: POLICY.consoleWrite,
  returnTo: () => paths.approvalPolicy(),
};

export const saveApprovalPolicy = defineAction(
  {
    name: 'saveApprovalPolicy',
    schema: savePolicySchema,
    ...ON_POLICY,
    // A version no policy will reach: answered with a conflict, nothing saved.
    probe: () => ({
      scope: 'environment',
      versionCheck: 999999,
      fields: {
        revealNeedsApproval: true,
        changeNeedsApproval: false,
        deleteNeedsApproval: false,
        operationsNeedApproval: [],
        keyDecryptNeedsApproval: false,
        approvalsRequired: 1,
        requestExpiryMinutes: 1440,
        maxGrantMinutes: 60,
        breakGlassAllowed: false,
        ticketRequired: false,
        notifyNames: 'full',
      },
    }),
    auditTarget: (i) => ({ orgId: i.scope === 'environment' ? null : i.scope }),
  },
  async (input, { session }) => savePolicy(session, input),
);

export const removeApprovalPolicy = defineAction(
  {
    name: 'removeApprovalPolicy',
    schema: removePolicySchema,
    ...ON_POLICY,
    probe: () => ({ scope: 'org_matrixnone', versionCheck: 999999 }),
    auditTarget: (i) => ({ orgId: i.scope }),
  },
  async (input, { session }) => removePolicy(session, input),
);
