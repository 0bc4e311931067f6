import type { Context, Hono } from 'hono';
import type { AppEnv, Emulator } from './context';
import {
  getUser,
  getUserByEmail,
  listMemberships,
  listUsers,
  membershipsOfUser,
  membershipJson,
  userJson,
} from './directory';
import { apiError, readJsonObject } from './http';
import { oauthError } from './auth-service';
import { errorPage, escapeHtml, hiddenFields, page } from './pages';
import {
  currentBrowserSession,
  endBrowserSession,
  needsFreshAuthentication,
  startBrowserSession,
  type BrowserSession,
} from './browser-session';

type AuthorizeParams = {
  client_id: string;
  redirect_uri: string;
  response_type: string;
  code_challenge: string;
  code_challenge_method: string;
  state?: string;
  screen_hint?: string;
  login_hint?: string;
  organization_id?: string;
  max_age?: string;
  prompt?: string;
};

const PARAM_NAMES = [
  'client_id',
  'redirect_uri',
  'response_type',
  'code_challenge',
  'code_challenge_method',
  'state',
  'screen_hint',
  'login_hint',
  'organization_id',
  'max_age',
  'prompt',
] as const;

function pick(get: (k: string) => string | undefined): AuthorizeParams {
  const out: Record<string, string | undefined> = {};
  for (const k of PARAM_NAMES) out[k] = get(k);
  return out as AuthorizeParams;
}

/** Problems that must never redirect (unknown client, redirect URI off the allow-list) render a page. */
function checkAuthorize(emu: Emulator, p: AuthorizeParams): string | null {
  if (p.client_id !== emu.config.clientId)
    return `Unknown client_id "${p.client_id ?? ''}". This emulator serves "${emu.config.clientId}".`;
  if (!p.redirect_uri || !emu.config.redirectUris.includes(p.redirect_uri)) {
    return `redirect_uri "${p.redirect_uri ?? ''}" is not on the allow-list (${emu.config.redirectUris.join(', ')}). Set EMULATOR_REDIRECT_URIS to add one.`;
  }
  if (p.response_type !== 'code') return 'response_type must be "code".';
  if (!p.code_challenge || !/^[A-Za-z0-9_-]{43}$/.test(p.code_challenge))
    return 'A PKCE code_challenge (43 base64url characters) is required.';
  if (p.code_challenge_method !== 'S256')
    return 'code_challenge_method must be "S256"; plain PKCE is not accepted.';
  if (p.max_age !== undefined && p.max_age !== '' && !/^\d{1,9}$/.test(p.max_age))
    return 'max_age must be a whole number of seconds (0 or more).';
  return null;
}

function redirectWith(c: Context, redirectUri: string, params: Record<string, string | undefined>) {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return c.redirect(url.toString(), 302);
}

async function completeSignIn(
  c: Context,
  emu: Emulator,
  p: AuthorizeParams,
  userId: string,
  organizationId: string | null,
  /** A live AuthKit browser session that completes this sign-in silently, keeping its auth_time. */
  continued?: BrowserSession,
) {
  const user = await getUser(emu.db, userId);
  if (!user) return c.html(errorPage('Sign-in failed', 'That user does not exist.'), 400);
  let authTime: Date;
  if (continued) {
    authTime = continued.authTime;
    continued.organizationId = organizationId;
  } else {
    const backdate = emu.backdatedLogins.get(user.email.toLowerCase());
    if (backdate !== undefined) emu.backdatedLogins.delete(user.email.toLowerCase());
    authTime = new Date(Date.now() - (backdate ?? 0) * 1000);
    startBrowserSession(c, emu, { userId, organizationId, authTime });
  }
  const code = await emu.auth.issueCode({
    userId,
    organizationId,
    redirectUri: p.redirect_uri,
    codeChallenge: p.code_challenge,
    authTime,
  });
  return redirectWith(c, p.redirect_uri, { code, state: p.state });
}

function userButton(
  u: { id: string; email: string; first_name: string | null; last_name: string | null },
  detail: string,
  hinted = false,
) {
  return `<li><button type="submit" name="user_id"${hinted ? ' data-hinted="true" autofocus' : ''} value="${escapeHtml(u.id)}">
    <span class="name">${escapeHtml([u.first_name, u.last_name].filter(Boolean).join(' ') || u.email)}</span>
    <span class="sub">${escapeHtml(u.email)} · ${escapeHtml(detail)}</span></button></li>`;
}

