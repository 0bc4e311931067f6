import { firstLoadScripts, gzippedBytes } from './support/bundle';
import { emulator } from './support/emulator';
import { expect, test } from './support/fixtures';

/** The objects page ships at most 180 KB of JavaScript (gzip) to a modern browser. */
test('first-load JS of the objects page stays within its 180 KB budget', async ({ pageAs }) => {
  const page = await pageAs('admin');
  const org = await emulator.orgByName('Contoso');
  const html = await (await page.request.get(`/orgs/${org.id}`)).text();
  const srcs = firstLoadScripts(html);
  expect(srcs.length).toBeGreaterThan(3);
  const bytes = gzippedBytes(srcs);
  console.log(
    `objects page first-load JS: ${(bytes / 1024).toFixed(1)} KB gzip in ${srcs.length} scripts`,
  );
  expect(bytes).toBeLessThanOrEqual(180 * 1024);
});
