import type { Metadata } from 'next';
import { cookies, headers } from 'next/headers';
import { DisplayPrefsProvider } from '@/components/prefs/display-prefs';
import { CorrelationIdProvider } from '@/components/layout/request-info';
import { parseTheme, parseTimePref, THEME_COOKIE, TIME_COOKIE } from '@/lib/ui-prefs';
import { Providers } from './providers';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Vault Console', template: '%s · Vault Console' },
  description: 'Admin console for secrets kept in WorkOS Vault',
  referrer: 'no-referrer',
  robots: { index: false, follow: false },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Read on the server so the first paint already has the chosen theme (no flash, no script).
  const jar = await cookies();
  const theme = parseTheme(jar.get(THEME_COOKIE)?.value);
  const time = parseTimePref(jar.get(TIME_COOKIE)?.value);
  const correlationId = (await headers()).get('x-correlation-id');
  return (
    <html lang="en" data-theme={theme === 'system' ? undefined : theme}>
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
        <DisplayPrefsProvider initialTheme={theme} initialTime={time}>
          <CorrelationIdProvider id={correlationId}>
            <Providers>{children}</Providers>
          </CorrelationIdProvider>
        </DisplayPrefsProvider>
      </body>
    </html>
  );
}
