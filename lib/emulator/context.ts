import type { PGlite } from '@electric-sql/pglite';
import type { HttpBindings } from '@hono/node-server';
import type { AuthService } from './auth-service';
import type { EmulatorApiKey, EmulatorConfig } from './config';
import type { Actor } from './events';
import type { FaultBoard } from './faults';
import type { KeyService } from './keys';
import type { RequestLog } from './request-log';
import type { VaultService } from './vault';
import type { WebhookDispatcher } from './webhooks';

/** Everything a route needs; one per running emulator. */
export type Emulator = {
  config: EmulatorConfig;
  db: PGlite;
  rootKey: Buffer;
  keys: KeyService;
  vault: VaultService;
  requestLog: RequestLog;
  faults: FaultBoard;
  startedAt: Date;
  auth: AuthService;
  /** Control-API hook: the next sign-in of this email gets an auth_time this many seconds old. */
  backdatedLogins: Map<string, number>;
  /** Delivers events to EMULATOR_WEBHOOK_URL, signed like WorkOS (lib/emulator/webhooks.ts). */
  webhooks: WebhookDispatcher;
};

export type AppVariables = {
  requestId: string;
  apiKey: EmulatorApiKey;
  environmentId: string;
  actor: Actor;
};

export type AppEnv = { Variables: AppVariables; Bindings: HttpBindings };
