/** Only same-site relative paths may be used as post-sign-in destinations (no open redirects). */
export function safeReturnPath(raw: string | null | undefined, fallback = '/orgs'): string {
  if (
    !raw ||
    !raw.startsWith('/') ||
    raw.startsWith('//') ||
    raw.startsWith('/\\') ||
    /[\u0000-\u001f]/.test(raw)
  )
    return fallback;
  try {
    const url = new URL(raw, 'http://console.invalid');
    if (url.origin !== 'http://console.invalid') return fallback;
    const out = `${url.pathname}${url.search}${url.hash}`;
    // Dot segments can collapse "/.//evil.com" into "//evil.com": check what comes out, too.
    if (!out.startsWith('/') || out.startsWith('//') || out.startsWith('/\\')) return fallback;
    return out;
  } catch {
    return fallback;
  }
}

export function consoleRedirectUri(): string | undefined {
  return (
    process.env.CONSOLE_REDIRECT_URI || process.env.NEXT_PUBLIC_WORKOS_REDIRECT_URI || undefined
  );
}
