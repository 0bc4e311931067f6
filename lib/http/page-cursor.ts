/** A keyset page cursor in a URL: `{ at, id }` of the last row shown, as base64url JSON. */
export type PageCursor = { at: string; id: string };

export function encodePageCursor(cursor: PageCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The cursor a `before` query parameter names, or null when it is missing or malformed. */
export function decodePageCursor(raw: string | undefined): PageCursor | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as PageCursor;
    return typeof v.at === 'string' && typeof v.id === 'string' && !Number.isNaN(Date.parse(v.at))
      ? v
      : null;
  } catch {
    return null;
  }
}
