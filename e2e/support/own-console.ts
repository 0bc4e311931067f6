import type { Browser, Page } from '@playwright/test';
import pg from 'pg';
import { startTestPostgres, type TestPostgres } from '../../lib/testing/postgres';
import { ConsoleSession } from '../../scripts/lib/console-session';
import { sessionAction } from './actions';
import { buildActions } from './entry-points';
import {
  E2E_SIGN_IN_LIFETIME_SECONDS,
  startConsole,
  waitUp,
  type ConsoleProcess,
} from './console-process';
import { expect, test } from './fixtures';
import { PORTS, urlFor } from './ports';

const EMAILS = {
  admin: 'admin@example.com',
  approver: 'approver@example.com',
  support: 'support@example.com',
} as const;
export type Who = keyof typeof EMAILS;

/** A server action's reply, as the specs read it. */
export type Reply = {
  ok: boolean;
  data?: Record<string, unknown>;
  error?: { code: string; message: string };
};

/**
 * A console of one spec's own: its own Postgres (so an approval policy or a backdated row changes
 * nothing for other specs), the suite's emulator, sign-in age and rate limits the tests cannot
 * run into, and signed-in HTTP sessions for the people the spec names. Registers the spec's
 * serial mode and its beforeAll/afterAll; `before`/`ready`/`after` run around them (a local
 * receiver, a policy row).
 */
export function ownConsole<W extends Who>(
  port: number,
  opts: {
    who: readonly W[];
    env?: Record<string, string>;
    before?: () => Promise<void>;
    ready?: (db: pg.Client) => Promise<void>;
    after?: () => Promise<void>;
  },
) {
  const base = urlFor(port);
  const sessions = Object.fromEntries(opts.who.map((w) => [w, new ConsoleSession(base)])) as Record<
    W,
    ConsoleSession
  >;
  let database: TestPostgres | null = null;
  let server: ConsoleProcess | null = null;
  let client: pg.Client | null = null;

  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async () => {
    test.setTimeout(180_000);
    await opts.before?.();
    database = await startTestPostgres();
    server = await startConsole(port, {
      EMULATOR_PORT: String(PORTS.emulator),
      DATABASE_URL: database.url,
      INDEX_SYNC_INTERVAL_SECONDS: '2',
      RECENT_AUTH_MAX_AGE_SECONDS: String(E2E_SIGN_IN_LIFETIME_SECONDS),
      REVEAL_MASK_AFTER_SECONDS: '30',
      RATE_LIMIT_VALUE_READS: '100000/600',
      RATE_LIMIT_WRITES: '100000/600',
      ...opts.env,
    });
    await waitUp(`${base}/api/health`, server);
    client = new pg.Client({ connectionString: database.url });
    client.on('error', () => undefined);
    await client.connect();
    for (const w of opts.who) await sessions[w].signIn(EMAILS[w]);
    await opts.ready?.(client);
  });
  test.afterAll(async () => {
    await client?.end().catch(() => undefined);
    await server?.stop();
    await database?.stop();
    await opts.after?.();
  });

  const act = async (who: W, path: string, name: string, input: unknown) => {
    const r = await sessionAction(sessions[who], path, name, input);
    return { text: r.text, result: r.result as Reply | null };
  };

  return {
    base,
    sessions,
    /** The console's own database, for reading and backdating rows. */
    db: {
      query: <R extends pg.QueryResultRow>(text: string, values?: unknown[]) =>
        client!.query<R>(text, values),
    },
    /** A browser page signed in as `who`. */
    async browserAs(browser: Browser, who: W, width = 1360): Promise<Page> {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      await context.addCookies(sessions[who].browserCookies());
      return context.newPage();
    },
    /** Calls a server action as `who`, the way the browser does. */
    act,
    /**
     * Saves the environment's approval policy as an admin, through the policy page's action, on
     * top of the version stored now: the fields of the action's own declared probe (the policy
     * defaults: reveals need approval, nothing else), with `fields` changed.
     */
    async savePolicy(fields: Record<string, unknown> = {}) {
      const current = await client!.query<{ version: number }>(
        `select version from approval_policies where scope = 'environment'`,
      );
      const probe = buildActions().specs.saveApprovalPolicy!.input(NO_CONTEXT) as {
        fields: Record<string, unknown>;
      };
      const saved = await act('admin' as W, '/settings/approvals', 'saveApprovalPolicy', {
        scope: 'environment',
        versionCheck: current.rows[0]?.version ?? 0,
        fields: { ...probe.fields, ...fields },
      });
      expect(saved.result?.ok, saved.text).toBe(true);
    },
  };
}

/** The probe of an action that names no organization or object ignores its context. */
const NO_CONTEXT = { orgId: '', objectId: '', objectName: '', versionId: '' };