async function renderUserPicker(c: Context, emu: Emulator, p: AuthorizeParams) {
  const hint = p.login_hint?.toLowerCase();
  // The hinted user (login_hint) first and focused: pre-selected, still one click away.
  const users = (await listUsers(emu.db)).sort(
    (a, b) => Number(b.email.toLowerCase() === hint) - Number(a.email.toLowerCase() === hint),
  );
  const items: string[] = [];
  for (const u of users) {
    const ms = await membershipsOfUser(emu.db, u.id);
    const detail =
      ms.length === 0
        ? 'no organization'
        : ms.length === 1
          ? `${ms[0]!.organization_name} · ${ms[0]!.role_slug}`
          : `${ms.length} organizations`;
    items.push(userButton(u, detail, u.email.toLowerCase() === hint));
  }
  const heading = p.screen_hint === 'sign-up' ? 'Create an account' : 'Sign in';
  return c.html(
    page(
      heading,
      `<h1>${heading}</h1><p class="lead">Choose a seeded user to continue to the console.</p>
    <form method="post" action="/user_management/authorize/complete">${hiddenFields(p)}<ul>${items.join('')}</ul></form>
    <form method="post" action="/user_management/authorize/cancel">${hiddenFields(p)}<button class="link" type="submit">Cancel and return</button></form>`,
    ),
  );
}

async function renderOrgPicker(c: Context, emu: Emulator, p: AuthorizeParams, userId: string) {
  const user = await getUser(emu.db, userId);
  const ms = await membershipsOfUser(emu.db, userId);
  const items = ms.map(
    (
      m,
    ) => `<li><button type="submit" name="organization_id" value="${escapeHtml(m.organization_id)}">
    <span class="name">${escapeHtml(m.organization_name)}</span><span class="sub">Role: ${escapeHtml(m.role_slug)}</span></button></li>`,
  );
  return c.html(
    page(
      'Choose an organization',
      `<h1>Choose an organization</h1>
    <p class="lead">${escapeHtml(user?.email ?? '')} belongs to several organizations. Which one is this session for?</p>
    <form method="post" action="/user_management/authorize/complete">${hiddenFields({ ...p, organization_id: undefined, user_id: userId })}<ul>${items.join('')}</ul></form>`,
    ),
  );
}

