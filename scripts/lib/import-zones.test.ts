import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The eslint import zones (eslint.config.mjs), on probe files that are never written to disk. */
const eslint = new ESLint({ cwd: process.cwd() });

async function zoneErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'import/no-restricted-paths')
    .map((m) => m.message);
}

describe('import zones in `npm run lint`', () => {
  it('reject the emulator from console code by a relative path as well as by @/', async () => {
    const relative = await zoneErrors(
      'lib/index/probe.ts',
      "import { VAULT_LIMITS } from '../emulator/vault-limits';\nexport const x = VAULT_LIMITS;\n",
    );
    expect(relative).toEqual([expect.stringContaining('The console never imports the emulator')]);
    const aliased = await zoneErrors(
      'components/ui/probe.ts',
      "import { VAULT_LIMITS } from '@/lib/emulator/vault-limits';\nexport const x = VAULT_LIMITS;\n",
    );
    expect(aliased).toHaveLength(1);
  });

  it('keep lib/ off app/ and components/, and the emulator to itself', async () => {
    expect(
      await zoneErrors(
        'lib/probe.ts',
        "import { Button } from '../components/ui/button';\nexport const x = Button;\n",
      ),
    ).toEqual([expect.stringContaining('lib/ never imports components/')]);
    expect(
      await zoneErrors(
        'lib/emulator/probe.ts',
        "import { getDb } from '../db/client';\nimport { seed } from './seed';\nexport const x = [getDb, seed];\n",
      ),
    ).toEqual([expect.stringContaining('lib/emulator imports nothing from outside itself')]);
  });

  it('let tests use the emulator', async () => {
    expect(
      await zoneErrors(
        'lib/index/probe.test.ts',
        "import { startTestEmulator } from '../emulator/testing';\nexport const x = startTestEmulator;\n",
      ),
    ).toEqual([]);
  });
});
