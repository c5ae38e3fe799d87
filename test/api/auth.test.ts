// API key configuration: the `name:role:key` variable, JSON and text key files, hashed entries,
// and the mistakes that must stop the server at start-up with a message naming the fix.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findKey, hashKey, loadApiKeys } from '../../src/api/auth.js';
import { resolveApiKeys } from '../../src/api/server.js';
import { ConfigError, readConfig } from '../../src/config/config.js';

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

  it('reads JSON and text key files, with keys or their sha256', () => {
    const hash = hashKey('cccccccccccccccc3').toString('hex');
    const json = file('keys.json', JSON.stringify([{ name: 'a', role: 'admin', key: 'dddddddddddddddd4' }, { name: 'b', role: 'viewer', sha256: hash }]));
    const jsonKeys = loadApiKeys(readConfig({ HYDRASCOPE_API_KEYS_FILE: json }));
    expect(findKey(jsonKeys, 'dddddddddddddddd4')?.role).toBe('admin');
    expect(findKey(jsonKeys, 'cccccccccccccccc3')?.name).toBe('b');
    const text = file('keys.txt', `# dashboards\nc:viewer:sha256:${hash}\n\nd:admin:eeeeeeeeeeeeeeee5\n`);
    const textKeys = loadApiKeys(readConfig({ HYDRASCOPE_API_KEYS_FILE: text, HYDRASCOPE_API_KEYS: 'e:viewer:ffffffffffffffff6' }));
    expect(textKeys.map((key) => key.name)).toEqual(['e', 'c', 'd']);
    expect(findKey(textKeys, 'cccccccccccccccc3')?.name).toBe('c');
  });

  it.each([
    ['ops:root:aaaaaaaaaaaaaaaa1', /role viewer or admin/],
    ['ops:admin:short', /shorter than 16/],
    ['ops:admin:sha256:1234', /64 hex digits/],
    ['ops:admin:aaaaaaaaaaaaaaaa1,ops:viewer:bbbbbbbbbbbbbbbb2', /configured twice/],
  ])('refuses %s', (value, message) => {
    expect(() => loadApiKeys(readConfig({ HYDRASCOPE_API_KEYS: value }))).toThrow(message);
  });

  it('refuses unreadable or malformed key files', () => {
    expect(() => loadApiKeys(readConfig({ HYDRASCOPE_API_KEYS_FILE: join(folder, 'missing.json') }))).toThrow(/cannot read/);
    expect(() => loadApiKeys(readConfig({ HYDRASCOPE_API_KEYS_FILE: file('bad.json', '[{"name":"x"}]') }))).toThrow(ConfigError);
  });

  it('refuses to run without keys, naming the variables to set', () => {
    expect(() => resolveApiKeys(readConfig({ HYDRASCOPE_MODE: 'production' }))).toThrow(/HYDRASCOPE_MODE=production needs API keys: set HYDRASCOPE_API_KEYS=name:role:key/);
    expect(() => resolveApiKeys(readConfig({}))).toThrow(/hydrascope serve` generates a development key/);
  });
});
