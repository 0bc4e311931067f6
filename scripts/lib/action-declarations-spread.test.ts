import { describe, expect, it } from 'vitest';
import { POLICY } from '../../lib/auth/step-up';
import { readActionDeclarations, type ActionDeclaration } from './action-declarations';

describe('action declarations that spread a shared piece of config', () => {
  const source = [
    `const ON_RUN = { schema, probe: (c: MatrixFixture) => ({ orgId: c.orgId, runId: 'op_0' }), policy: POLICY.metadata } as const;`,
    `export const a = defineAction({ name: 'a', ...ON_RUN, permission: 'vault.metadata:read' }, h);`,
    `export const b = defineAction({ name: 'b', ...ON_RUN, permission: 'p', policy: POLICY.write, probe: () => ({ own: true }) }, h);`,
    `export const c = defineAction({ name: 'c', ...elsewhere, permission: 'p' }, h);`,
  ].join('\n');
  const read = readActionDeclarations('x.ts', source);

  it('reads the fields a file-level constant brings, the config’s own ones winning', () => {
    const a = read.get('a') as ActionDeclaration;
    expect(a.policy).toEqual(POLICY.metadata);
    expect(a.probe?.({ orgId: 'org_1', objectId: 'o', objectName: 'n', versionId: 'v' })).toEqual({
      orgId: 'org_1',
      runId: 'op_0',
    });
    const b = read.get('b') as ActionDeclaration;
    expect(b.policy).toEqual(POLICY.write);
    expect(b.probe?.({ orgId: 'org_1', objectId: 'o', objectName: 'n', versionId: 'v' })).toEqual({
      own: true,
    });
  });

  it('refuses a spread it cannot resolve, naming the line', () => {
    expect(String(read.get('c'))).toMatch(/x\.ts:4: only a constant object literal/);
  });
});
