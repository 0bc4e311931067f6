import 'server-only';
import { getDb } from '../db/client';
import { describeIssuerForm, type IssuerForm } from './token-issuer';

/**
 * Which access-token issuer forms this environment mints, as the console saw them: one row per
 * issuer, for `npm run doctor` (cloud mode) and one log line the first time this process sees it.
 * An issuer is not a secret; nothing else of the token is kept.
 */
const noted = new Set<string>();
const warned = new Set<string>();

export function noteIssuerSeen(iss: string, form: IssuerForm): void {
  if (noted.has(iss)) return;
  noted.add(iss);
  console.info(`[auth] access tokens carry iss ${iss} (${describeIssuerForm(form)})`);
  void getDb()
    .then((db) =>
      db.query(
        `insert into token_issuers_seen (iss, form, first_seen, last_seen) values ($1, $2, now(), now())
         on conflict (iss) do update set form = excluded.form, last_seen = now()`,
        [iss, describeIssuerForm(form)],
      ),
    )
    .catch(() => noted.delete(iss));
}

/** A validly signed token refused for its issuer or client claim: say so once, with the cause. */
export function noteRefusedToken(reason: 'client' | 'issuer', iss: string | undefined): void {
  const key = `${reason}:${iss ?? ''}`;
  if (warned.has(key)) return;
  warned.add(key);
  console.warn(
    reason === 'client'
      ? `[auth] refused an access token issued for another client (iss ${iss ?? 'none'}): check WORKOS_CLIENT_ID`
      : `[auth] refused an access token with iss ${iss ?? 'none'}: not a WorkOS issuer form for this client id. If this environment really mints it, list it in WORKOS_TOKEN_ISSUERS (README, "Access-token issuers")`,
  );
}
