// The store a prepare-only load runs against: it stands for an empty database and keeps nothing.
// Reads answer as an empty database would (no committed chunks, no event ids, no prompt
// families); a write transaction runs its work, so every statement's parameters are built as for
// Neo4j, and the statements are dropped. It lets bench:ingest measure the loader's own CPU
// (parsing, validation, fingerprinting, aggregation) without a database's noise. It is never a
// stand-in for Neo4j in a test: nothing written can be read back.
import type { CypherStatement } from '../graph-store/cypher-files.js';
import type { GraphStore, Parameters, Row, TransactionRunner } from '../graph-store/neo4j-adapter.js';

/** What a prepare-only load sent: how many times each statement ran. */
export interface DiscardedWrites {
  statements: Record<string, number>;
}

export function prepareOnlyStore(): GraphStore & { discarded: DiscardedWrites } {
  const discarded: DiscardedWrites = { statements: {} };
  const runner: TransactionRunner = {
    async run<T extends Row>(statement: CypherStatement, _parameters?: Parameters): Promise<T[]> {
      discarded.statements[statement.name] = (discarded.statements[statement.name] ?? 0) + 1;
      return [];
    },
  };
  return {
    description: 'prepare-only (nothing is written)',
    discarded,
    read: async () => [],
    write: async () => [],
    writeTransaction: (work) => work(runner),
    readTransaction: (work) => work(runner),
    stream: async () => 0,
    runAutoCommit: async () => [],
    verifyConnectivity: async () => undefined,
    serverInfo: async () => ({ address: '', agent: 'prepare-only', protocolVersion: '' }),
    close: async () => undefined,
  };
}
