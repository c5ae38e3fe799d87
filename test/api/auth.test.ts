// API key configuration: the `name:role:key` variable, JSON and text key files, hashed entries,
// and the mistakes that must stop the server at start-up with a message naming the fix; and the
// comparison of a presented key: hashes only, crypto.timingSafeEqual, every key every time.
import * as crypto from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { findKey, hashKey, loadApiKeys, roleAllows } from '../../src/api/auth.js';
import { resolveApiKeys } from '../../src/api/server.js';
import { readConfig } from '../../src/config/config.js';

// The real function, watched: auth.ts must compare through it.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

const folder = mkdtempSync(join(tmpdir(), 'hydrascope-keys-'));
const file = (name: string, content: string) => {
  const path = join(folder, name);
  writeFileSync(path, content);
  return path;
};

describe('API keys', () => {
  it('reads name:role:key entries from HYDRASCOPE_API_KEYS and keeps only hashes', () => {
    const keys = loadApiKeys(readConfig({ HYDRASCOPE_API_KEYS: 'ops:admin:aaaaaaaaaaaaaaaa1, grafana:viewer:bbbbbbbbbbbbbbbb2' }));
    expect(keys.map(({ name, role }) => ({ name, role }))).toEqual([
      { name: 'ops', role: 'admin' },
      { name: 'grafana', role: 'viewer' },
    ]);
    expect(JSON.stringify(keys)).not.toContain('aaaaaaaaaaaaaaaa1');
    expect(findKey(keys, 'bbbbbbbbbbbbbbbb2')?.name).toBe('grafana');
    expect(findKey(keys, 'bbbbbbbbbbbbbbbb3')).toBeUndefined();
  });

  it('reads the analyst role from the variable and from JSON and text key files', () => {
    expect(loadApiKeys(readConfig({ HYDRASCOPE_API_KEYS: 'review:analyst:aaaaaaaaaaaaaaaa1' })).map(({ name, role }) => ({ name, role }))).toEqual([{ name: 'review', role: 'analyst' }]);
    const json = file('analyst.json', JSON.stringify([{ name: 'triage', role: 'analyst', key: 'gggggggggggggggg7' }]));
    expect(findKey(loadApiKeys(readConfig({ HYDRASCOPE_API_KEYS_FILE: json })), 'gggggggggggggggg7')?.role).toBe('analyst');
    const text = file('analyst.txt', 'triage:analyst:hhhhhhhhhhhhhhhh8\n');
    expect(findKey(loadApiKeys(readConfig({ HYDRASCOPE_API_KEYS_FILE: text })), 'hhhhhhhhhhhhhhhh8')?.role).toBe('analyst');
    expect(() => loadApiKeys(readConfig({ HYDRASCOPE_API_KEYS_FILE: file('bad-role.json', JSON.stringify([{ name: 'x', role: 'auditor', key: 'iiiiiiiiiiiiiiii9' }])) }))).toThrow(
      expect.objectContaining({ kind: 'bad-input' }),
    );
  });

  it('orders the roles: viewer < analyst < admin', () => {
    expect(roleAllows('viewer', 'viewer')).toBe(true);
    expect(roleAllows('viewer', 'analyst')).toBe(false);
    expect(roleAllows('analyst', 'viewer')).toBe(true);
    expect(roleAllows('analyst', 'analyst')).toBe(true);
    expect(roleAllows('analyst', 'admin')).toBe(false);
    expect(roleAllows('admin', 'analyst')).toBe(true);
    expect(roleAllows('admin', 'admin')).toBe(true);
  });

  it('reads JSON and text key files, with keys or their sha256', () => {
    const hash = hashKey('cccccccccccccccc3').toString('hex');
    const json = file(
      'keys.json',
      JSON.stringify([
        { name: 'a', role: 'admin', key: 'dddddddddddddddd4' },
        { name: 'b', role: 'viewer', sha256: hash },
      ]),
    );
    const jsonKeys = loadApiKeys(readConfig({ HYDRASCOPE_API_KEYS_FILE: json }));
    expect(findKey(jsonKeys, 'dddddddddddddddd4')?.role).toBe('admin');
    expect(findKey(jsonKeys, 'cccccccccccccccc3')?.name).toBe('b');
    const text = file('keys.txt', `# dashboards\nc:viewer:sha256:${hash}\n\nd:admin:eeeeeeeeeeeeeeee5\n`);
    const textKeys = loadApiKeys(readConfig({ HYDRASCOPE_API_KEYS_FILE: text, HYDRASCOPE_API_KEYS: 'e:viewer:ffffffffffffffff6' }));
    expect(textKeys.map((key) => key.name)).toEqual(['e', 'c', 'd']);
    expect(findKey(textKeys, 'cccccccccccccccc3')?.name).toBe('c');
  });

  it.each([
    ['ops:root:aaaaaaaaaaaaaaaa1', /role viewer, analyst or admin/],
    ['ops:admin:short', /shorter than 16/],
    ['ops:admin:sha256:1234', /64 hex digits/],
    ['ops:admin:aaaaaaaaaaaaaaaa1,ops:viewer:bbbbbbbbbbbbbbbb2', /configured twice/],
  ])('refuses %s', (value, message) => {
    expect(() => loadApiKeys(readConfig({ HYDRASCOPE_API_KEYS: value }))).toThrow(message);
  });

  it("refuses .env.example's placeholder keys in production, from the variable or a key file", () => {
    const placeholders = 'dashboard:viewer:change-me-viewer-key,ops:admin:change-me-admin-key';
    expect(() => loadApiKeys(readConfig({ HYDRASCOPE_MODE: 'production', HYDRASCOPE_API_KEYS: placeholders }))).toThrow(/the key of "dashboard" is still the example placeholder/);
    const json = file('placeholder.json', JSON.stringify([{ name: 'ops', role: 'admin', key: 'Change-Me-admin-key-0000' }]));
    expect(() => loadApiKeys(readConfig({ HYDRASCOPE_MODE: 'production', HYDRASCOPE_API_KEYS_FILE: json }))).toThrow(/"ops" is still the example placeholder/);
    expect(loadApiKeys(readConfig({ HYDRASCOPE_API_KEYS: placeholders }))).toHaveLength(2);
  });

  it('refuses unreadable or malformed key files', () => {
    expect(() => loadApiKeys(readConfig({ HYDRASCOPE_API_KEYS_FILE: join(folder, 'missing.json') }))).toThrow(/cannot read/);
    expect(() => loadApiKeys(readConfig({ HYDRASCOPE_API_KEYS_FILE: file('bad.json', '[{"name":"x"}]') }))).toThrow(expect.objectContaining({ kind: 'bad-input' }));
  });

  it('refuses to run without keys, naming the variables to set', () => {
    expect(() => resolveApiKeys(readConfig({ HYDRASCOPE_MODE: 'production' }))).toThrow(/HYDRASCOPE_MODE=production needs API keys: set HYDRASCOPE_API_KEYS=name:role:key/);
    expect(() => resolveApiKeys(readConfig({}))).toThrow(/hydrascope serve` generates a development key/);
  });
});

describe('comparing a presented key', () => {
  const secrets = { ops: 'aaaaaaaaaaaaaaaa1', grafana: 'bbbbbbbbbbbbbbbb2', ci: 'cccccccccccccccc3' };
  const keys = loadApiKeys(
    readConfig({
      HYDRASCOPE_API_KEYS: Object.entries(secrets)
        .map(([name, key]) => `${name}:viewer:${key}`)
        .join(','),
    }),
  );
  const compare = vi.mocked(crypto.timingSafeEqual);
  const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest();
  beforeEach(() => {
    compare.mockClear();
  });

  it('keeps the SHA-256 of each key, never the key', () => {
    for (const key of keys) {
      const secret = secrets[key.name as keyof typeof secrets];
      expect(key.hash.equals(sha256(secret))).toBe(true);
      expect(key.hash.includes(Buffer.from(secret))).toBe(false);
      expect(Object.values(key).map(String)).not.toContain(secret);
    }
  });

  it('compares hashes with crypto.timingSafeEqual against every configured key, also after a match', () => {
    for (const [name, secret] of Object.entries(secrets)) {
      compare.mockClear();
      expect(findKey(keys, secret)?.name).toBe(name);
      expect(compare).toHaveBeenCalledTimes(keys.length);
      for (const [configured, presented] of compare.mock.calls) {
        expect(keys.some((key) => key.hash === configured)).toBe(true);
        expect(Buffer.from(presented as Uint8Array).equals(sha256(secret))).toBe(true);
      }
    }
  });

  it.each([
    ['empty', ''],
    ['one character', 'a'],
    ['one character short of a key', 'aaaaaaaaaaaaaaaa'],
    ['a key with one more character', 'aaaaaaaaaaaaaaaa1x'],
    ['a key in other case', 'AAAAAAAAAAAAAAAA1'],
    ['100,000 characters', 'a'.repeat(100_000)],
    ['non-ASCII', 'ключ-ключ-ключ-ключ-🔑'],
  ])('refuses a presented key that is %s, comparing equal-length hashes without throwing', (_what, presented) => {
    expect(findKey(keys, presented)).toBeUndefined();
    expect(compare).toHaveBeenCalledTimes(keys.length);
    for (const [configured, hashed] of compare.mock.calls) {
      expect((configured as Uint8Array).byteLength).toBe(32);
      expect((hashed as Uint8Array).byteLength).toBe(32);
    }
  });
});
