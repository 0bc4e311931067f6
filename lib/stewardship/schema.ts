import { z } from 'zod';

/** What an admin may set on an object, kept in the console database, never in Vault. */
export const stewardshipSchema = z.object({
  objectId: z
    .string()
    .min(1, 'objectId is required')
    .max(200, 'objectId is at most 200 characters'),
  owner: z.string().trim().max(200, 'owner must be at most 200 characters'),
  notes: z.string().max(4000, 'notes must be at most 4,000 characters'),
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
    .nullable(),
  /** The updated_at the form was loaded with (null: there was no record): the version check. */
  expectedUpdatedAt: z.string().max(40).nullable(),
});
export type StewardshipInput = z.output<typeof stewardshipSchema>;
