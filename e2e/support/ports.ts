/**
 * Every port the end-to-end suite uses, from one base (`E2E_PORT_BASE`, default 3210), so two
 * checkouts can run the suite side by side and no spec hard-codes a number.
 */
const base = Number(process.env.E2E_PORT_BASE ?? 3210);
if (!Number.isInteger(base) || base < 1024 || base > 60_000) {
  throw new Error(`E2E_PORT_BASE must be a whole number from 1024 to 60000; got ${base}`);
}

export const PORTS = {
  /** The production build every spec talks to. */
  console: base,
  /** Its in-memory, demo-seeded emulator. */
  emulator: base + 1000,
  /** Two extra replicas on one Postgres (replicas.http.spec.ts). */
  replicaA: base + 11,
  replicaB: base + 12,
  /** A brand-new install with an emulator of its own (first-run.spec.ts). */
  firstRun: base + 13,
  firstRunEmulator: base + 1013,
  /** Another brand-new install, for the first page view (first-run.http.spec.ts). */
  firstRunHttp: base + 17,
  firstRunHttpEmulator: base + 1017,
  /** Webhooks, the cron endpoint and restarts, with an emulator of its own (deploy.http.spec.ts). */
  deploy: base + 14,
  deployEmulator: base + 1014,
  /** A console with tiny per-person rate limits on the e2e emulator (auth-matrix.http.spec.ts). */
  rateLimited: base + 15,
  /** A console that is stopped and restarted mid-operation (tenant-migrator.spec.ts). */
  restartable: base + 16,
  /** A console killed with SIGKILL at each step of a delete and a restore (recovery-crash.spec.ts). */
  recoveryCrash: base + 19,
  /**
   * Consoles whose emulator mints another access-token issuer form (token-issuer.http.spec.ts):
   * one console and emulator per form, so the three run side by side.
   */
  issuer: base + 18,
  issuerEmulator: base + 1018,
  issuer2: base + 25,
  issuer2Emulator: base + 1025,
  issuer3: base + 26,
  issuer3Emulator: base + 1026,
  /** A console on its own Postgres with an approval policy (approvals.spec.ts). */
  approvals: base + 20,
  /** A console on its own Postgres whose policy puts changes behind approval (change-requests.spec.ts). */
  changeRequests: base + 21,
  /** A console on its own Postgres for dual control and the grant sweep (dual-control.spec.ts). */
  dualControl: base + 23,
  /** A console that sends webhook notifications to a local receiver (notifications.spec.ts). */
  notifications: base + 22,
  /** A console on its own Postgres whose policy puts key-tools decrypts behind approval (decrypt-approval.spec.ts). */
  decryptApproval: base + 24,
  /** That local receiver (plain HTTP, run by the spec itself). */
  notifyReceiver: base + 35,
} as const;

export const CONSOLE_URL = `http://localhost:${PORTS.console}`;
export const EMULATOR_URL = `http://localhost:${PORTS.emulator}`;
export const urlFor = (port: number) => `http://localhost:${port}`;
