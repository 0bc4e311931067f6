import { charCount, VAULT_LIMITS } from './vault-limits';
import type { EmulatorPolicy } from './config';
import { vaultError } from './http';

/** Missing or wrongly typed fields are 400; values that break a limit are 422 (docs/decisions.md). */
export function requireName(body: Record<string, unknown>): string {
  const name = body.name;
  if (name === undefined || name === null) throw vaultError(400, 'name is required');
  if (typeof name !== 'string') throw vaultError(400, 'name must be a string');
  const n = charCount(name);
  if (n < 1) throw vaultError(422, 'name must be between 1 and 200 characters; it is empty');
  if (n > VAULT_LIMITS.nameMaxChars)
    throw vaultError(422, `name must be between 1 and 200 characters; it has ${n}`);
  return name;
}

export function requireValue(body: Record<string, unknown>, policy: EmulatorPolicy): string {
  const value = body.value;
  if (value === undefined || value === null)
    throw vaultError(400, 'value is required and must be a string');
  if (typeof value !== 'string')
    throw vaultError(400, 'value must be a string (encode binary data as base64)');
  const bytes = Buffer.byteLength(value, 'utf8');
  if (bytes > policy.maxValueBytes) {
    throw vaultError(
      422,
      `value is ${bytes} bytes; this emulator accepts at most ${policy.maxValueBytes} bytes (emulator policy, WorkOS documents no maximum)`,
    );
  }
  return value;
}

export function requireContext(
  raw: unknown,
  field: string,
  policy: EmulatorPolicy,
): Record<string, string> {
  if (raw === undefined || raw === null)
    throw vaultError(400, `${field} is required and must be an object of string pairs`);
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw vaultError(400, `${field} must be an object of string pairs`);
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0 && !policy.allowEmptyContext) {
    throw vaultError(
      422,
      `${field} must have between 1 and ${VAULT_LIMITS.contextMaxPairs} pairs; it is empty`,
    );
  }
  if (entries.length > VAULT_LIMITS.contextMaxPairs) {
    throw vaultError(
      422,
      `${field} must have between 1 and ${VAULT_LIMITS.contextMaxPairs} pairs; it has ${entries.length}`,
    );
  }
  const out: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (key.trim() === '') throw vaultError(422, `${field} keys must be non-empty strings`);
    if (typeof value !== 'string')
      throw vaultError(
        422,
        `${field} value for "${key}" must be a string, got ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}`,
      );
    const n = charCount(value);
    if (n > VAULT_LIMITS.contextValueMaxChars) {
      throw vaultError(
        422,
        `${field} value for "${key}" must be at most ${VAULT_LIMITS.contextValueMaxChars} characters; it has ${n}`,
      );
    }
    out[key] = value;
  }
  return out;
}

/** `version_check` may be a string, null or absent. Anything else is a client bug worth naming. */
export function optionalVersionCheck(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string') throw vaultError(400, 'version_check must be a string or null');
  return raw;
}
