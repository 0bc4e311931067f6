import { describe, expect, it } from 'vitest';
import { downloadName, neutraliseCell, toCsv } from './exports';

/** Every cell a spreadsheet would make of one CSV line split on `sep` (quotes removed). */
function cellsSplitOn(line: string, sep: string): string[] {
  return line
    .replace(/^"|"$/g, '')
    .split('","')
    .flatMap((c) => c.replace(/""/g, '"').split(sep))
    .flatMap((c) => c.split(/\r?\n/));
}

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

  it('R3-03: no cell starts a formula whether the sheet splits on , ; tab or line breaks', () => {
    const hostile = [
      'csv/x;=6*7;',
      'team;=HYPERLINK(CHAR(104)&"x");',
      ';=1+1 a',
      '\n=1+1 b',
      'a,+SUM(1)',
      'tab\t@cmd',
      'cr\r-2+3',
    ];
    const csv = toCsv(
      ['name'],
      hostile.map((name) => ({ name })),
    );
    for (const sep of [',', ';', '\t']) {
      for (const cell of csv.split('\r\n').flatMap((line) => cellsSplitOn(line, sep)))
        expect(cell, `split on ${JSON.stringify(sep)}`).not.toMatch(/^[=+\-@]/);
    }
    expect(neutraliseCell('csv/x;=6*7;')).toBe("csv/x;'=6*7;");
    expect(neutraliseCell('\n=1+1')).toBe("'\n'=1+1");
    expect(neutraliseCell('plain name; ok')).toBe('plain name; ok');
  });
});

describe('downloadName', () => {
  it('R3-04: only validated ids and the extension make a file name', () => {
    expect(downloadName(['objects', 'org_01ABC'], 'csv')).toBe('objects-org_01ABC.csv');
    expect(() =>
      downloadName(['objects', 'x"; filename*=UTF-8\'\'evil.html; x="'], 'json'),
    ).toThrow();
    expect(() => downloadName(['objects', 'a\r\nb'], 'json')).toThrow();
  });
});
