// One way to reach Neo4j for every command: NEO4J_URI and friends when given (any Neo4j 5:
// local, Docker, cluster, Aura), otherwise the local server, started on demand.
import type { HydrascopeConfig, Neo4jConnectionConfig } from '../config/config.js';
import { localConnection, localNeo4jSettings, startLocalNeo4j } from './local-neo4j.js';
import { openGraphStore, type GraphStore, type Neo4jStoreOptions } from './neo4j-adapter.js';

export async function resolveConnection(config: HydrascopeConfig, log: (message: string) => void = () => undefined): Promise<Neo4jConnectionConfig> {
  if (config.externalNeo4j) return config.externalNeo4j;
  const settings = localNeo4jSettings(config);
  const result = await startLocalNeo4j(settings, log);
  if (!result.alreadyRunning) log(`local Neo4j started in ${result.seconds.toFixed(1)}s`);
  return localConnection(settings);
}

export async function connectGraphStore(config: HydrascopeConfig, log?: (message: string) => void, options?: Neo4jStoreOptions): Promise<GraphStore> {
  const connection = await resolveConnection(config, log);
  const store = openGraphStore(connection, options);
  await store.verifyConnectivity();
  return store;
}
