import { z } from 'zod';

/**
 * Approvals input rules, once, for the browser forms and the server actions alike. Client-safe:
 * no database, no session.
 */

/** Tenant operations a policy can put behind approval (enforced once dual control lands). */
export const TENANT_OPERATIONS = ['offboard', 'rewrap', 'bulk_delete', 'import'] as const;
export type TenantOperation = (typeof TENANT_OPERATIONS)[number];

export const GRANT_MAX_MINUTES_CEILING = 8 * 60;

/**
 * How much of an object's name a notification (webhook message) carries: all of it, only its last
 * path segment (`prod/stripe/webhook-secret` → `webhook-secret`), or none (the id only).
 */
export const NOTIFY_NAME_MODES = ['full', 'last_segment', 'none'] as const;
export type NotifyNameMode = (typeof NOTIFY_NAME_MODES)[number];

export const policyFieldsSchema = z
  .object({
    revealNeedsApproval: z.boolean(),
    changeNeedsApproval: z.boolean(),
    deleteNeedsApproval: z.boolean(),
    operationsNeedApproval: z.array(z.enum(TENANT_OPERATIONS)).max(TENANT_OPERATIONS.length),
    keyDecryptNeedsApproval: z.boolean(),
    approvalsRequired: z.union([z.literal(1), z.literal(2)], {
      error: 'Approvals required is 1 or 2.',
    }),
    requestExpiryMinutes: z
      .number({ error: 'Request expiry is a number of minutes.' })
      .int({ error: 'Request expiry is a whole number of minutes.' })
      .min(5, { error: 'A request stays open at least 5 minutes.' })
      .max(7 * 24 * 60, { error: 'A request stays open at most 7 days (10080 minutes).' }),
    maxGrantMinutes: z
      .number({ error: 'The longest grant is a number of minutes.' })
      .int({ error: 'The longest grant is a whole number of minutes.' })
      .min(5, { error: 'The longest grant is at least 5 minutes.' })
      .max(GRANT_MAX_MINUTES_CEILING, {
        error: 'The longest grant is at most 8 hours (480 minutes).',
      }),
    breakGlassAllowed: z.boolean(),
    ticketRequired: z.boolean(),
    notifyNames: z.enum(NOTIFY_NAME_MODES, {
      error: 'Names in notifications are full, last segment only, or none.',
    }),
  })
  .strict();
export type PolicyFields = z.infer<typeof policyFieldsSchema>;

/** The environment default, or an organization's override. */
export const policyScopeSchema = z.union([
  z.literal('environment'),
  z.string().regex(/^org_[A-Za-z0-9]{1,64}$/, { message: 'Not an organization id.' }),
]);

export const savePolicySchema = z.object({
  scope: policyScopeSchema,
  fields: policyFieldsSchema,
  /** The version the form started from; 0 when there was no policy at this scope yet. */
  versionCheck: z.number().int().min(0),
});
export type SavePolicyInput = z.infer<typeof savePolicySchema>;

export const removePolicySchema = z.object({
  scope: policyScopeSchema.refine((s) => s !== 'environment', {
    message: 'The environment default is turned off, not removed.',
  }),
  versionCheck: z.number().int().min(1),
});

const requestIdSchema = z.string().regex(/^areq_[a-z0-9_]{1,64}$/, {
  message: 'Not a request id.',
});

export const requestAccessSchema = z.object({
  objectId: z.string().min(1).max(200),
  scope: z.enum(['object', 'organization'], { error: 'Ask for this object or its organization.' }),
  minutes: z
    .number({ error: 'Duration is a number of minutes.' })
    .int({ error: 'Duration is a whole number of minutes.' })
    .min(5, { error: 'A grant lasts at least 5 minutes.' })
    .max(GRANT_MAX_MINUTES_CEILING, { error: 'A grant lasts at most 8 hours (480 minutes).' }),
  reason: z
    .string()
    .trim()
    .min(5, { error: 'Say why you need access (at least 5 characters).' })
    .max(500, { error: 'The reason is at most 500 characters.' }),
  ticket: z
    .string()
    .trim()
    .max(100, { error: 'The ticket reference is at most 100 characters.' })
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), {
      message: 'The ticket reference cannot contain control characters.',
    }),
});
export type RequestAccessInput = z.infer<typeof requestAccessSchema>;

/** Ask for key-tools decrypt access to one organization (lib/approvals/decrypt.ts). */
export const requestDecryptAccessSchema = requestAccessSchema
  .omit({ objectId: true, scope: true })
  .extend({
    orgId: z
      .string()
      .trim()
      .regex(/^org_[A-Za-z0-9]{1,64}$/, {
        message: 'Enter the organization id (org_…) the ciphertext’s data key belongs to.',
      }),
  });
export type RequestDecryptAccessInput = z.infer<typeof requestDecryptAccessSchema>;

export const decideRequestSchema = z.object({
  requestId: requestIdSchema,
  decision: z.enum(['approve', 'deny']),
  comment: z.string().trim().max(500, { error: 'The comment is at most 500 characters.' }),
});

export const endRequestSchema = z.object({ requestId: requestIdSchema });

/** Break-glass: a reveal or copy without approval, with a typed reason (lib/approvals/break-glass.ts). */
export const breakGlassRevealSchema = z.object({
  objectId: z.string().min(1).max(200),
  purpose: z.enum(['reveal', 'copy']),
  reason: z
    .string()
    .trim()
    .min(10, { error: 'Break-glass needs a reason of at least 10 characters.' })
    .max(500, { error: 'The reason is at most 500 characters.' }),
});

export const acknowledgeBreakGlassSchema = z.object({
  id: z.string().regex(/^bg_[a-z0-9_]{1,64}$/, { message: 'Not a break-glass id.' }),
});

export const markInboxSeenSchema = z.object({
  until: z.iso.datetime({ error: 'Not a point in time.' }),
});

/** Rebase, retry an approved change, or reveal its diff: one request id. */
export const changeRequestIdSchema = z.object({ requestId: requestIdSchema });
