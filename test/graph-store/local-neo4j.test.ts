import { describe, expect, it } from 'vitest';
import { newLocalPassword } from '../../src/graph-store/local-neo4j.js';

describe('newLocalPassword', () => {
  it('never begins with a dash, even when the random bytes would make one', () => {
    // 0xf8 is 62 in the first six bits: the base64url "-".
    const dashFirst = (size: number) => Buffer.concat([Buffer.from([0xf8]), Buffer.alloc(size - 1, 7)]);
    expect(dashFirst(18).toString('base64url').startsWith('-')).toBe(true);
    expect(newLocalPassword(dashFirst).startsWith('-')).toBe(false);
  });

  it('is long, URL-safe and different every time', () => {
    const passwords = Array.from({ length: 200 }, () => newLocalPassword());
    for (const password of passwords) expect(password).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{24}$/);
    expect(new Set(passwords).size).toBe(200);
  });
});
