// Helpers for integration tests: a GraphStore on the run's real Neo4j, the schema applied,
// and a wipe of everything the tests wrote (Community Edition has one user database).
import { join } from 'node:path';
import { inject } from 'vitest';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { openGraphStore, type GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { applySchema, wipeDatabase } from '../../src/graph-store/schema.js';
import type { Neo4jConnectionConfig } from '../../src/config/config.js';
import { localStatus, removeLocalNeo4jData, type LocalNeo4jSettings } from '../../src/graph-store/local-neo4j.js';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';

const dedicatedServers: LocalNeo4jSettings[] = [];

/**
 * A local Neo4j of a test's own (its folder under .hydrascope, small memory), never the shared
 * test server: for tests that stop it or set tight limits. Its Bolt port is the shared server's
 * plus `portOffset` (HTTP is Bolt - 213), so parallel runs on other ports do not collide. When
 * the test file ends, its data folder is removed unless the server still runs (one a developer
 * had started stays as it was): see removeStoppedDedicatedData.
 */
export function dedicatedNeo4jSettings(name: string, portOffset: number, additionalConfiguration: readonly string[] = []): LocalNeo4jSettings {
  const boltPort = Number(process.env['HYDRASCOPE_TEST_BOLT_PORT'] ?? 17687) + portOffset;
  const settings = {
    home: join(PROJECT_ROOT, '.hydrascope', `${name}-neo4j-${boltPort}`),
    boltPort,
    httpPort: boltPort - 213,
    heap: '512m',
    pageCache: '128m',
    startTimeoutSeconds: 180,
    additionalConfiguration,
  };
  dedicatedServers.push(settings);
  return settings;
}

/**
 * Removes the data folders of this file's dedicated servers that are not running; runs after
 * every test file (test/support/remove-temporary-directories.ts), once the file has stopped the
 * servers it started.
 */
export async function removeStoppedDedicatedData(): Promise<void> {
  for (const settings of dedicatedServers.splice(0)) {
    if ((await localStatus(settings)).pid === undefined) removeLocalNeo4jData(settings);
  }
}

export function testConnection(): Neo4jConnectionConfig {
  const { source: _source, ...connection } = inject('neo4j');
  return connection;
}

/** The NEO4J_* variables that point a child process (the CLI, a job) at the run's test database. */
export function testDatabaseEnvironment(): NodeJS.ProcessEnv {
  const connection = testConnection();
  return { NEO4J_URI: connection.uri, NEO4J_USER: connection.user, NEO4J_PASSWORD: connection.password, ...(connection.database ? { NEO4J_DATABASE: connection.database } : {}) };
}

export async function openTestStore(options: { wipe?: boolean } = {}): Promise<GraphStore> {
  const store = openGraphStore(testConnection());
  await applySchema(store);
  if (options.wipe !== false) await wipeDatabase(store);
  return store;
}

/**
 * Keeps one of the store's pooled connections busy in an open read transaction (to exhaust a
 * small pool); resolves once it is held, with the function that lets it go.
 */
export async function holdOneConnection(store: GraphStore): Promise<() => Promise<void>> {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let markHeld: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    markHeld = resolve;
  });
  const holder = store.readTransaction(async (transaction) => {
    await transaction.run(cypher('read-account-count'));
    markHeld();
    await released;
  });
  await Promise.race([held, holder]);
  return async () => {
    release();
    await holder;
  };
}
