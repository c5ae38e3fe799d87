import { describe, expect, inject, it } from 'vitest';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { schemaPresent } from '../../src/graph-store/schema.js';
import { useTestStore } from '../support/test-store.js';

describe('the test harness', () => {
  const store = useTestStore();

  it('talks to a real Neo4j 5 server', async () => {
    const rows = await store.read<{ name: string; versions: string[]; edition: string }>(cypher('read-server-components'));
    const kernel = rows.find((row) => row.name === 'Neo4j Kernel');
    expect(kernel?.versions[0]).toMatch(/^5\.\d+/);
    expect(['community', 'enterprise']).toContain(kernel?.edition);
    expect(['NEO4J_URI', 'testcontainers', 'local']).toContain(inject('neo4j').source);
  });

  it('has every schema constraint and index applied', async () => {
    expect(await schemaPresent(store)).toEqual({ present: true, missing: [] });
  });
});
