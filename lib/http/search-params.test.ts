import { describe, expect, it } from 'vitest';
import { param, parseSearchParams } from './search-params';

const shape = {
  q: param.text(200),
  cursor: param.cursor(),
  sort: param.oneOf(['name', 'updated'] as const),
  from: param.date(),
};

describe('parseSearchParams (F11)', () => {
  it('reads single values from page params and from URLSearchParams alike', () => {
    expect(parseSearchParams({ q: ' a b ', sort: 'updated' }, shape)).toEqual({
      data: { q: 'a b', cursor: undefined, sort: 'updated', from: undefined },
      problems: [],
    });
    expect(parseSearchParams(new URLSearchParams('q=x&from=2026-01-02'), shape).data).toMatchObject(
      {
        q: 'x',
        from: new Date('2026-01-02'),
      },
    );
  });

  it('turns arrays and bad values into named problems and defaults, never a throw', () => {
    const r = parseSearchParams(
      { q: ['a', 'b'], cursor: '{"at":1}', sort: 'size', from: 'yesterday' },
      shape,
    );
    expect(r.data).toEqual({ q: undefined, cursor: undefined, sort: undefined, from: undefined });
    expect(r.problems).toEqual([
      { param: 'q', rule: 'must be given once' },
      { param: 'cursor', rule: 'is not a cursor this console made' },
      { param: 'sort', rule: 'must be one of: name, updated' },
      { param: 'from', rule: 'is not a date' },
    ]);
    expect(parseSearchParams(new URLSearchParams('q=a&q=b'), shape).problems).toEqual([
      { param: 'q', rule: 'must be given once' },
    ]);
  });

  it('reads whole numbers within a range and names the rule a bad one breaks', () => {
    const pages = { page: param.whole(9999, 'a page number') };
    expect(parseSearchParams({ page: '3' }, pages)).toEqual({ data: { page: 3 }, problems: [] });
    expect(parseSearchParams({ page: 'two' }, pages).problems).toEqual([
      { param: 'page', rule: 'must be a page number' },
    ]);
    expect(parseSearchParams({ page: '0' }, pages).problems).toEqual([
      { param: 'page', rule: 'must be from 1 to 9999' },
    ]);
    expect(parseSearchParams({ page: '10000' }, pages).data.page).toBeUndefined();
  });
});

describe('R3-10: NUL bytes and dates out of range are problems, never a query', () => {
  it('refuses control characters in free text and dates outside 1970–9999', () => {
    const r = parseSearchParams(
      { q: 'a\u0000b', from: '+275760-09-13', to: '2026-01-02' },
      { q: param.text(200), from: param.date(), to: param.date() },
    );
    expect(r.problems).toEqual([
      { param: 'q', rule: 'may not contain control characters (such as NUL)' },
      { param: 'from', rule: 'must be a date between 1970 and 9999' },
    ]);
    expect(r.data.q).toBeUndefined();
    expect(r.data.to).toEqual(new Date('2026-01-02'));
  });
});
