import { describe, expect, it } from 'vitest';
import { objectIdSchema } from './schemas';

describe('objectIdSchema (F15c)', () => {
  it.each(['.', '..'])('rejects the dot segment %j', (id) => {
    expect(objectIdSchema.safeParse(id).success).toBe(false);
  });
  it.each(['secret_01ABC', 'a.b', '...', 'x:y-z'])('accepts %j', (id) => {
    expect(objectIdSchema.safeParse(id).success).toBe(true);
  });
});
