import {
  createHash,
  createPrivateKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';
import { seedPermissionsForRole } from './seed-roles';
import type { Emulator } from './context';
import {
  activeMembership,
  getUser,
  getUserByEmail,
  membershipsOfUser,
  userJson,
  type MembershipRow,
} from './directory';
import { HttpError } from './http';
import { prefixedUlid, randomToken, sha256Hex } from './ids';
import { certificateMembers, selfSignedCertificate } from './x509';

const CODE_TTL_MS = 10 * 60 * 1000;

type SigningKey = { kid: string; privateKey: KeyObject; publicJwk: Record<string, string> };

function b64url(input: Buffer | string): string {
  return Buffer.from(input).toString('base64url');
}

/** RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order. */
function thumbprint(jwk: { e: string; n: string }): string {
  return b64url(
    createHash('sha256')
      .update(JSON.stringify({ e: jwk.e, kty: 'RSA', n: jwk.n }))
      .digest(),
  );
}

export function oauthError(error: string, description: string, status: 400 | 401 = 400): HttpError {
  return new HttpError(status, { error, error_description: description });
}

/**
 * AuthKit's server side: authorization codes (PKCE S256), sessions, single-use rotating refresh
 * tokens and RS256 access tokens. The signing key lives in the database, so restarts keep sessions.
 */
export class AuthService {
  private signingKey: SigningKey | null = null;

  constructor(private readonly emu: Emulator) {}

  async key(): Promise<SigningKey> {
    if (this.signingKey) return this.signingKey;
    const found = await this.emu.db.query<{
      kid: string;
      private_pem: string;
      public_jwk: Record<string, string>;
    }>('select kid, private_pem, public_jwk from signing_keys order by created_at limit 1');
    let row = found.rows[0];
    if (!row) {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const jwk = publicKey.export({ format: 'jwk' }) as { e: string; n: string };
      const kid = thumbprint(jwk);
      const publicJwk = { kty: 'RSA', n: jwk.n, e: jwk.e, kid, alg: 'RS256', use: 'sig' };
      const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
      await this.emu.db.query(
        'insert into signing_keys (kid, private_pem, public_jwk) values ($1, $2, $3) on conflict do nothing',
        [kid, pem, JSON.stringify(publicJwk)],
      );
      row = { kid, private_pem: pem, public_jwk: publicJwk };
    }
    this.signingKey = {
      kid: row.kid,
      privateKey: createPrivateKey(row.private_pem),
      publicJwk: row.public_jwk,
    };
    return this.signingKey;
  }

  private certMembers: ReturnType<typeof certificateMembers> | null = null;

  /** Spec JwksResponse: each key also carries its certificate (`x5c`, `x5t#S256`). */
  async jwks() {
    const key = await this.key();
    this.certMembers ??= certificateMembers(
      selfSignedCertificate(
        key.privateKey,
        `WorkOS emulator ${this.emu.config.clientId}`,
        new Date('2024-01-01T00:00:00Z'),
        createHash('sha256').update(key.kid).digest().subarray(0, 16),
      ),
    );
    return { keys: [{ ...key.publicJwk, ...this.certMembers }] };
  }

  /** See EmulatorConfig.tokenIssuer: each `iss` shape WorkOS mints, by environment. */
  get issuer(): string {
    const setting = this.emu.config.tokenIssuer ?? { kind: 'client' };
    if (setting.kind === 'legacy') return 'https://api.workos.com';
    if (setting.kind === 'custom') return setting.url;
    return `${this.emu.config.publicUrl}/user_management/${this.emu.config.clientId}`;
  }

  async issueCode(input: {
    userId: string;
    organizationId: string | null;
    redirectUri: string;
    codeChallenge: string;
    authTime?: Date;
  }): Promise<string> {
    const code = randomToken(24);
    await this.emu.db.query(
      'insert into auth_codes (code_hash, client_id, user_id, organization_id, redirect_uri, code_challenge, created_at, auth_time) values ($1, $2, $3, $4, $5, $6, now(), $7)',
      [
        sha256Hex(code),
        this.emu.config.clientId,
        input.userId,
        input.organizationId,
        input.redirectUri,
        input.codeChallenge,
        input.authTime ?? new Date(),
      ],
    );
    return code;
  }

  /** `authorization_code` grant. The code is consumed even when the verifier is wrong. */
  async exchangeCode(code: string, verifier: string) {
    const codeHash = sha256Hex(code);
    // Consume first, in its own statement, so a failed exchange can never be retried.
    const consumed = await this.emu.db.query<{
      user_id: string;
      organization_id: string | null;
      code_challenge: string;
      created_at: Date;
      auth_time: Date | null;
    }>(
      'update auth_codes set used_at = now() where code_hash = $1 and used_at is null returning user_id, organization_id, code_challenge, created_at, auth_time',
      [codeHash],
    );
    const row = consumed.rows[0];
    if (!row) {
      const known = await this.emu.db.query('select 1 from auth_codes where code_hash = $1', [
        codeHash,
      ]);
      throw oauthError(
        'invalid_grant',
        known.rows.length
          ? 'The authorization code has already been used.'
          : 'The authorization code is not valid.',
      );
    }
    if (Date.now() - row.created_at.getTime() > CODE_TTL_MS)
      throw oauthError(
        'invalid_grant',
        'The authorization code has expired (codes are valid for 10 minutes).',
      );
    const expected = createHash('sha256').update(verifier).digest('base64url');
    if (expected !== row.code_challenge)
      throw oauthError(
        'invalid_grant',
        'code_verifier does not match the code_challenge sent to /authorize.',
      );
    return this.emu.db.transaction(async (tx) => {
      const user = await getUser(tx, row.user_id);
      if (!user) throw oauthError('invalid_grant', 'The user behind this code no longer exists.');
      let orgId = row.organization_id;
      if (!orgId) {
        const memberships = await membershipsOfUser(tx, user.id);
        if (memberships.length === 1) orgId = memberships[0]!.organization_id;
      }
      const membership = orgId ? await activeMembership(tx, user.id, orgId) : null;
      const sessionId = prefixedUlid('session');
      const authTime = row.auth_time ?? row.created_at;
      await tx.query(
        'insert into sessions (id, user_id, organization_id, auth_time, created_at) values ($1, $2, $3, $4, now())',
        [sessionId, user.id, membership?.organization_id ?? null, authTime],
      );
      await tx.query('update users set last_sign_in_at = now() where id = $1', [user.id]);
      const refreshToken = await this.newRefreshToken(tx, sessionId);
      const fresh = (await getUser(tx, user.id))!;
      return this.authResponse(fresh, membership, sessionId, authTime, refreshToken);
    });
  }

  /** `refresh_token` grant: single use, rotated, same `sid`; an organization switch needs membership. */
  async refresh(refreshToken: string, organizationId: string | undefined) {
    return this.emu.db.transaction(async (tx) => {
      const r = await tx.query<{
        session_id: string;
        used_at: Date | null;
        user_id: string;
        org: string | null;
        auth_time: Date;
        revoked_at: Date | null;
      }>(
        `select t.session_id, t.used_at, s.user_id, s.organization_id as org, s.auth_time, s.revoked_at
         from refresh_tokens t join sessions s on s.id = t.session_id where t.token_hash = $1`,
        [sha256Hex(refreshToken)],
      );
      const row = r.rows[0];
      if (!row) throw oauthError('invalid_grant', 'The refresh token is not valid.');
      if (row.revoked_at)
        throw oauthError('invalid_grant', 'The session has ended (signed out or revoked).');
      if (row.used_at)
        throw oauthError(
          'invalid_grant',
          'The refresh token has already been used; refresh tokens are single-use.',
        );
      await tx.query('update refresh_tokens set used_at = now() where token_hash = $1', [
        sha256Hex(refreshToken),
      ]);
      const user = await getUser(tx, row.user_id);
      if (!user) throw oauthError('invalid_grant', 'The user no longer exists.');
      const targetOrg = organizationId ?? row.org;
      let membership: MembershipRow | null = null;
      if (targetOrg) {
        membership = await activeMembership(tx, user.id, targetOrg);
        if (!membership)
          throw oauthError(
            'invalid_grant',
            `User ${user.id} has no active membership in organization ${targetOrg}.`,
          );
      }
      await tx.query('update sessions set organization_id = $2 where id = $1', [
        row.session_id,
        membership?.organization_id ?? null,
      ]);
      const next = await this.newRefreshToken(tx, row.session_id);
      return this.authResponse(user, membership, row.session_id, row.auth_time, next);
    });
  }

  /** Test hook: tokens of a session that ended two hours ago (expired access token, dead refresh token). */
  async expiredTokens(email: string) {
    const user = await getUserByEmail(this.emu.db, email);
    if (!user) return null;
    const [membership] = await membershipsOfUser(this.emu.db, user.id);
    const sessionId = prefixedUlid('session');
    // Issued long enough ago that the access token has expired whatever its configured lifetime.
    const past = Date.now() - (this.emu.config.accessTokenTtlSeconds + 3600) * 1000;
    await this.emu.db.query(
      'insert into sessions (id, user_id, organization_id, auth_time, created_at, revoked_at) values ($1, $2, $3, $4, $4, now())',
      [sessionId, user.id, membership?.organization_id ?? null, new Date(past)],
    );
    const refreshToken = await this.newRefreshToken(this.emu.db, sessionId);
    const accessToken = await this.accessToken(
      user.id,
      membership ?? null,
      sessionId,
      new Date(past),
      past,
    );
    return {
      user: userJson(user),
      access_token: accessToken,
      refresh_token: refreshToken,
      session_id: sessionId,
    };
  }

  async revokeSession(sessionId: string): Promise<boolean> {
    const r = await this.emu.db.query(
      'update sessions set revoked_at = now() where id = $1 and revoked_at is null',
      [sessionId],
    );
    return (r.affectedRows ?? 0) > 0;
  }

  /** Revokes (idempotently) and returns the session object, or null for an unknown id. */
  async revokeSessionById(sessionId: string): Promise<Record<string, unknown> | null> {
    await this.revokeSession(sessionId);
    const r = await this.emu.db.query<{
      id: string;
      user_id: string;
      organization_id: string | null;
      created_at: Date;
      revoked_at: Date | null;
    }>('select id, user_id, organization_id, created_at, revoked_at from sessions where id = $1', [
      sessionId,
    ]);
    const row = r.rows[0];
    if (!row) return null;
    const ended = (row.revoked_at ?? new Date()).toISOString();
    return {
      object: 'session',
      id: row.id,
      user_id: row.user_id,
      organization_id: row.organization_id,
      status: 'revoked',
      auth_method: 'password',
      ip_address: null,
      user_agent: null,
      expires_at: null,
      ended_at: ended,
      created_at: row.created_at.toISOString(),
      updated_at: ended,
    };
  }

  private async newRefreshToken(
    tx: Pick<Emulator['db'], 'query'>,
    sessionId: string,
  ): Promise<string> {
    const token = randomToken(32);
    await tx.query(
      'insert into refresh_tokens (token_hash, session_id, created_at) values ($1, $2, now())',
      [sha256Hex(token), sessionId],
    );
    return token;
  }

  private async authResponse(
    user: Parameters<typeof userJson>[0],
    membership: MembershipRow | null,
    sessionId: string,
    authTime: Date,
    refreshToken: string,
  ) {
    const accessToken = await this.accessToken(user.id, membership, sessionId, authTime);
    return {
      user: userJson(user),
      ...(membership ? { organization_id: membership.organization_id } : {}),
      access_token: accessToken,
      refresh_token: refreshToken,
      authentication_method: 'Password',
    };
  }

  async accessToken(
    userId: string,
    membership: MembershipRow | null,
    sessionId: string,
    authTime: Date,
    now = Date.now(),
  ): Promise<string> {
    const key = await this.key();
    const iat = Math.floor(now / 1000);
    const payload: Record<string, unknown> = {
      iss: this.issuer,
      sub: userId,
      sid: sessionId,
      jti: prefixedUlid('jti').slice(4),
      iat,
      exp: iat + this.emu.config.accessTokenTtlSeconds,
      auth_time: Math.floor(authTime.getTime() / 1000),
      // Production AuthKit includes client_id; entitlements and feature_flags are omitted when
      // empty (WorkOS docs; workos/emulate src/core/jwt.ts).
      client_id: this.emu.config.clientId,
    };
    if (membership) {
      payload.org_id = membership.organization_id;
      payload.role = membership.role_slug;
      payload.roles = [membership.role_slug];
      payload.permissions = seedPermissionsForRole(membership.role_slug);
    }
    const header = { alg: 'RS256', typ: 'JWT', kid: key.kid };
    const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
    const signature = sign('RSA-SHA256', Buffer.from(signingInput), key.privateKey);
    return `${signingInput}.${b64url(signature)}`;
  }
}
