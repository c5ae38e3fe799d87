// Readiness: Neo4j answers and hydrascope's schema is applied. Anything else is a 503 so a load
// balancer keeps traffic away until the database is there.
import type { GraphStore } from '../../graph-store/neo4j-adapter.js';
import { schemaPresent } from '../../graph-store/schema.js';
import { schedulerStatus } from '../../jobs/refresh-scheduler.js';
import { ProblemError, STORE_RETRY_AFTER_SECONDS, storeUnavailable } from '../problem.js';

export interface Readiness {
  status: 'ready';
  neo4j: { reachable: true; schemaPresent: true };
  refreshSchedule: { cron: string; timezone: string | null; running: boolean; nextRunAt: string | null; skippedWhileBusy: number } | null;
}

export async function checkReadiness(store: GraphStore): Promise<Readiness> {
  try {
    await store.verifyConnectivity();
  } catch {
    throw storeUnavailable('Neo4j is not reachable');
  }
  const schema = await schemaPresent(store);
  if (!schema.present) {
    throw new ProblemError(
      'unavailable',
      'schema-missing',
      'Service unavailable',
      `the Neo4j schema is not applied (missing ${schema.missing.join(', ')}); run a hydrascope ingest or refresh first`,
      { retryAfterSeconds: STORE_RETRY_AFTER_SECONDS },
      { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) },
    );
  }
  const schedule = schedulerStatus();
  return {
    status: 'ready',
    neo4j: { reachable: true, schemaPresent: true },
    // The next scheduled refresh, so operators see the schedule is alive.
    refreshSchedule: schedule ? { cron: schedule.cron, timezone: schedule.timezone, running: schedule.running, nextRunAt: schedule.nextRunAt, skippedWhileBusy: schedule.skippedWhileBusy } : null,
  };
}
