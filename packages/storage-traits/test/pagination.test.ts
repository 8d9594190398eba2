import { describe, expect, it } from 'vitest';
import { decodeCursor, emptyPage, encodeCursor, isStorageError } from '../src/index.js';

describe('keyset pagination cursor', () => {
  it('round-trips, including unicode sort values', () => {
    const cursor = { lastSortValue: 'src/ütil/日本.ts', lastId: '12345' };
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(decodeCursor(encoded)).toEqual(cursor);
  });

  it('uses the reference wire format (base64 of snake_case JSON)', () => {
    const encoded = encodeCursor({ lastSortValue: 'a', lastId: '1' });
    expect(atob(encoded)).toBe('{"last_sort_value":"a","last_id":"1"}');
  });

  it.each([
    '',
    'not base64!',
    btoa('not json'),
    btoa('{"last_id":"1"}'),
    btoa('{"last_sort_value":1,"last_id":"1"}'),
  ])('rejects %j with INVALID_INPUT', (encoded) => {
    let caught: unknown;
    try {
      decodeCursor(encoded);
    } catch (error) {
      caught = error;
    }
    expect(isStorageError(caught, 'INVALID_INPUT')).toBe(true);
  });

  it('emptyPage has no items and no next cursor', () => {
    expect(emptyPage()).toEqual({ items: [], total: 0, hasMore: false, nextCursor: null });
  });
});
