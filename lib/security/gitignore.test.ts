import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Exit 0 from `git check-ignore` means the path is ignored. */
function ignored(path: string): boolean {
  try {
    execFileSync('git', ['check-ignore', '--no-index', '-q', path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('.gitignore (F13)', () => {
  it.each([
    '.env',
    '.env.local',
    '.env.production',
    '.env.production.local',
    '.env.development.local',
    '.env.test.local',
  ])('ignores %s, which the launcher may load and which can hold secrets', (name) => {
    expect(ignored(name)).toBe(true);
  });
  it('keeps .env.example committed', () => {
    expect(ignored('.env.example')).toBe(false);
  });
});
