import { describe, expect, it, vi } from 'vitest';
import { SEARCH_MIN_LENGTH, searchLength, searchObjects } from './search-view';

// A search that got past the rule would open the console database: make that visible.
vi.mock('../db/client', () => ({
  getDb: () => Promise.reject(new Error('the database was asked')),
}));

describe('global name search: minimum length', () => {
  it('counts characters after trimming, not UTF-16 units or spaces around the query', () => {
    expect(SEARCH_MIN_LENGTH).toBe(3);
    expect(searchLength('  ab  ')).toBe(2);
    expect(searchLength('a b')).toBe(3);
    expect(searchLength('🔑🔑')).toBe(2); // four UTF-16 units
    expect(searchLength('str')).toBe(3);
  });

  it('refuses a shorter query before it reaches the database', async () => {
    await expect(searchObjects('ab', null)).rejects.toThrow('at least 3 characters');
    await expect(searchObjects(' 🔑🔑 ', null)).rejects.toThrow('at least 3 characters');
  });
});
