/**
 * Local mode: the launcher connects the emulator's webhook delivery to the console with a secret
 * made for this start, so `npm run dev` / `npm start` get webhook freshness with no setup.
 */
import { randomBytes } from 'node:crypto';

export type LocalWebhookWiring = {
  /** For the console: WORKOS_WEBHOOK_SECRET. */
  console: Record<string, string>;
  /** For an emulator this launcher starts: EMULATOR_WEBHOOK_URL and _SECRET. */
  emulator: Record<string, string>;
  url: string;
  secret: string;
};

export function localWebhookWiring(appUrl: string, existingSecret?: string): LocalWebhookWiring {
  const secret = existingSecret || `whsec_local_${randomBytes(24).toString('base64url')}`;
  const url = `${appUrl}/api/webhooks/workos`;
  return {
    console: { WORKOS_WEBHOOK_SECRET: secret },
    emulator: { EMULATOR_WEBHOOK_URL: url, EMULATOR_WEBHOOK_SECRET: secret },
    url,
    secret,
  };
}

/**
 * An emulator that was already running (another console, `npm run emulator`): point its delivery
 * here only if nothing else is wired to it, so a second console never steals the first one's.
 * Returns whether this console now receives webhooks.
 */
export async function wireRunningEmulator(
  emulatorPort: number,
  wiring: LocalWebhookWiring,
  controlToken: string,
): Promise<boolean> {
  const base = `http://localhost:${emulatorPort}/_emulator/webhooks`;
  const auth = { 'x-emulator-token': controlToken };
  try {
    const current = (await (await fetch(base, { headers: auth })).json()) as {
      configured?: boolean;
      url?: string;
    };
    if (current.configured && current.url !== wiring.url) return false;
    const res = await fetch(base, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ url: wiring.url, secret: wiring.secret }),
    });
    return res.ok;
  } catch {
    return false; // an older emulator without webhooks: the console polls, as before
  }
}
