// Picks the Neo4j the tests run against, in this order: NEO4J_URI when set; testcontainers'
// Neo4j module when a Docker engine answers; otherwise the project's local server on test ports
// (started here, then stopped and its data removed after the run: the Neo4j download stays
// cached). The database is never mocked.
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { Neo4jConnectionConfig } from '../../src/config/config.js';
import { localConnection, removeLocalNeo4jData, startLocalNeo4j, stopLocalNeo4j, type LocalNeo4jSettings } from '../../src/graph-store/local-neo4j.js';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: Neo4jConnectionConfig & { source: 'NEO4J_URI' | 'testcontainers' | 'local' };
  }
}

async function dockerAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([getContainerRuntimeClient(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 5000))]);
    return true;
  } catch {
    return false;
  }
}

const testBoltPort = Number(process.env['HYDRASCOPE_TEST_BOLT_PORT'] ?? 17687);

/** Its own ports and folder, so a developer's server and several test runs do not collide. */
export const TEST_NEO4J_SETTINGS: LocalNeo4jSettings = {
  home: join(PROJECT_ROOT, '.hydrascope', `test-neo4j-${testBoltPort}`),
  boltPort: testBoltPort,
  httpPort: Number(process.env['HYDRASCOPE_TEST_HTTP_PORT'] ?? testBoltPort - 213),
  heap: '1g',
  pageCache: '512m',
  startTimeoutSeconds: 180,
  // Graph Data Science, so the gds refresh engine is tested (HYDRASCOPE_TEST_GDS=false: a plain
  // server, whose GDS tests skip).
  withGds: process.env['HYDRASCOPE_TEST_GDS'] !== 'false',
};

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const uri = process.env['NEO4J_URI'];
  if (uri) {
    project.provide('neo4j', { uri, user: process.env['NEO4J_USER'] ?? 'neo4j', password: process.env['NEO4J_PASSWORD'] ?? '', database: process.env['NEO4J_DATABASE'], source: 'NEO4J_URI' });
    return async () => undefined;
  }
  if (await dockerAnswers()) {
    const { Neo4jContainer } = await import('@testcontainers/neo4j');
    const container = await new Neo4jContainer('neo4j:5.26-community').withPassword('hydrascope-test').start();
    project.provide('neo4j', { uri: container.getBoltUri(), user: 'neo4j', password: 'hydrascope-test', database: undefined, source: 'testcontainers' });
    return async () => {
      await container.stop();
    };
  }
  const result = await startLocalNeo4j(TEST_NEO4J_SETTINGS, (message) => process.stderr.write(`[test neo4j] ${message}\n`));
  project.provide('neo4j', { ...localConnection(TEST_NEO4J_SETTINGS), source: 'local' });
  return async () => {
    // Leave a server that was already running (a developer's watch session) as it was.
    if (result.alreadyRunning) return;
    await stopLocalNeo4j(TEST_NEO4J_SETTINGS);
    removeLocalNeo4jData(TEST_NEO4J_SETTINGS);
  };
}
