import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NameCell, Table, Td } from './table';

function render() {
  return renderToStaticMarkup(
    h(Table, {
      caption: 'Objects',
      columns: ['Name', 'Updated', 'Versions'],
      children: h(
        'tr',
        null,
        h(NameCell, { href: '/objects/o1', name: 'acme/db', strong: true }),
        h(Td, { kind: 'time' }, 'yesterday'),
        h(Td, { kind: 'number', dense: true }, '3'),
      ),
    }),
  );
}

describe('table cells', () => {
  it('give each kind its classes, and the name cell a link to the object', () => {
    const html = render();
    expect(html).toContain('class="px-4 py-2.5 whitespace-nowrap text-slate-700"');
    expect(html).toContain('class="px-4 py-2 align-top text-right tabular-nums"');
    expect(html).toMatch(/<a[^>]*href="\/objects\/o1"[^>]*>/);
    expect(html).toContain('font-medium');
  });

  it('are stacked on phones like plain cells: row header role, column labels before values', () => {
    const html = render();
    expect(html).toContain('<td class="px-4 py-2.5" role="cell"><a');
    // A plain-text label travels as data-label (CSS draws it on phones), never as markup.
    const labels = [...html.matchAll(/<td[^>]* data-label="([^"]*)"/g)].map((m) => m[1]);
    expect(labels).toEqual(['Updated', 'Versions']);
    expect(html).not.toContain('<span aria-hidden');
    expect(html).toContain('<div data-cell-value="true" class="min-w-0">yesterday</div>');
    expect(html).toContain('<div data-cell-value="true" class="min-w-0">3</div>');
  });
});
