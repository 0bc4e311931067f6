import type { APIRequestContext } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { ConsoleSession } from '../../scripts/lib/console-session';

type Manifest = { node: Record<string, { filename: string; exportedName: string }> };

/** Server action ids of the build under test, by exported name (from Next's own manifest). */
export function actionIds(): Map<string, { id: string; filename: string }> {
  const manifest = JSON.parse(
    readFileSync('.next/server/server-reference-manifest.json', 'utf8'),
  ) as Manifest;
  return new Map(
    Object.entries(manifest.node).map(([id, v]) => [v.exportedName, { id, filename: v.filename }]),
  );
}

export function actionId(name: string): string {
  const found = actionIds().get(name);
  if (!found) throw new Error(`no server action named ${name} in this build`);
  return found.id;
}

/** The result object inside a server action's RSC reply, if there is one. */
export function parseActionReply(text: string): Record<string, unknown> | null {
  for (const line of text.split('\n')) {
    const m = /^[0-9a-f]+:(\{.*\})$/.exec(line);
    if (!m) continue;
    try {
      const parsed = JSON.parse(m[1]!) as Record<string, unknown>;
      if ('ok' in parsed) return parsed;
    } catch {
      // not JSON: another RSC row
    }
  }
  return null;
}

/** Calls a server action the way the browser does: a POST with the Next-Action header. */
export async function postAction(
  request: APIRequestContext,
  pagePath: string,
  name: string,
  args: unknown[],
  headers: Record<string, string> = {},
) {
  const res = await request.post(pagePath, {
    headers: {
      'next-action': actionId(name),
      'content-type': 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
      ...headers,
    },
    data: JSON.stringify(args),
    maxRedirects: 0,
  });
  const text = await res.text();
  return { status: res.status(), text, result: parseActionReply(text), headers: res.headers() };
}

/** The same POST from a plain-HTTP signed-in session (no browser): load tests, replicas, bench. */
export async function sessionAction(
  session: ConsoleSession,
  pagePath: string,
  name: string,
  input: unknown,
  headers: Record<string, string> = {},
) {
  const res = await session.fetch(pagePath, {
    method: 'POST',
    headers: {
      'next-action': actionId(name),
      'content-type': 'text/plain;charset=UTF-8',
      accept: 'text/x-component',
      ...headers,
    },
    body: JSON.stringify([input]),
  });
  const text = await res.text();
  return { status: res.status, text, result: parseActionReply(text) };
}
