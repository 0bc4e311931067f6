import { describe, expect, it } from 'vitest';
import { classifyTargets } from './create-in-orgs';

describe('classifyTargets', () => {
  it('will create a free name, skips one the org already holds, and flags one another org holds', () => {
    const rows = classifyTargets(
      [
        { orgId: 'org_a', name: 'a/db_url' },
        { orgId: 'org_b', name: 'b/db_url' },
        { orgId: 'org_c', name: 'c/db_url' },
      ],
      [
        { id: 'obj_b', name: 'b/db_url', org_id: 'org_b' },
        { id: 'obj_x', name: 'c/db_url', org_id: 'org_x' },
      ],
    );
    expect(rows.map((r) => [r.orgId, r.status, r.objectId])).toEqual([
      ['org_a', 'new', null],
      ['org_b', 'exists', 'obj_b'],
      ['org_c', 'taken', 'obj_x'],
    ]);
    expect(rows[1]!.note).toMatch(/never overwritten/);
  });
});
