/**
 * Limits of the WorkOS Vault API (docs/workos-vault-api.md, "Limits"), for the console's own
 * validation. The emulator enforces the same numbers from its own copy; seed-contract.test.ts
 * keeps the two equal.
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
