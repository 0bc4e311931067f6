/** Launcher helpers for the local emulator's trust (security review F5/F14). */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { challengeProof, resolveControlToken } from '../../lib/emulator/guard';

/** The same token the emulator will resolve from this environment (env, data dir, or fresh). */
export function emulatorControlToken(env: Record<string, string | undefined>): string {
  const rawDir = env.EMULATOR_DATA_DIR ?? '.data/emulator';
  return resolveControlToken(env, rawDir === ':memory:' ? null : path.resolve(rawDir));
}

/** True only if the process on the port answers our challenge with an HMAC of our token. */
export async function isOurEmulator(port: number, token: string): Promise<boolean> {
  const challenge = randomBytes(16).toString('hex');
  try {
    const res = await fetch(`http://localhost:${port}/_emulator/health`, {
      headers: { 'x-emulator-challenge': challenge },
      signal: AbortSignal.timeout(5000), // a busy emulator still proves itself
    });
    return res.ok && res.headers.get('x-emulator-proof') === challengeProof(token, challenge);
  } catch {
    return false;
  }
}

/**
 * In local mode Next listens on loopback only (CONSOLE_HOST overrides, e.g. 0.0.0.0 inside a
 * container); cloud mode keeps Next's default, since a proxy usually sits in front.
 */
export function localBindArgs(
  mode: 'local' | 'cloud',
  env: Record<string, string | undefined>,
): string[] {
  if (mode !== 'local') return env.CONSOLE_HOST ? ['--hostname', env.CONSOLE_HOST] : [];
  return ['--hostname', env.CONSOLE_HOST || 'localhost'];
}
