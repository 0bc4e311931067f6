import { describe, expect, it } from 'vitest';
import { diffCounts, lineDiff } from './line-diff';

const render = (before: string, after: string) =>
  lineDiff(before, after)!
    .map((l) => `${l.op === 'add' ? '+' : l.op === 'del' ? '-' : ' '}${l.text}`)
    .join('\n');

describe('lineDiff', () => {
  it('marks a changed line as one removal and one addition, keeping the rest', () => {
    expect(render('a\nb\nc', 'a\nB\nc')).toBe(' a\n-b\n+B\n c');
  });

  it('handles additions at the ends and an empty side', () => {
    expect(render('x', 'x\ny')).toBe(' x\n+y');
    expect(render('', 'new')).toBe('-\n+new');
    expect(render('same', 'same')).toBe(' same');
  });

  it('replaying the diff gives back both texts', () => {
    const before = '{\n  "user": "svc",\n  "password": "old",\n  "host": "db"\n}';
    const after = '{\n  "user": "svc",\n  "password": "new",\n  "port": 5432,\n  "host": "db"\n}';
    const lines = lineDiff(before, after)!;
    expect(
      lines
        .filter((l) => l.op !== 'add')
        .map((l) => l.text)
        .join('\n'),
    ).toBe(before);
    expect(
      lines
        .filter((l) => l.op !== 'del')
        .map((l) => l.text)
        .join('\n'),
    ).toBe(after);
    expect(diffCounts(lines)).toEqual({ added: 2, removed: 1 });
  });

  it('refuses a diff too large to build instead of freezing the page', () => {
    const big = (c: string) => Array.from({ length: 3000 }, (_, i) => `${c}${i}`).join('\n');
    expect(lineDiff(big('a'), big('b'))).toBeNull();
  });
});
