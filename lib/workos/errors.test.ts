import {
  ConflictException,
  NotFoundException,
  RateLimitExceededException,
  UnprocessableEntityException,
} from '@workos-inc/node';
import { describe, expect, it } from 'vitest';
import { toConsoleError } from './errors';

describe('toConsoleError', () => {
  it('maps by status and class, never leaking the SDK message', () => {
    const notFound = new NotFoundException({
      code: undefined,
      message: 'The requested path secret-xyz could not be found.',
      path: '/vault/v1/kv/x',
      requestID: 'r',
    });
    expect(toConsoleError(notFound)).toMatchObject({ code: 'not_found' });
    expect(toConsoleError(notFound).message).not.toContain('secret-xyz');
    const conflict = new ConflictException({
      error: 'Item already exists',
      message: 'x',
      requestID: 'r',
    });
    expect(toConsoleError(conflict, 'create').code).toBe('name_taken');
    expect(toConsoleError(conflict, 'write').code).toBe('conflict');
    expect(
      toConsoleError(new UnprocessableEntityException({ message: 'm', requestID: 'r' })).code,
    ).toBe('invalid_context');
  });

  it('honours Retry-After on 429', () => {
    const limited = new RateLimitExceededException('Too many requests', 'r', 42);
    expect(toConsoleError(limited)).toMatchObject({
      code: 'rate_limited',
      retryAfterSeconds: 42,
      message: expect.stringContaining('42 s'),
    });
  });

  it('never reads a 403 body: an invented customer-key code is treated like any 403', () => {
    const err = Object.assign(new Error('Error: …'), {
      status: 403,
      rawData: { error: 'x', code: 'customer_key_unavailable', key_state: 'deleted' },
    });
    const mapped = toConsoleError(err);
    expect(mapped.code).toBe('forbidden');
    expect(mapped.keyState).toBeUndefined();
    expect(mapped.message).toMatch(/API key lacks access, or .*customer-managed key/);
  });

  it('tells a read that failed from a write whose outcome is unknown', () => {
    const net = new Error('Unexpected error: TypeError: fetch failed');
    expect(toConsoleError(net, 'read').code).toBe('upstream_unavailable');
    expect(toConsoleError(net, 'write').code).toBe('unknown_outcome');
    expect(toConsoleError(Object.assign(new Error('x'), { status: 503 })).code).toBe(
      'upstream_unavailable',
    );
    expect(toConsoleError(new Error('weird')).code).toBe('unexpected');
  });
});
