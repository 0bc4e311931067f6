import { describe, expect, it } from 'vitest';
import { toCsv } from './exports';

describe('toCsv', () => {
  it('quotes every cell, doubles quotes and keeps formulas as text', () => {
    const csv = toCsv(
      ['name', 'n'],
      [
        { name: 'a,"b"', n: 1 },
        { name: '=HYPERLINK("x")', n: null },
        { name: '-1+2', n: new Date('2026-01-02T03:04:05Z') },
      ],
    );
    expect(csv.split('\r\n')).toEqual([
      '"name","n"',
      '"a,""b""","1"',
      '"\'=HYPERLINK(""x"")",""',
      '"\'-1+2","2026-01-02T03:04:05.000Z"',
      '',
    ]);
  });
});
