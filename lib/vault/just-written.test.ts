import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ObjectMetadata } from './objects';

const request = vi.hoisted(() => ({ correlation: 'corr-1' as string | null, inside: true }));
vi.mock('next/headers', () => ({
  headers: async () => {
    if (!request.inside) throw new Error('outside a request scope');
    return new Headers(request.correlation ? { 'x-correlation-id': request.correlation } : {});
  },
}));

const { rememberWritten, takeWritten } = await import('./just-written');

const meta = (over: Partial<ObjectMetadata> = {}): ObjectMetadata => ({
  id: 'secret_1',
  name: 'acme/db',
  context: { organization_id: 'org_1' },
  orgId: 'org_1',
  keyId: 'key_1',
  versionId: 'v2',
  updatedAt: '2026-11-27T12:00:00.000Z',
  updatedBy: { id: 'user_1', name: 'Ada' },
  environmentId: 'env_1',
  ...over,
});

afterEach(() => {
  request.correlation = 'corr-1';
  request.inside = true;
  vi.useRealTimers();
});

describe('a write hands its reply to the same request’s re-render', () => {
  it('is taken once, by the same request, person and object only', async () => {
    await rememberWritten('user_1', meta());
    expect(await takeWritten('user_2', 'secret_1')).toBeNull();
    expect(await takeWritten('user_1', 'secret_2')).toBeNull();
    request.correlation = 'corr-2';
    expect(await takeWritten('user_1', 'secret_1')).toBeNull();
    request.correlation = 'corr-1';
    expect(await takeWritten('user_1', 'secret_1')).toEqual(meta());
    expect(await takeWritten('user_1', 'secret_1')).toBeNull(); // once
  });

  it('expires after a few seconds', async () => {
    vi.useFakeTimers();
    await rememberWritten('user_1', meta());
    vi.advanceTimersByTime(5_001);
    expect(await takeWritten('user_1', 'secret_1')).toBeNull();
  });

  it('keeps nothing for an incomplete reply, without a correlation id, or outside a request', async () => {
    await rememberWritten('user_1', meta({ versionId: null }));
    expect(await takeWritten('user_1', 'secret_1')).toBeNull();
    request.correlation = null;
    await rememberWritten('user_1', meta());
    expect(await takeWritten('user_1', 'secret_1')).toBeNull();
    request.inside = false;
    await rememberWritten('user_1', meta());
    expect(await takeWritten('user_1', 'secret_1')).toBeNull();
  });
});
