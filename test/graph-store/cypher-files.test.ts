// Every Cypher file is checked against the real server: it parses and plans (EXPLAIN), and it
// follows the house rules: kebab-case verb-object name, a header naming purpose and parameters.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { CYPHER_DIR } from '../../src/shared/project-paths.js';
import { useTestStore } from '../support/test-store.js';

function cypherFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? cypherFiles(path) : name.endsWith('.cypher') ? [path] : [];
  });
}

const files = cypherFiles(CYPHER_DIR).map((path) => relative(CYPHER_DIR, path).replace(/\.cypher$/, ''));
const VERBS = ['create', 'read', 'merge', 'delete', 'update', 'promote', 'finish', 'acquire', 'renew', 'release', 'count', 'find', 'list', 'show'];

describe('cypher/ files', () => {
  const store = useTestStore({ wipe: 'never' });

  it('has files to check', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it.each(files)('%s is named verb-object in kebab case and has a header', (name) => {
    const base = name.split('/').pop() as string;
    expect(base).toMatch(/^(\d\d-)?[a-z]+(-[a-z0-9]+)+$/);
    if (!name.startsWith('schema/') && !name.startsWith('analyst/')) expect(VERBS).toContain(base.split('-')[0]);
    const source = readFileSync(join(CYPHER_DIR, `${name}.cypher`), 'utf8');
    expect(source.startsWith('//')).toBe(true);
    expect(source).toMatch(/Parameters?:/);
  });

  // cypher/gds/ needs Graph Data Science on the server: test/jobs/gds-engine.test.ts plans those.
  it.each(files.filter((name) => !name.startsWith('schema/') && !name.startsWith('gds/')))('%s parses and plans on the real server', async (name) => {
    const statement = cypher(name);
    // Statements using CALL { } IN TRANSACTIONS cannot be explained inside a transaction.
    const run = /IN TRANSACTIONS/.test(statement.text) ? store.runAutoCommit.bind(store) : store.read.bind(store);
    await expect(run({ name, text: `EXPLAIN ${statement.text}` })).resolves.toBeDefined();
  });

  it('fails fast, naming the path, when a statement file is missing', () => {
    expect(() => cypher('read-something-that-does-not-exist')).toThrow(expect.objectContaining({ kind: 'internal' }));
    expect(() => cypher('read-something-that-does-not-exist')).toThrow(/cypher\/read-something-that-does-not-exist\.cypher/);
  });
});
