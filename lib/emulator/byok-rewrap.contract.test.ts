import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerateLinkIntent } from '@workos-inc/node';
import { startTestEmulator, type TestEmulator } from './testing';

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator({ seed: 'none' });
});
afterAll(async () => {
  await t.close();
});

/**
 * The BYOK docs: operations are matched to a customer key by key context, and an update keeps
 * the object's original context. So an update after the key is verified re-wraps the object
 * under the customer key; what the console's migrator relies on.
 */
describe('BYOK re-wrap on update', () => {
  it('an object written before the key moves onto it when updated with the same value', async () => {
    const org = await t.workos.organizations.createOrganization({ name: 'Rewrap Co' });
    const before = await t.workos.vault.createObject({
      name: 'rewrap/one',
      value: 'same value',
      context: { organization_id: org.id },
    });
    await t.control(`/_emulator/byok/${org.id}`, { method: 'PUT', body: { state: 'verified' } });
    const onKey = await t.workos.vault.createObject({
      name: 'rewrap/after-key',
      value: 'x',
      context: { organization_id: org.id },
    });
    expect(onKey.keyId).not.toBe(before.keyId);
    // Unchanged until written again: WorkOS wraps at write time.
    expect((await t.workos.vault.describeObject({ id: before.id })).metadata.keyId).toBe(
      before.keyId,
    );
    const read = await t.workos.vault.readObject({ id: before.id });
    const updated = await t.workos.vault.updateObject({
      id: before.id,
      value: read.value!,
      versionCheck: read.metadata.versionId!,
    });
    expect(updated.metadata.keyId).toBe(onKey.keyId);
    expect(updated.metadata.versionId).not.toBe(read.metadata.versionId);
    expect((await t.workos.vault.readObject({ id: before.id })).value).toBe('same value');
    // A stale version check still refuses (the migrator's conflict row).
    await expect(
      t.workos.vault.updateObject({
        id: before.id,
        value: 'same value',
        versionCheck: read.metadata.versionId!,
      }),
    ).rejects.toMatchObject({ status: 409 });
    // Blast radius: with the key deleted, the re-wrapped object cannot be read.
    await t.control(`/_emulator/byok/${org.id}`, { method: 'PUT', body: { state: 'deleted' } });
    await expect(t.workos.vault.readObject({ id: before.id })).rejects.toMatchObject({
      status: 403,
    });
  });
});

describe('Admin Portal audit_logs and log_streams intents', () => {
  it('links open the organization’s audit events and a stream form, and only for their intent', async () => {
    const org = await t.workos.organizations.createOrganization({ name: 'Portal Tenant' });
    await t.workos.auditLogs.createEvent(org.id, {
      action: 'vault.object.revealed',
      occurredAt: new Date(),
      actor: { id: 'user_1', type: 'user', name: 'staff@example.com' },
      targets: [{ id: 'secret_1', type: 'vault_object', name: 'tenant/db-password' }],
      context: { location: '0.0.0.0' },
      metadata: { reason: 'TICKET-42' },
    });
    const audit = await t.workos.adminPortal.generateLink({
      organization: org.id,
      intent: GenerateLinkIntent.AuditLogs,
    });
    expect(audit.link).toMatch(/\/portal\/audit-logs\/[A-Za-z0-9_-]+$/);
    const html = await (await fetch(audit.link)).text();
    expect(html).toContain('Portal Tenant');
    expect(html).toContain('vault.object.revealed');
    expect(html).toContain('staff@example.com');
    expect(html).toContain('TICKET-42');

    const streams = await t.workos.adminPortal.generateLink({
      organization: org.id,
      intent: GenerateLinkIntent.LogStreams,
    });
    expect(streams.link).toMatch(/\/portal\/log-streams\/[A-Za-z0-9_-]+$/);
    expect(await (await fetch(streams.link)).text()).toContain('Log Streams');
    // A token opens only the page of the intent it was made for.
    const token = audit.link.split('/').pop()!;
    expect((await fetch(streams.link.replace(/[^/]+$/, token))).status).toBe(410);
    // Spec GenerateLinkDto lists seven intents (F3-09): one without an emulated flow still gets a
    // link, to a page that says so.
    const sso = await t.workos.adminPortal.generateLink({
      organization: org.id,
      intent: GenerateLinkIntent.SSO,
    });
    expect(sso.link).toMatch(/\/portal\/other\/[A-Za-z0-9_-]+$/);
  });
});
