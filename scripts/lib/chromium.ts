import { existsSync } from 'node:fs';

// Debian's Chromium when present (CI installs it); Playwright's own browser otherwise. The headless
// shell first (Debian's chromium-headless-shell: the same Blink and V8, without the browser UI that
// the full build's new headless mode runs): on a11y + browse, Chromium's CPU fell from 90 to 54 s
// (docs/PERFORMANCE.md § "Round 10: the suite in half the time"). The full build still works.
const systemChromium = [
  '/usr/bin/chromium-headless-shell',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
].find((p) => existsSync(p));

/** How the tests and the benchmark start Chromium: headless, as root, with no background traffic. */
export const chromiumLaunchOptions = {
  ...(systemChromium ? { executablePath: systemChromium } : {}),
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-default-apps',
  ],
};
