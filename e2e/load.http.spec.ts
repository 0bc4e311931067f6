import { ConsoleSession } from '../scripts/lib/console-session';
import { sessionAction } from './support/actions';
import { emulator } from './support/emulator';
import { expect, test } from './support/fixtures';
import { CONSOLE_URL } from './support/ports';

/**
 * Twenty users at once, each one round of org page, object page and reveal: no request fails.
 * How fast it is under load is measured by `npm run bench` (20 users × 15 rounds), not here.
 */
test('20 concurrent users browse and reveal without an error', async () => {
  test.setTimeout(180_000);
  const org = await emulator.orgByName('Fabrikam');
  const target = (await emulator.findByName('fabrikam/postgres/primary'))!;
  const users = await Promise.all(
    Array.from({ length: 20 }, async () => {
      const s = new ConsoleSession(CONSOLE_URL);
      await s.signIn('admin@example.com');
      return s;
    }),
  );
  const latencies: number[] = [];
  const failures: string[] = [];
  await Promise.all(
    users.map(async (s) => {
      for (let round = 0; round < 1; round++) {
        const steps: [string, () => Promise<boolean>][] = [
          ['org page', async () => (await s.fetch(`/orgs/${org.id}`)).status === 200],
          ['object page', async () => (await s.fetch(`/objects/${target.id}`)).status === 200],
          [
            'reveal',
            async () => {
              const reply = await sessionAction(s, `/objects/${target.id}`, 'revealObjectValue', {
                objectId: target.id,
                purpose: 'reveal',
                reason: 'load test',
              });
              return reply.status === 200 && reply.text.includes('"ok":true');
            },
          ],
        ];
        for (const [name, step] of steps) {
          const started = performance.now();
          const ok = await step().catch(() => false);
          latencies.push(performance.now() - started);
          if (!ok) failures.push(name);
        }
      }
    }),
  );
  expect(failures).toEqual([]);
  expect(latencies).toHaveLength(60);
});
