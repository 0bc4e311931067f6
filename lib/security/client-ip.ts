/**
 * The client address to record, taken only from hops we trust. Each trusted reverse proxy appends
 * the address it saw to X-Forwarded-For, so with N trusted hops the client is the N-th entry from
 * the right; anything further left was written by the client and can be forged. With 0 trusted
 * hops (the default) the header is ignored and the address is unknown, recorded as "0.0.0.0".
 */
const UNKNOWN_CLIENT_IP = '0.0.0.0';

export function clientIp(forwardedFor: string | null | undefined, trustedHops: number): string {
  if (!forwardedFor || trustedHops < 1) return UNKNOWN_CLIENT_IP;
  const entries = forwardedFor
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const picked = entries[entries.length - trustedHops];
  if (!picked) return UNKNOWN_CLIENT_IP;
  // An address only: IPv4, or IPv6 (hex digits and colons, optionally bracketed).
  const bare = picked.replace(/^\[|\]$/g, '');
  if (/^(\d{1,3}\.){3}\d{1,3}$/.test(bare) || /^[0-9a-fA-F:.]{2,45}$/.test(bare)) return bare;
  return UNKNOWN_CLIENT_IP;
}
