import { emulator } from './support/emulator';
import { expect, test } from './support/fixtures';

test.describe('key tools', () => {
  test('encrypt and decrypt locally, with associated data; inspect what the blob carries', async ({
    pageAs,
  }) => {
    const org = await emulator.orgByName('Wingtip');
    const page = await pageAs('admin');
    await page.goto(`/key-tools?org=${org.id}`);
    await page.getByRole('button', { name: 'Add pair' }).click();
    await page.getByLabel('Key 2').fill('purpose');
    await page.getByLabel('Value 2').fill('webhook-payloads');
    await page.getByLabel('Plaintext').fill('card=4111111111111111');
    await page.getByLabel('Associated data (optional)').fill('customer:42');
    await page.getByRole('button', { name: 'Encrypt with a new data key' }).click();
    const ciphertext = await page.getByLabel('Ciphertext', { exact: true }).inputValue();
    expect(ciphertext).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const inspected = page
      .getByRole('region', { name: 'Encrypt' })
      .getByLabel('What this ciphertext carries');
    await expect(inspected).toContainText(`organization_id=${org.id}, purpose=webhook-payloads`);
    await expect(inspected).toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-/);

    await page.getByLabel('Ciphertext (base64)').fill(ciphertext);
    await page.getByLabel('Associated data (if it was encrypted with some)').fill('customer:42');
    await page.getByRole('button', { name: 'Decrypt' }).click();
    await expect(page.getByTestId('decrypted-value')).toHaveText('card=4111111111111111');

    await page.getByLabel('Associated data (if it was encrypted with some)').fill('customer:43');
    await page.getByRole('button', { name: 'Decrypt' }).click();
    await expect(page.getByText(/the associated data does not match/)).toBeVisible();

    // Flip one character inside the wrapped key: WorkOS refuses to unwrap it.
    const chars = ciphertext.split('');
    const i = 80;
    chars[i] = chars[i] === 'A' ? 'B' : 'A';
    await page.getByLabel('Ciphertext (base64)').fill(chars.join(''));
    await page.getByLabel('Associated data (if it was encrypted with some)').fill('customer:42');
    await page.getByRole('button', { name: 'Decrypt' }).click();
    await expect(
      page.getByText(/could not unwrap the data key inside: the ciphertext was tampered with/),
    ).toBeVisible();

    await page.getByLabel('Ciphertext (base64)').fill('bm90IGEgY2lwaGVydGV4dA==');
    await expect(page.getByText('Too short to be a Vault ciphertext.')).toBeVisible();
  });

  test('a key-context error shows under the pair it is about, with or without an organization', async ({
    pageAs,
  }) => {
    const org = await emulator.orgByName('Wingtip');
    const page = await pageAs('admin');
    const twice = 'The key "organization_id" is used twice; keys must be unique.';
    // With an organization, the action's list starts with organization_id: added pair 1 is
    // the list's second entry, and its error belongs under "Key 2".
    await page.goto(`/key-tools?org=${org.id}`);
    await page.getByRole('button', { name: 'Add pair' }).click();
    await page.getByLabel('Key 2').fill('organization_id');
    await page.getByLabel('Value 2').fill('org_other');
    await page.getByLabel('Plaintext').fill('x');
    await page.getByRole('button', { name: 'Encrypt with a new data key' }).click();
    await expect(page.getByLabel('Key 2')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Key 2')).toHaveAccessibleDescription(twice);
    await expect(page.getByLabel('Value 2')).toHaveAttribute('aria-invalid', 'false');

    // Without one, the added pairs are the whole list: the second added pair is "Key 3".
    await page.goto('/key-tools');
    await page.getByRole('button', { name: 'Add pair' }).click();
    await page.getByRole('button', { name: 'Add pair' }).click();
    await page.getByLabel('Key 2').fill('organization_id');
    await page.getByLabel('Value 2').fill('org_a');
    await page.getByLabel('Key 3').fill('organization_id');
    await page.getByLabel('Value 3').fill('org_b');
    await page.getByLabel('Plaintext').fill('x');
    await page.getByRole('button', { name: 'Encrypt with a new data key' }).click();
    await expect(page.getByLabel('Key 3')).toHaveAccessibleDescription(twice);
    await expect(page.getByLabel('Key 2')).toHaveAttribute('aria-invalid', 'false');
  });

  test('a key unavailable under BYOK gets its own message; support cannot open the tools', async ({
    pageAs,
  }) => {
    const tailspin = await emulator.orgByName('Tailspin');
    const page = await pageAs('admin');
    await page.goto(`/key-tools?org=${tailspin.id}`);
    await page.getByLabel('Plaintext').fill('x');
    await page.getByRole('button', { name: 'Encrypt with a new data key' }).click();
    await expect(page.getByText('Customer key unavailable')).toBeVisible();
    const support = await pageAs('support');
    expect((await support.goto('/key-tools'))?.status()).toBe(403);
  });
});
