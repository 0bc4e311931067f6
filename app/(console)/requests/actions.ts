'use server';

import { defineAction } from '@/lib/actions/define-action';
import { fail } from '@/lib/actions/result';
import { refusalForRevealer } from '@/lib/approvals/grants';
import { effectivePolicy } from '@/lib/approvals/policy';
import { createAccessRequest, endAccessRequest } from '@/lib/approvals/requests';
import {
  changeRequestIdSchema,
  decideRequestSchema,
  endRequestSchema,
  requestAccessSchema,
} from '@/lib/approvals/schemas';
import { decide, rebase, retryApply, revealDiff } from '@/lib/vault/change-requests';
import { can } from '@/lib/auth/permissions';
import { POLICY } from '@/lib/auth/step-up';
import { paths } from '@/lib/paths';
import { describeObject } from '@/lib/vault/objects';
import { consoleError } from '@/lib/workos/errors';

/** What the actions on one request share: a probe naming none, the request's page. */
const ON_REQUEST = {
  probe: () => ({ requestId: 'areq_matrix_none' }),
  returnTo: (i: { requestId: string }) => paths.request(i.requestId),
};

/** A change request's approver step: its id only. */
const ON_CHANGE = { ...ON_REQUEST, schema: changeRequestIdSchema };

/**
 * Ask for time-bound reveal access to one object or its whole organization. Only where the
 * organization's approval policy puts reveals behind approval; with no policy nothing changes.
 */
export const requestRevealAccess = defineAction(
  {
    name: 'requestRevealAccess',
    schema: requestAccessSchema,
    permission: 'vault.metadata:read',
    policy: POLICY.metadata,
    // An id nobody holds: answered not_found (or "you can reveal already") before anything is filed.
    probe: () => ({
      objectId: 'obj_matrix_no_such_object',
      scope: 'object',
      minutes: 30,
      reason: 'auth matrix probe',
      ticket: '',
    }),
    returnTo: (i) => paths.object(i.objectId),
    auditTarget: (i) => ({ objectId: i.objectId }),
  },
  async (input, { session }) => {
    const revealer = refusalForRevealer(session, 'there is nothing to ask for.');
    if (revealer) return revealer;
    const object = await describeObject(input.objectId);
    if (!object.ok) return fail(object.error);
    const orgId = object.data.orgId;
    if (!orgId)
      return fail(
        consoleError('invalid_input', {
          message:
            'This object’s key context names no organization_id, so no organization policy can grant access to it.',
        }),
      );
    const policy = await effectivePolicy(orgId);
    if (!policy?.revealNeedsApproval)
      return fail(
        consoleError('forbidden', {
          message:
            'No approval policy for this organization lets people without reveal permission ask for access.',
        }),
      );
    return createAccessRequest(
      session,
      {
        orgId,
        objectId: input.scope === 'object' ? object.data.id : null,
        objectName: input.scope === 'object' ? object.data.name : null,
        minutes: input.minutes,
        reason: input.reason,
        ticket: input.ticket,
      },
      policy,
    );
  },
);

/**
 * Approve or deny, with a comment. Never one's own request; each approver counts once. The
 * approval that completes a change request writes the change, version-checked (stale otherwise).
 */
export const decideRequest = defineAction(
  {
    name: 'decideRequest',
    schema: decideRequestSchema,
    permission: 'vault.requests:approve',
    // Approving hands out value access: a recent sign-in, no Vault budget.
    policy: POLICY.consoleWrite,
    ...ON_REQUEST,
    probe: () => ({ requestId: 'areq_matrix_none', decision: 'deny', comment: 'auth matrix' }),
  },
  async (input, { session }) => decide(session, input),
);

/**
 * The approver's diff of a change request: the current value (an audited read) against the
 * proposed one. Hands out values, so it is a value read: step-up, rate-limited, audited.
 */
export const revealChangeDiff = defineAction(
  {
    name: 'revealChangeDiff',
    ...ON_CHANGE,
    permission: 'vault.requests:approve',
    policy: POLICY.valueRead,
  },
  async (input, { session }) => revealDiff(session, input.requestId),
);

/** Apply an approved change request whose write failed earlier (an approver, not the proposer). */
export const applyChangeRequest = defineAction(
  {
    name: 'applyChangeRequest',
    ...ON_CHANGE,
    permission: 'vault.requests:approve',
    policy: POLICY.write,
  },
  async (input, { session }) => retryApply(session, input.requestId),
);

/**
 * The proposer moves a stale change request onto the object's current version, keeping the
 * proposed value; approvers decide again. Needs the permission the change itself needs.
 */
export const rebaseChangeRequest = defineAction(
  {
    name: 'rebaseChangeRequest',
    ...ON_CHANGE,
    permission: 'vault.metadata:read',
    policy: POLICY.consoleWrite,
  },
  async (input, { session }) =>
    rebase(session, input.requestId, (op) =>
      can(session.permissions, op === 'delete' ? 'vault.objects:delete' : 'vault.objects:write'),
    ),
);

/** End a request early: the requester withdraws or gives back; an approver revokes. */
export const endRequest = defineAction(
  {
    name: 'endRequest',
    ...ON_REQUEST,
    schema: endRequestSchema,
    permission: 'vault.metadata:read',
    policy: POLICY.metadata,
  },
  async (input, { session }) =>
    endAccessRequest(session, input.requestId, can(session.permissions, 'vault.requests:approve')),
);
