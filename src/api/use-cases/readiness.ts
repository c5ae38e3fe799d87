// Readiness: Neo4j answers and hydrascope's schema is applied. Anything else is a 503 so a load
// balancer keeps traffic away until the database is there.
import type { GraphStore } from '../../graph-store/neo4j-adapter.js';
import { schemaPresent } from '../../graph-store/schema.js';
import { ProblemError, STORE_RETRY_AFTER_SECONDS, storeUnavailable } from '../problem.js';

export async function checkReadiness(store: GraphStore): Promise<{ status: 'ready'; neo4j: { reachable: true; schemaPresent: true } }> {
  try {
    await store.verifyConnectivity();
  } catch {
    throw storeUnavailable('Neo4j is not reachable');
  }
  const schema = await schemaPresent(store);
  if (!schema.present) {
    throw new ProblemError(503, 'schema-missing', 'Service unavailable', `the Neo4j schema is not applied (missing ${schema.missing.join(', ')}); run a hydrascope ingest or refresh first`, { retryAfterSeconds: STORE_RETRY_AFTER_SECONDS }, { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) });
  }
  return { status: 'ready', neo4j: { reachable: true, schemaPresent: true } };
}
