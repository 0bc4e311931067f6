import { emulator, uniqueName } from './emulator';

/** A fresh object in a demo organization, created straight through the emulator's Vault API. */
export async function freshObject(
  value = `value-${crypto.randomUUID()}`,
  orgName = 'Northwind',
  extra: Record<string, string> = {},
) {
  const org = await emulator.orgByName(orgName);
  const name = uniqueName('obj');
  const meta = await emulator.createObject(name, value, { organization_id: org.id, ...extra });
  return {
    id: meta.id,
    versionId: meta.version_id,
    name,
    value,
    orgId: org.id,
    path: `/objects/${meta.id}`,
  };
}
