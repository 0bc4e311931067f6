'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/actions/define-action';
import { decryptLocally, encryptLocally } from '@/lib/keys/local-crypto';
import { keyContextSchema, toContext } from '@/lib/vault/schemas';

const text = z.string().max(256 * 1024, { message: 'At most 256 KiB.' });
const aad = z
  .string()
  .max(1000, { message: 'Associated data is at most 1,000 characters.' })
  .optional();

/** Nothing entered or produced here is logged, audited or stored: these actions only compute. */
export const encryptWithDataKey = defineAction(
  {
    name: 'encryptWithDataKey',
    schema: z.object({ plaintext: text, context: keyContextSchema, associatedData: aad }),
    permission: 'vault.keys:use',
  },
  async (input) => {
    const r = await encryptLocally(input.plaintext, toContext(input.context), input.associatedData);
    return r.ok ? { ok: true, data: r.data } : { ok: false, error: r.error };
  },
);

export const decryptWithDataKey = defineAction(
  {
    name: 'decryptWithDataKey',
    schema: z.object({
      ciphertext: z
        .string()
        .min(1, { message: 'Paste a ciphertext.' })
        .max(400 * 1024),
      associatedData: aad,
    }),
    permission: 'vault.keys:use',
  },
  async (input) => {
    const r = await decryptLocally(input.ciphertext.trim(), input.associatedData);
    return r.ok ? { ok: true, data: r.data } : { ok: false, error: r.error };
  },
);
