import { expect, it, vi } from 'vitest';
import { sdkClient } from './testing';

/**
 * The whole Vault contract suite again, with every import of `@workos-inc/node` (the test's and
 * the helpers') served by @workos-inc/node 11, installed under the npm alias `workos-node-11`.
 * authkit-nextjs 4.3 pins the console itself to 10.x; this shows the emulator serves 11 the same.
 */
vi.mock('@workos-inc/node', async () => await import('workos-node-11'));

it('runs on @workos-inc/node 11', () => {
  expect(sdkClient(1).version).toMatch(/^11\./);
});

await import('./vault.contract.test');