export function registerAuthRoutes(app: Hono<AppEnv>, emu: Emulator): void {
  app.get('/sso/jwks/:clientId', async (c) => {
    if (c.req.param('clientId') !== emu.config.clientId)
      throw apiError(404, `Unknown client "${c.req.param('clientId')}"`);
    return c.json(await emu.auth.jwks(), 200);
  });

  app.get('/user_management/authorize', async (c) => {
    const p = pick((k) => c.req.query(k));
    const problem = checkAuthorize(emu, p);
    if (problem) return c.html(errorPage('Cannot start sign-in', problem), 400);
    // login_hint picks the user without a page only when no fresh authentication is asked for:
    // with prompt=login or any max_age it pre-selects the user on the sign-in page (R3-13).
    const freshAsked =
      (p.prompt ?? '').split(' ').includes('login') ||
      (p.max_age !== undefined && p.max_age !== '');
    if (p.login_hint && freshAsked) return renderUserPicker(c, emu, p);
    if (p.login_hint) {
      const user = await getUserByEmail(emu.db, p.login_hint);
      if (user) {
        const ms = await membershipsOfUser(emu.db, user.id);
        const wanted = p.organization_id && ms.find((m) => m.organization_id === p.organization_id);
        if (wanted) return completeSignIn(c, emu, p, user.id, wanted.organization_id);
        if (ms.length <= 1)
          return completeSignIn(c, emu, p, user.id, ms[0]?.organization_id ?? null);
        return renderOrgPicker(c, emu, p, user.id);
      }
    }
    const session = currentBrowserSession(c, emu);
    if (session && !needsFreshAuthentication(session, p)) {
      const ms = await membershipsOfUser(emu.db, session.userId);
      const member = (id: string | null | undefined) =>
        id ? ms.find((m) => m.organization_id === id)?.organization_id : undefined;
      const org =
        member(p.organization_id) ??
        member(session.organizationId) ??
        (ms.length <= 1 ? (ms[0]?.organization_id ?? null) : undefined);
      if (org !== undefined) return completeSignIn(c, emu, p, session.userId, org, session);
      return renderOrgPicker(c, emu, p, session.userId);
    }
    return renderUserPicker(c, emu, p);
  });

  app.post('/user_management/authorize/complete', async (c) => {
    const form = await c.req.parseBody();
    const get = (k: string) => (typeof form[k] === 'string' ? (form[k] as string) : undefined);
    const p = pick(get);
    const problem = checkAuthorize(emu, p);
    if (problem) return c.html(errorPage('Cannot finish sign-in', problem), 400);
    const userId = get('user_id');
    if (!userId) return renderUserPicker(c, emu, p);
    // Only the organization picker of a silently continued session posts here while that session
    // is alive and fresh enough; it keeps the session's auth_time.
    const live = currentBrowserSession(c, emu);
    const continued =
      live && live.userId === userId && !needsFreshAuthentication(live, p) ? live : undefined;
    const ms = await membershipsOfUser(emu.db, userId);
    const chosen = get('organization_id');
    if (chosen) {
      if (!ms.some((m) => m.organization_id === chosen))
        return c.html(
          errorPage('Sign-in failed', 'You are not a member of that organization.'),
          400,
        );
      return completeSignIn(c, emu, p, userId, chosen, continued);
    }
    if (ms.length > 1) return renderOrgPicker(c, emu, p, userId);
    return completeSignIn(c, emu, p, userId, ms[0]?.organization_id ?? null, continued);
  });

  app.post('/user_management/authorize/cancel', async (c) => {
    const form = await c.req.parseBody();
    const p = pick((k) => (typeof form[k] === 'string' ? (form[k] as string) : undefined));
    const problem = checkAuthorize(emu, p);
    if (problem) return c.html(errorPage('Cannot cancel sign-in', problem), 400);
    return redirectWith(c, p.redirect_uri, {
      error: 'access_denied',
      error_description: 'The user cancelled sign-in.',
      state: p.state,
    });
  });

  app.post('/user_management/authenticate', async (c) => {
    const body = await readJsonObject(c, 'api');
    const str = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
    if (str('client_id') !== emu.config.clientId)
      throw oauthError('invalid_client', `Unknown client_id "${str('client_id') ?? ''}".`);
    const secret = str('client_secret');
    if (!secret || !emu.config.apiKeys.some((k) => k.secret === secret))
      // Spec: a bad client is a 400 {error: invalid_client} (the operation documents no 401).
      throw oauthError(
        'invalid_client',
        'client_secret must be a valid API key for this environment.',
      );
    const grant = str('grant_type');
    if (grant === 'authorization_code') {
      const code = str('code');
      const verifier = str('code_verifier');
      if (!code) throw oauthError('invalid_request', 'code is required.');
      if (!verifier) throw oauthError('invalid_grant', 'code_verifier is required for PKCE.');
      return c.json(await emu.auth.exchangeCode(code, verifier), 200);
    }
    if (grant === 'refresh_token') {
      const token = str('refresh_token');
      if (!token) throw oauthError('invalid_request', 'refresh_token is required.');
      return c.json(await emu.auth.refresh(token, str('organization_id')), 200);
    }
    throw oauthError(
      'unsupported_grant_type',
      `grant_type "${grant ?? ''}" is not supported; use authorization_code or refresh_token.`,
    );
  });

  app.get('/user_management/sessions/logout', async (c) => {
    const sessionId = c.req.query('session_id');
    if (!sessionId) throw apiError(422, 'session_id is required', { code: 'invalid_request' });
    await emu.auth.revokeSession(sessionId);
    endBrowserSession(c, emu);
    const returnTo = c.req.query('return_to');
    const fallback = `${emu.config.logoutReturnOrigins[0] ?? 'http://localhost:3000'}/`;
    let target = fallback;
    if (returnTo) {
      try {
        if (emu.config.logoutReturnOrigins.includes(new URL(returnTo).origin)) target = returnTo;
      } catch {
        // not a URL: fall back
      }
    }
    return c.redirect(target, 302);
  });

  // Server-side revocation (SDK: userManagement.revokeSession). Needs the API key; the session's
  // refresh token stops working at once. The SDK ignores the reply body; we answer with the
  // session object in its revoked state (one plausible documented shape; `{}` is the other).
  app.post('/user_management/sessions/revoke', async (c) => {
    const body = await readJsonObject(c, 'api');
    const sessionId = typeof body.session_id === 'string' ? body.session_id : '';
    if (!sessionId) throw apiError(422, 'session_id is required', { code: 'invalid_request' });
    const session = await emu.auth.revokeSessionById(sessionId);
    if (!session)
      throw apiError(404, `Session not found: '${sessionId}'.`, { code: 'entity_not_found' });
    return c.json(session);
  });

  // List users (spec: UserlandUsersController_list): email, organization_id (or the deprecated
  // organization), limit 1–100 (default 10), order desc (default) | asc | normal, and before /
  // after cursors by user id, in creation order.
  app.get('/user_management/users', async (c) => {
    const q = (k: string) => c.req.query(k) || undefined;
    const limit = q('limit') === undefined ? 10 : Number(q('limit'));
    if (!Number.isInteger(limit) || limit < 1 || limit > 100)
      throw apiError(422, 'limit must be an integer between 1 and 100', {
        code: 'invalid_request',
      });
    const order = q('order') ?? 'desc';
    if (!['desc', 'asc', 'normal'].includes(order))
      throw apiError(422, "order must be one of 'normal', 'desc', 'asc'", {
        code: 'invalid_request',
      });
    const email = q('email')?.toLowerCase();
    const orgId = q('organization_id') ?? q('organization');
    const members = orgId
      ? new Set(
          (
            await listMemberships(emu.db, {
              organizationId: orgId,
              statuses: ['active', 'pending'],
            })
          ).map((m) => m.user_id),
        )
      : null;
    const byCreation = (await listUsers(emu.db))
      .filter((u) => (!email || u.email.toLowerCase() === email) && (!members || members.has(u.id)))
      .sort(
        (a, b) =>
          new Date(a.created_at).getTime() - new Date(b.created_at).getTime() ||
          a.id.localeCompare(b.id),
      );
    const all = order === 'asc' ? byCreation : byCreation.reverse();
    const at = (id: string | undefined) => (id ? all.findIndex((u) => u.id === id) : -1);
    const after = at(q('after'));
    const before = at(q('before'));
    const start = after >= 0 ? after + 1 : before >= 0 ? Math.max(0, before - limit) : 0;
    const end = before >= 0 && after < 0 ? before : Math.min(all.length, start + limit);
    const page = all.slice(start, end);
    return c.json(
      {
        object: 'list',
        data: page.map(userJson),
        list_metadata: {
          before: start > 0 && page[0] ? page[0].id : null,
          after: end < all.length && page.length ? page[page.length - 1]!.id : null,
        },
      },
      200,
    );
  });

  app.get('/user_management/users/:id', async (c) => {
    const user = await getUser(emu.db, c.req.param('id'));
    if (!user)
      throw apiError(404, `User not found: ${c.req.param('id')}`, { code: 'entity_not_found' });
    return c.json(userJson(user), 200);
  });

  app.get('/user_management/organization_memberships', async (c) => {
    const userId = c.req.query('user_id') || undefined;
    const organizationId = c.req.query('organization_id') || undefined;
    if (!userId && !organizationId)
      throw apiError(422, 'Either user_id or organization_id is required', {
        code: 'invalid_request',
      });
    const statuses = (c.req.query('statuses') ?? 'active').split(',').filter(Boolean);
    const rows = await listMemberships(emu.db, { userId, organizationId, statuses });
    // Spec UserlandUserOrganizationMembership: each membership embeds its user.
    const users = new Map<string, ReturnType<typeof userJson> | null>();
    for (const id of new Set(rows.map((m) => m.user_id))) {
      const u = await getUser(emu.db, id);
      users.set(id, u ? userJson(u) : null);
    }
    return c.json(
      {
        object: 'list',
        data: rows.map((m) => ({ ...membershipJson(m), user: users.get(m.user_id) })),
        list_metadata: { before: null, after: null },
      },
      200,
    );
  });
}
