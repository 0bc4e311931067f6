import { z } from 'zod';

/** What an admin may set on an object, kept in the console database, never in Vault. */
export const stewardshipSchema = z.object({
  objectId: z
    .string()
    .min(1, 'objectId is required')
    .max(200, 'objectId is at most 200 characters'),
  owner: z
    .string()
    .trim()
    .max(200, 'owner must be at most 200 characters')
    .regex(/^[^\u0000-\u001f\u007f]*$/, 'owner may not contain control characters (such as NUL)'),
  notes: z
    .string()
    .max(4000, 'notes must be at most 4,000 characters')
    .regex(
      /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/,
      'notes may not contain control characters other than tabs and line breaks (such as NUL)',
    ),
  rotationDays: z
    .number({ message: 'rotation period must be a whole number of days' })
    .int('rotation period must be a whole number of days')
    .min(1, 'rotation period must be at least 1 day')
    .max(3650, 'rotation period must be at most 3,650 days')
    .nullable(),
  expiresOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expiry must be a date (YYYY-MM-DD)')
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'expiry is not a real date')
    .refine((s) => s >= '1970-01-01', 'expiry must be in 1970 or later')
    .nullable(),
  /** The updated_at the form was loaded with (null: there was no record): the version check. */
  expectedUpdatedAt: z.string().max(40).nullable(),
});
export type StewardshipInput = z.output<typeof stewardshipSchema>;
