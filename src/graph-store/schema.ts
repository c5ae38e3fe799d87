// Applies the idempotent schema (cypher/schema/*.cypher, IF NOT EXISTS) before any write, and
// wipes hydrascope's data for `reset` and for tests.
import { cypher, cypherFolder } from './cypher-files.js';
import type { GraphStore } from './neo4j-adapter.js';

export async function applySchema(store: GraphStore): Promise<number> {
  const statements = cypherFolder('schema');
  for (const statement of statements) await store.runAutoCommit(statement);
  return statements.length;
}

/** The constraint and index names every schema file creates, read back from the server. */
export async function schemaPresent(store: GraphStore): Promise<{ present: boolean; missing: string[] }> {
  const expected = cypherFolder('schema').map((statement) => /(?:CONSTRAINT|INDEX)\s+(\w+)/.exec(statement.text)?.[1] ?? statement.name);
  const rows = await store.read<{ name: string }>(cypher('read-schema-names'));
  const names = new Set(rows.map((row) => row.name));
  const missing = expected.filter((name) => !names.has(name));
  return { present: missing.length === 0, missing };
}

export type WipeStep = 'relationships' | 'nodes';

/**
 * Relationships first, in batches of their own, then the nodes: a node's deletion takes all its
 * relationships into one transaction, and a prompt fingerprint can hold tens of thousands.
 * `onStep` hears of each step as it starts (a `seed`-sized graph takes minutes).
 */
export async function wipeDatabase(store: GraphStore, onStep: (step: WipeStep) => void = () => undefined): Promise<void> {
  onStep('relationships');
  await store.runAutoCommit(cypher('delete-hydrascope-relationships'));
  onStep('nodes');
  await store.runAutoCommit(cypher('delete-hydrascope-data'));
}
