import { postAction } from './support/actions';
import { expect, test } from './support/fixtures';
import { freshObject } from './support/objects';
import { emulator, uniqueName } from './support/emulator';
import { CONSOLE_URL } from './support/ports';

test.describe('write and reveal are refused to the wrong people', () => {
  test('support sees no write controls, and direct POSTs to every write and reveal action are refused', async ({
    pageAs,
  }) => {
    const obj = await freshObject();
    const page = await pageAs('support');
    await page.goto(obj.path);
    await expect(
      page.getByText('Your role can read metadata and versions, not values.'),
    ).toBeVisible();
    for (const name of ['Reveal', 'Copy without showing', 'Edit value', 'Delete…'])
      await expect(page.getByRole('button', { name })).toHaveCount(0);
    await page.goto(`/orgs/${obj.orgId}`);
    await expect(page.getByRole('link', { name: 'Create object' })).toHaveCount(0);
    const newPage = await page.goto(`/orgs/${obj.orgId}/new`);
    expect(newPage?.status()).toBe(403);

    const calls: [string, string, unknown][] = [
      [obj.path, 'revealObjectValue', { objectId: obj.id, purpose: 'reveal' }],
      [obj.path, 'revealObjectValue', { objectId: obj.id, purpose: 'copy' }],
      [obj.path, 'loadObjectForEdit', { objectId: obj.id }],
      [
        obj.path,
        'updateObjectValue',
        { objectId: obj.id, value: 'pwned', versionCheck: obj.versionId },
      ],
      [
        obj.path,
        'deleteVaultObject',
        { objectId: obj.id, versionCheck: obj.versionId, confirmName: obj.name },
      ],
      [
        `/orgs/${obj.orgId}/new`,
        'createVaultObject',
        { orgId: obj.orgId, name: uniqueName('pwn'), value: 'x', extraContext: [] },
      ],
    ];
    for (const [path, action, input] of calls) {
      const reply = await postAction(page.request, path, action, [input]);
      expect(reply.text, `${action} must not leak the value`).not.toContain(obj.value);
      expect(reply.result, `${action} as support`).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    expect((await emulator.read(obj.id)).value).toBe(obj.value);
  });

  test('a member and an anonymous caller are refused too', async ({ pageAs, playwright }) => {
    const obj = await freshObject();
    const member = await pageAs('member');
    const asMember = await postAction(member.request, obj.path, 'revealObjectValue', [
      { objectId: obj.id, purpose: 'reveal' },
    ]);
    expect(asMember.result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(asMember.text).not.toContain(obj.value);

    const anonymous = await playwright.request.newContext({ baseURL: CONSOLE_URL });
    const asAnon = await postAction(anonymous, obj.path, 'revealObjectValue', [
      { objectId: obj.id, purpose: 'reveal' },
    ]);
    expect(asAnon.text).not.toContain(obj.value);
    expect(asAnon.status === 303 || asAnon.status === 307 || asAnon.result?.ok === false).toBe(
      true,
    );
    await anonymous.dispose();
  });

  test('an admin gets the value only from the explicit action, with Cache-Control: no-store', async ({
    pageAs,
  }) => {
    const obj = await freshObject();
    const page = await pageAs('admin');
    const reply = await postAction(page.request, obj.path, 'revealObjectValue', [
      { objectId: obj.id, purpose: 'reveal' },
    ]);
    expect(reply.result).toMatchObject({ ok: true, data: { value: obj.value } });
    expect(reply.headers['cache-control']).toContain('no-store');
    const invalid = await postAction(page.request, obj.path, 'updateObjectValue', [
      { objectId: obj.id, value: 7, versionCheck: '' },
    ]);
    expect(invalid.result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
