/**
 * Limits of the WorkOS Vault API that the emulator enforces (docs/workos-vault-api.md, "Limits").
 * The console keeps its own copy for form validation (lib/vault/limits.ts); the console's
 * lib/auth/seed-contract.test.ts fails if the two ever differ.
 */
export const VAULT_LIMITS = {
  nameMaxChars: 200,
  contextMaxPairs: 10,
  contextValueMaxChars: 500,
  listMaxLimit: 100,
  listDefaultLimit: 10,
} as const;

/** Counts user-perceived code points, not UTF-16 units, so an emoji counts once. */
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
