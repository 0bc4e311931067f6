import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { FAIL_CLOSED, POLICY, bucketsOf } from '../../lib/auth/step-up';
import { readActionDeclarations, type ActionDeclaration } from './action-declarations';

/** Every tracked module that defines server actions, as the build would find them. */
function actionFiles(): string[] {
  const listed = execFileSync('git', ['grep', '-l', '--', '= defineAction(', 'app', 'lib'], {
    encoding: 'utf8',
  });
  return listed.split('\n').filter((f) => f && !f.endsWith('.test.ts'));
}

function allDeclarations(): Map<string, ActionDeclaration | Error> {
  const all = new Map<string, ActionDeclaration | Error>();
  for (const file of actionFiles())
    for (const [name, d] of readActionDeclarations(file)) all.set(name, d);
  return all;
}

const fixture = { orgId: 'org_1', objectId: 'obj_1', objectName: 'a/b', versionId: 'v_1' };

describe('action declarations, read from the actions themselves', () => {
  const declared = allDeclarations();
  const get = (name: string) => {
    const d = declared.get(name);
    if (!d || d instanceof Error) throw new Error(`${name}: ${d?.message ?? 'not found'}`);
    return d;
  };

  it('reads every action: its name, permission, an explicit policy and a probe', () => {
    expect(declared.size).toBeGreaterThanOrEqual(20);
    for (const [name, d] of declared) {
      expect(d, name).not.toBeInstanceOf(Error);
      const decl = d as ActionDeclaration;
      expect(decl.name).toBe(name);
      expect(decl.permission.length, name).toBeGreaterThan(0);
      expect(decl.policyDeclared, name).toBe(true);
      expect(decl.probe?.(fixture), name).toBeTypeOf('object');
    }
  });

  // F2: writes, links and value reads need a recent sign-in.
  it.each([
    'updateObjectValue',
    'deleteVaultObject',
    'createVaultObject',
    'generateByokLink',
    'decryptWithDataKey',
    'revealObjectValue',
    'loadObjectForEdit',
  ])('%s declares a step-up (F2)', (name) => {
    expect(get(name).policy.stepUp).not.toBe('none');
  });

  // R3-08: everything that writes to Vault, changes stewardship, starts or cancels a run or uses
  // a data key asks for the recent sign-in too.
  it.each([
    'saveStewardship',
    'runHealthChecks',
    'encryptWithDataKey',
    'startOperation',
    'advanceOperation',
    'cancelOperation',
    'applyImport',
    'applyCreateInOrgs',
  ])('%s declares a step-up (R3-08)', (name) => {
    expect(get(name).policy.stepUp).not.toBe('none');
  });

  it('index resync needs no step-up; decrypt spends both value-read and key-tools budgets', () => {
    expect(get('resyncIndex').policy.stepUp).toBe('none');
    expect(bucketsOf(get('decryptWithDataKey').policy)).toEqual(['value_reads', 'key_tools']);
    expect(get('advanceOperation').policy).toEqual({ ...POLICY.write, rateLimit: null });
  });

  it('evaluates a probe against the fixture it is given', () => {
    expect(get('applyImport').probe?.(fixture)).toEqual({
      orgId: 'org_1',
      rows: [{ name: 'a/b', value: 'matrix', objectId: 'obj_1', versionCheck: 'stale-version' }],
    });
    expect(get('loadObjectForEdit').permission).toEqual([
      'vault.objects:write',
      'vault.values:reveal',
    ]);
  });

  it('gives an action that declares no policy the strictest one (fails closed)', () => {
    const read = readActionDeclarations(
      'x.ts',
      `export const a = defineAction({ name: 'a', schema, permission: 'vault.keys:use' }, h);`,
    ).get('a') as ActionDeclaration;
    expect(read.policyDeclared).toBe(false);
    expect(read.policy).toEqual(FAIL_CLOSED);
    expect(read.policy.stepUp).toBe('value_read');
    expect(read.probe).toBeNull();
  });

  it('refuses what it cannot read, naming the file and line, and exports that skip defineAction', () => {
    const read = readActionDeclarations(
      'x.ts',
      [
        `export const a = defineAction({ name: 'a', schema, permission: 'p', policy: pick('write') }, h);`,
        `export const b = defineAction({ name: 'b', schema, permission: 'p', probe: (c) => ({ id: c.objectId.trim() }) }, h);`,
        `export async function c() {}`,
        `export const d = somethingElse({ name: 'd' });`,
      ].join('\n'),
    );
    expect(String(read.get('a'))).toMatch(/x\.ts:1: cannot read CallExpression/);
    expect(String(read.get('b'))).toMatch(/x\.ts:2: cannot read CallExpression/);
    expect(String(read.get('c'))).toMatch(/x\.ts:3: not declared through defineAction/);
    expect(String(read.get('d'))).toMatch(/x\.ts:4: not declared through defineAction/);
  });
});
