import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { BACKENDS, stopTestPostgres, testDb } from '../testing/backends';
import { listObjects, upsertObject } from './store';

afterAll(stopTestPostgres);

describe.each(BACKENDS)('index store on %s', (backend) => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await testDb(backend));
    for (let i = 0; i < 57; i++) {
      await upsertObject(db, {
        id: `secret_${String(i).padStart(3, '0')}`,
        name: `obj-${String((i * 37) % 57).padStart(2, '0')}`,
        context: { organization_id: i % 3 === 0 ? 'org_other' : 'org_main' },
        key_id: null,
        version_id: null,
        // Several rows share an updated time so the id tie-breaker matters.
        updated_at: i % 5 === 0 ? null : new Date(Date.UTC(2026, 0, 1, 0, Math.floor(i / 2))),
      });
    }
  });
  afterAll(async () => {
    await close();
  });

  describe('keyset pagination', () => {
    for (const sort of ['name', 'updated'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        it(`walks ${sort} ${dir} forwards and back, each row once`, async () => {
          const seen: string[] = [];
          const pages: string[][] = [];
          let cursor: string | null = null;
          do {
            const page = await listObjects(db, { orgId: 'org_main', sort, dir, cursor, limit: 7 });
            pages.push(page.rows.map((r) => r.id));
            seen.push(...page.rows.map((r) => r.id));
            cursor = page.nextCursor;
          } while (cursor);
          expect(seen).toHaveLength(38);
          expect(new Set(seen).size).toBe(38);
          // "Previous" from the second page gives back the first page exactly.
          const firstNext = (
            await listObjects(db, { orgId: 'org_main', sort, dir, cursor: null, limit: 7 })
          ).nextCursor;
          const second = await listObjects(db, {
            orgId: 'org_main',
            sort,
            dir,
            cursor: firstNext,
            limit: 7,
          });
          expect(second.rows.map((r) => r.id)).toEqual(pages[1]);
          const prev = await listObjects(db, {
            orgId: 'org_main',
            sort,
            dir,
            cursor: second.prevCursor,
            limit: 7,
          });
          expect(prev.rows.map((r) => r.id)).toEqual(pages[0]);
        });
      }
    }

    for (const sort of ['name', 'updated'] as const) {
      for (const dir of ['asc', 'desc'] as const) {
        it(`a counted ${sort} ${dir} first page is the same page plus the organization's total`, async () => {
          const plain = await listObjects(db, { orgId: 'org_main', sort, dir, limit: 7 });
          const counted = await listObjects(db, {
            orgId: 'org_main',
            sort,
            dir,
            limit: 7,
            orgTotal: true,
          });
          expect(counted.rows).toEqual(plain.rows);
          expect(counted.nextCursor).toBe(plain.nextCursor);
          expect(counted.prevCursor).toBe(plain.prevCursor);
          expect(counted.orgTotal).toBe(38);
          expect(plain.orgTotal).toBeUndefined();
        });
      }
    }

    it('a counted page of an organization with no objects is empty with a total of 0', async () => {
      const counted = await listObjects(db, {
        orgId: 'org_none',
        sort: 'name',
        dir: 'asc',
        limit: 7,
        orgTotal: true,
      });
      expect(counted).toEqual({ rows: [], nextCursor: null, prevCursor: null, orgTotal: 0 });
    });

    it('filters by name substring, case-insensitively, treating % and _ literally', async () => {
      const page = await listObjects(db, {
        orgId: null,
        search: 'OBJ-1',
        sort: 'name',
        dir: 'asc',
        limit: 100,
      });
      expect(page.rows.every((r) => r.name.startsWith('obj-1'))).toBe(true);
      expect(page.rows).toHaveLength(10);
      expect(
        (await listObjects(db, { orgId: null, search: '%', sort: 'name', dir: 'asc', limit: 100 }))
          .rows,
      ).toHaveLength(0);
    });
  });
});
