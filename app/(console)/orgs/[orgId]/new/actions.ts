'use server';

import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/actions/define-action';
import { createObject } from '@/lib/vault/commands';
import { ensureIndexSync } from '@/lib/vault/index-runtime';
import { createObjectSchema } from '@/lib/vault/schemas';

export const createVaultObject = defineAction(
  { name: 'createVaultObject', schema: createObjectSchema, permission: 'vault.objects:write' },
  async (input, { session }) => {
    const result = await createObject(session, input);
    if (!result.ok) return { ok: false, error: result.error };
    (await ensureIndexSync()).markChanged();
    revalidatePath(`/orgs/${input.orgId}`);
    return { ok: true, data: result.data };
  },
);
