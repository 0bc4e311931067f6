/**
 * The Playwright project of the HTTP tier (`*.http.spec.ts`): pages, route handlers and server
 * actions over plain HTTP, no browser. playwright.config.ts defines it; fixtures.ts enforces it.
 */
export const HTTP_PROJECT = 'http';

/**
 * The browser specs whose tests run longest (an extra console, a restart, a crawl, a 300-row run,
 * the notifications' 60 s receiver outage): their own Playwright project, listed first, so the
 * workers start them early and no long test is left running alone at the end of the run (the
 * outage, queued last, kept the machine 90 % idle for the run's last 75 s). Playwright queues
 * tests by project, then by file.
 */
export const LONG_SPECS =
  /\/(recovery-crash|tenant-migrator|security-r3|leak-scan|first-run|dual-control|notifications)\.spec\.ts$/;
