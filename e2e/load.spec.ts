import { mkdirSync, writeFileSync } from 'node:fs';
import { ConsoleSession, percentile } from '../scripts/lib/console-session';
import { sessionAction } from './support/actions';
import { emulator } from './support/emulator';
import { expect, test } from './support/fixtures';
import { CONSOLE_URL } from './support/ports';

/** A bounded loopback load: 20 users, each 5 rounds of org page, object page and reveal. */
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
      for (let round = 0; round < 5; round++) {
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
  latencies.sort((a, b) => a - b);
  const report = {
    requests: latencies.length,
    errors: failures.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
  };
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/load.json', JSON.stringify(report, null, 2));
  console.log(
    `load: ${report.requests} requests, ${report.errors} errors, p50 ${report.p50.toFixed(0)} ms, p95 ${report.p95.toFixed(0)} ms, p99 ${report.p99.toFixed(0)} ms`,
  );
  expect(failures).toEqual([]);
  expect(report.requests).toBe(300);
});
