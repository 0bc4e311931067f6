/**
 * The Playwright project of the HTTP tier (`*.http.spec.ts`): pages, route handlers and server
 * actions over plain HTTP, no browser. playwright.config.ts defines it; fixtures.ts enforces it.
 */
export const HTTP_PROJECT = 'http';
