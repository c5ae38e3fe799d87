// Whether the run's Neo4j has Graph Data Science: the gds engine's tests run only there, and
// say why they skip elsewhere (NEO4J_URI at a plain server, HYDRASCOPE_TEST_GDS=false).
import { readGdsVersion } from '../../src/graph-store/gds.js';
import { openGraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { testConnection } from './neo4j.js';

export async function testServerGdsVersion(): Promise<string | undefined> {
  const store = openGraphStore(testConnection());
  try {
    return await readGdsVersion(store);
  } finally {
    await store.close();
  }
}

/** The GDS version, or undefined after printing why the caller's GDS tests skip. */
export async function gdsOrSkipReason(what: string): Promise<string | undefined> {
  const version = await testServerGdsVersion();
  if (version === undefined)
    process.stdout.write(
      `[skipped] ${what}: the test Neo4j has no Graph Data Science (the local test server loads it unless HYDRASCOPE_TEST_GDS=false; a server given by NEO4J_URI needs the GDS plugin)\n`,
    );
  return version;
}
