import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { emulator } from './support/emulator';
import { expect, test } from './support/fixtures';

/** The objects page ships at most 180 KB of JavaScript (gzip) to a modern browser. */
test('first-load JS of the objects page stays within its 180 KB budget', async ({ pageAs }) => {
  const page = await pageAs('admin');
  const org = await emulator.orgByName('Contoso');
  const html = await (await page.request.get(`/orgs/${org.id}`)).text();
  const tags = [...html.matchAll(/<script[^>]+src="(\/_next\/static\/[^"]+\.js)"[^>]*>/g)].filter(
    (m) => !/\bnoModule\b/i.test(m[0]),
  );
  const srcs = [...new Set(tags.map((m) => m[1]!))];
  expect(srcs.length).toBeGreaterThan(3);
  const bytes = srcs.reduce(
    (sum, src) =>
      sum + gzipSync(readFileSync(path.join('.next', src.replace('/_next/', '')))).length,
    0,
  );
  console.log(
    `objects page first-load JS: ${(bytes / 1024).toFixed(1)} KB gzip in ${srcs.length} scripts`,
  );
  expect(bytes).toBeLessThanOrEqual(180 * 1024);
});
