// Helpers for integration tests: a GraphStore on the run's real Neo4j, the schema applied,
// and a wipe of everything the tests wrote (Community Edition has one user database).
import { inject } from 'vitest';
import { openGraphStore, type GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { applySchema, wipeDatabase } from '../../src/graph-store/schema.js';
import type { Neo4jConnectionConfig } from '../../src/config/config.js';

export function testConnection(): Neo4jConnectionConfig {
  const { source: _source, ...connection } = inject('neo4j');
  return connection;
}

export async function openTestStore(options: { wipe?: boolean } = {}): Promise<GraphStore> {
  const store = openGraphStore(testConnection());
  await applySchema(store);
  if (options.wipe !== false) await wipeDatabase(store);
  return store;
}
