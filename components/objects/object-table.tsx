'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Input, Select } from '@/components/ui/input';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, NameCell, Td, TimeCell } from '@/components/ui/table';
import type { ObjectRowsPage } from '@/lib/index/object-rows';
import { queryKeys } from '@/lib/query/keys';
import { ContextChips } from './context-chips';
import { paths } from '@/lib/paths';

type Sort = 'name' | 'updated';
type Dir = 'asc' | 'desc';

async function fetchPage(
  orgId: string,
  p: { search: string; sort: Sort; dir: Dir; cursor: string | null },
): Promise<ObjectRowsPage> {
  const qs = new URLSearchParams({
    sort: p.sort,
    dir: p.dir,
    ...(p.search ? { q: p.search } : {}),
    ...(p.cursor ? { cursor: p.cursor } : {}),
  });
  const res = await fetch(`/api/orgs/${encodeURIComponent(orgId)}/objects?${qs}`, {
    cache: 'no-store',
  });
  if (!res.ok)
    throw new Error(
      res.status === 401
        ? 'Your session ended. Reload to sign in again.'
        : `Could not load objects (HTTP ${res.status}).`,
    );
  return res.json() as Promise<ObjectRowsPage>;
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** An organization's objects from the console's index: search, sort and cursor paging. */
export function ObjectTable({
  orgId,
  initial,
  emptyHint,
}: {
  orgId: string;
  initial: ObjectRowsPage;
  emptyHint: React.ReactNode;
}) {
  const [input, setInput] = useState('');
  const search = useDebounced(input.trim(), 250);
  const [sort, setSort] = useState<Sort>('name');
  const [dir, setDir] = useState<Dir>('asc');
  const [cursor, setCursor] = useState<string | null>(null);
  const params = { search, sort, dir, cursor };
  const isInitial = !search && sort === 'name' && dir === 'asc' && !cursor;
  const query = useQuery({
    queryKey: queryKeys.orgObjects(orgId, params),
    queryFn: () => fetchPage(orgId, params),
    placeholderData: keepPreviousData,
    initialData: isInitial ? initial : undefined,
  });
  const page = query.data;

  return (
    <div>
      <div className="flex flex-wrap items-end gap-3 border-b border-slate-200 px-4 py-3">
        <div className="min-w-56 flex-1">
          <label htmlFor="object-search" className="block text-xs font-medium text-slate-600">
            Search by name
          </label>
          <Input
            id="object-search"
            type="search"
            value={input}
            onChange={(e) => {
              setInput(e.target.value);
              setCursor(null);
            }}
            placeholder="e.g. postgres"
            size="sm"
            className="mt-1"
          />
        </div>
        <div>
          <label htmlFor="object-sort" className="block text-xs font-medium text-slate-600">
            Sort by
          </label>
          <Select
            id="object-sort"
            value={`${sort}:${dir}`}
            onChange={(e) => {
              const [s, d] = e.target.value.split(':') as [Sort, Dir];
              setSort(s);
              setDir(d);
              setCursor(null);
            }}
            size="sm"
            className="mt-1"
          >
            <option value="name:asc">Name (A–Z)</option>
            <option value="name:desc">Name (Z–A)</option>
            <option value="updated:desc">Recently updated</option>
            <option value="updated:asc">Least recently updated</option>
          </Select>
        </div>
        <p className="ml-auto text-xs text-slate-500" aria-live="polite">
          {query.isFetching ? 'Loading…' : null}
        </p>
      </div>
      {query.isError ? (
        <p role="alert" className="px-4 py-6 text-sm text-red-700">
          {(query.error as Error).message}
        </p>
      ) : page && page.rows.length === 0 ? (
        <EmptyState
          title={
            search ? `No object name contains “${search}”` : 'No objects in this organization yet'
          }
        >
          {search ? 'Search matches any part of the name, ignoring case.' : emptyHint}
        </EmptyState>
      ) : (
        <Table
          caption="Objects in this organization"
          columns={['Name', 'Other context', 'Updated']}
        >
          {page?.rows.map((row) => (
            <tr key={row.id} className="hover:bg-slate-50">
              <NameCell strong href={paths.object(row.id)} name={row.name} />
              <Td>
                <ContextChips pairs={row.extraContext} />
              </Td>
              <TimeCell
                date={row.updatedAt}
                kind="text"
                className="whitespace-nowrap text-slate-600"
              />
            </tr>
          ))}
        </Table>
      )}
      <nav
        aria-label="Object pages"
        className="flex justify-end gap-2 border-t border-slate-200 px-4 py-3"
      >
        <Button
          size="sm"
          disabled={!page?.prevCursor}
          onClick={() => setCursor(page?.prevCursor ?? null)}
        >
          ← Previous
        </Button>
        <Button
          size="sm"
          disabled={!page?.nextCursor}
          onClick={() => setCursor(page?.nextCursor ?? null)}
        >
          Next →
        </Button>
      </nav>
    </div>
  );
}
