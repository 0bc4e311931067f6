import { z } from 'zod';
import { charCount, VAULT_LIMITS } from './limits';

/**
 * The Vault API's input rules, once, for the browser form and the server action alike
 * (docs/workos-vault-api.md, "Limits" and "Key context"). Messages name the rule a value broke.
 */
const MAX_VALUE_BYTES = 256 * 1024;

export const objectNameSchema = z
  .string({ error: 'The name must be text.' })
  .refine((s) => charCount(s) >= 1, { message: 'A name is required (1–200 characters).' })
  .refine((s) => charCount(s) <= VAULT_LIMITS.nameMaxChars, {
    message: `Names are at most ${VAULT_LIMITS.nameMaxChars} characters.`,
  })
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), {
    message: 'Names cannot contain control characters (such as tabs or line breaks).',
  })
  .refine((s) => s !== '.' && s !== '..', {
    message: 'A name cannot be "." or "..": the SDK cannot read such an object by name.',
  });

export const secretValueSchema = z
  .string({ error: 'The value must be text (encode binary data as base64).' })
  .refine((s) => new TextEncoder().encode(s).length <= MAX_VALUE_BYTES, {
    message: `Values are at most ${MAX_VALUE_BYTES / 1024} KiB.`,
  });

const contextPairSchema = z.object({
  key: z
    .string({ error: 'Keys must be text.' })
    .refine((s) => s.trim().length > 0, { message: 'Keys cannot be empty.' })
    .refine((s) => charCount(s) <= 100, { message: 'Keys are at most 100 characters.' }),
  value: z
    .string({ error: 'Values must be text.' })
    .refine((s) => s.length > 0, { message: 'Values cannot be empty.' })
    .refine((s) => charCount(s) <= VAULT_LIMITS.contextValueMaxChars, {
      message: `Values are at most ${VAULT_LIMITS.contextValueMaxChars} characters.`,
    }),
});

export const keyContextSchema = z
  .array(contextPairSchema)
  .min(1, { message: 'A key context needs at least one pair.' })
  .max(VAULT_LIMITS.contextMaxPairs, {
    message: `A key context has at most ${VAULT_LIMITS.contextMaxPairs} pairs.`,
  })
  .superRefine((pairs, ctx) => {
    const seen = new Map<string, number>();
    pairs.forEach((p, i) => {
      const key = p.key.trim();
      if (seen.has(key))
        ctx.addIssue({
          code: 'custom',
          path: [i, 'key'],
          message: `The key "${key}" is used twice; keys must be unique.`,
        });
      seen.set(key, i);
    });
  });

export const orgIdSchema = z
  .string()
  .regex(/^org_[A-Za-z0-9]{1,64}$/, { message: 'Not an organization id (org_…).' });
export const objectIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_.:-]+$/, { message: 'Not an object id.' })
  // Ids go into URL paths (/vault/v1/kv/<id>): "." and ".." would be dot segments.
  .refine((s) => s !== '.' && s !== '..', { message: 'Not an object id ("." and ".." are not).' });
export const versionIdSchema = z.string().min(1).max(200);

export const createObjectSchema = z
  .object({
    orgId: orgIdSchema,
    name: objectNameSchema,
    value: secretValueSchema,
    /** Pairs besides organization_id, which the server sets from orgId. */
    extraContext: z.array(contextPairSchema).max(VAULT_LIMITS.contextMaxPairs - 1, {
      message: `At most ${VAULT_LIMITS.contextMaxPairs - 1} pairs besides organization_id.`,
    }),
  })
  .superRefine((input, ctx) => {
    const full = [{ key: 'organization_id', value: input.orgId }, ...input.extraContext];
    const parsed = keyContextSchema.safeParse(full);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [index, field] = issue.path as [number, string];
        ctx.addIssue({
          code: 'custom',
          path: index === 0 ? ['orgId'] : ['extraContext', index - 1, field ?? 'key'],
          message: issue.message,
        });
      }
    }
  });
export type CreateObjectInput = z.infer<typeof createObjectSchema>;

export const updateObjectSchema = z.object({
  objectId: objectIdSchema,
  value: secretValueSchema,
  versionCheck: versionIdSchema,
});
export type UpdateObjectInput = z.infer<typeof updateObjectSchema>;

export const deleteObjectSchema = z.object({
  objectId: objectIdSchema,
  versionCheck: versionIdSchema,
  confirmName: z.string().max(1000),
});
export type DeleteObjectInput = z.infer<typeof deleteObjectSchema>;

export const revealObjectSchema = z.object({
  objectId: objectIdSchema,
  purpose: z.enum(['reveal', 'copy']),
  reason: z.string().trim().max(500, { message: 'Reasons are at most 500 characters.' }).optional(),
});
export type RevealObjectInput = z.infer<typeof revealObjectSchema>;

export const loadForEditSchema = z.object({ objectId: objectIdSchema });

/** Turns pairs into the API's map. Keys are trimmed; values are kept exactly. */
export function toContext(pairs: { key: string; value: string }[]): Record<string, string> {
  return Object.fromEntries(pairs.map((p) => [p.key.trim(), p.value]));
}

/* Change requests (lib/vault/change-requests.ts): the same rules, with a reason. */

/** The reason a change request carries; the approver and the audit trail read it. */
const changeReasonSchema = z
  .string()
  .trim()
  .min(5, { error: 'Say why this change is needed (at least 5 characters).' })
  .max(500, { error: 'The reason is at most 500 characters.' });

export const proposeValueChangeSchema = z.object({
  objectId: objectIdSchema,
  value: secretValueSchema,
  /** The version the editor loaded: the proposal is applied only over that version. */
  versionCheck: versionIdSchema,
  reason: changeReasonSchema,
});

export const proposeDeleteSchema = z.object({
  objectId: objectIdSchema,
  versionCheck: versionIdSchema,
  reason: changeReasonSchema,
});

export const proposeNewObjectSchema = z.object({
  object: createObjectSchema,
  reason: changeReasonSchema,
});
