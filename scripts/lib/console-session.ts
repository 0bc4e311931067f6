/**
 * Signs a demo user in to a running console over plain HTTP (no browser), following the same
 * redirects a browser would: /sign-in → AuthKit authorize (login_hint skips the page) → /callback.
 */
export class ConsoleSession {
  private cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** The session's cookies, in the shape a browser context's addCookies() takes. */
  browserCookies(): { name: string; value: string; url: string }[] {
    return [...this.cookies].map(([name, value]) => ({ name, value, url: this.baseUrl }));
  }

  private remember(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (new URL(url, this.baseUrl).origin === new URL(this.baseUrl).origin && this.cookies.size)
      headers.set('cookie', this.cookieHeader());
    const target = new URL(url, this.baseUrl);
    const send = () => fetch(target, { ...init, headers, redirect: 'manual' });
    let res: Response;
    try {
      res = await send();
    } catch (err) {
      // fetch keeps idle keep-alive sockets per origin. After a console on this port was stopped
      // and another started (deploy.http.spec restarts one), a socket to the old process can still be
      // in the pool and is reset on first use. A GET that never reached a server is safe to send
      // once more; anything else, or any other failure, is the caller's to see.
      const method = (init.method ?? 'GET').toUpperCase();
      if ((method !== 'GET' && method !== 'HEAD') || !isStaleSocket(err)) throw err;
      res = await send();
    }
    if (new URL(url, this.baseUrl).origin === new URL(this.baseUrl).origin) this.remember(res);
    return res;
  }

  /** Signs in and lands on returnTo; resolves with that landing page's response. */
  async signIn(email: string, returnTo = '/orgs'): Promise<Response> {
    let res = await this.fetch(`/sign-in?${new URLSearchParams({ login_hint: email, returnTo })}`);
    for (let hop = 0; hop < 6 && res.status >= 300 && res.status < 400; hop++) {
      const next = new URL(res.headers.get('location')!, this.baseUrl).toString();
      res = await this.fetch(next);
    }
    if (!this.cookies.has('wos-session'))
      throw new Error(
        `sign-in as ${email} did not set a session cookie (last status ${res.status})`,
      );
    return res;
  }
}

function isStaleSocket(err: unknown): boolean {
  const code = (err as { cause?: { code?: string } } | null)?.cause?.code;
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE';
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

/** The median of unsorted figures (percentile 50 of a sorted copy). */
export function median(xs: number[]): number {
  return percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
}
