import { ConsoleSession } from '../scripts/lib/console-session';
import { actionId, parseActionReply } from './support/actions';
import { emulator } from './support/emulator';
import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';
import { CONSOLE_URL, EMULATOR_URL } from './support/ports';

test('20 concurrent saves from 20 sessions, all from the same version: one new version, 19 conflicts', async () => {
  test.setTimeout(90_000);
  const obj = await freshObject('base value');
  const sessions = await Promise.all(
    Array.from({ length: 20 }, async () => {
      const s = new ConsoleSession(CONSOLE_URL);
      await s.signIn('admin@example.com');
      return s;
    }),
  );
  const id = actionId('updateObjectValue');
  const replies = await Promise.all(
    sessions.map(async (s, i) => {
      const res = await s.fetch(obj.path, {
        method: 'POST',
        headers: {
          'next-action': id,
          'content-type': 'text/plain;charset=UTF-8',
          accept: 'text/x-component',
        },
        body: JSON.stringify([
          { objectId: obj.id, value: `writer-${i}`, versionCheck: obj.versionId },
        ]),
      });
      return parseActionReply(await res.text()) as {
        ok: boolean;
        error?: { code: string; conflict?: { currentVersionId: string } };
      } | null;
    }),
  );
  const winners = replies.flatMap((r, i) => (r?.ok ? [i] : []));
  const conflicts = replies.filter((r) => r && !r.ok && r.error?.code === 'conflict');
  expect(winners).toHaveLength(1);
  expect(conflicts).toHaveLength(19);
  const current = await emulator.read(obj.id);
  expect(current.value).toBe(`writer-${winners[0]}`);
  for (const c of conflicts)
    expect(c!.error!.conflict!.currentVersionId).toBe(current.metadata.version_id);
  const versions = await (
    await fetch(`${EMULATOR_URL}/vault/v1/kv/${obj.id}/versions`, {
      headers: { authorization: 'Bearer sk_test_emulator' },
    })
  ).json();
  expect(versions.data).toHaveLength(2);
});
