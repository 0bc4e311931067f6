import pg from 'pg';
import type { DoctorInput } from '../../lib/doctor/checks';

/**
 * The access-token issuers the console recorded (lib/auth/issuer-seen.ts), read from its Postgres
 * database. A PGlite database belongs to the running console alone, so it is not opened here.
 */
export async function seenIssuers(
  databaseUrl: string | undefined,
): Promise<NonNullable<DoctorInput['seenIssuers']>> {
  if (!databaseUrl)
    return {
      unavailable:
        'DATABASE_URL is not set (the console keeps its data in PGlite, which only the running console may open). The console logs "[auth] access tokens carry iss …" at its first sign-in.',
    };
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const res = await client.query<{ iss: string; form: string; last_seen: Date }>(
      'select iss, form, last_seen from token_issuers_seen order by last_seen desc limit 5',
    );
    return { rows: res.rows.map((r) => ({ iss: r.iss, form: r.form, lastSeen: r.last_seen })) };
  } catch (err) {
    const code = (err as { code?: string }).code;
    return {
      unavailable:
        code === '42P01'
          ? 'The console has not started on this database yet (no token_issuers_seen table).'
          : `Could not read the console database${code ? ` (${code})` : ''}.`,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}
