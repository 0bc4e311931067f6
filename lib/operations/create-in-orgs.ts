/**
 * "Create this name in N organizations": each target is an organization and the full name it
 * should hold (names are unique across organizations, so each org's name carries its own prefix).
 * The preview needs no values: an existing name is skipped, never overwritten, so nothing is read.
 */
export type FanoutPreviewRow = {
  orgId: string;
  name: string;
  status: 'new' | 'exists' | 'taken' | 'no_org';
  objectId: string | null;
  note: string | null;
};

/** Per target: new, already in this organization (skipped) or held by another organization. */
export function classifyTargets(
  targets: { orgId: string; name: string }[],
  known: { id: string; name: string; org_id: string | null }[],
  missingOrgs: ReadonlyMap<string, string> = new Map(),
): FanoutPreviewRow[] {
  const byName = new Map(known.map((r) => [r.name, r]));
  return targets.map((t) => {
    const missing = missingOrgs.get(t.orgId);
    if (missing) return { ...t, status: 'no_org', objectId: null, note: missing };
    const hit = byName.get(t.name);
    if (!hit) return { ...t, status: 'new', objectId: null, note: null };
    if (hit.org_id === t.orgId) {
      return {
        ...t,
        status: 'exists',
        objectId: hit.id,
        note: 'Already exists in this organization: it will be skipped, never overwritten.',
      };
    }
    return {
      ...t,
      status: 'taken',
      objectId: hit.id,
      note: 'This name belongs to an object of another organization (names are unique across all organizations).',
    };
  });
}
