/**
 * The benchmarks start emulators of their own, whose control API (/_emulator/*) needs a per-start
 * token. Importing this module makes one for the whole bench run (unless the shell set one), so
 * every emulator and console the bench starts, and every control call it makes, share it.
 */
import { randomBytes } from 'node:crypto';

process.env.EMULATOR_CONTROL_TOKEN ||= randomBytes(24).toString('base64url');

/** Headers for a control-API call: the token, and JSON, which the control API requires. */
export function benchControlHeaders(): Record<string, string> {
  return {
    'x-emulator-token': process.env.EMULATOR_CONTROL_TOKEN!,
    'content-type': 'application/json',
  };
}
