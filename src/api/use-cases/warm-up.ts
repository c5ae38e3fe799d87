// Runs every query the API's routes use once, read-only, before the API takes requests: planning
// on a cold Neo4j costs seconds, past the answer deadline (docs/decisions/query-warm-up.md).
// Failures are expected (a 404) or harmless (Neo4j down), never fatal.
import { GraphStoreError } from '../../graph-store/errors.js';
import type { GraphStore } from '../../graph-store/neo4j-adapter.js';
import { getAccount } from './accounts.js';
import { getOperation, listOperations } from './campaign-operations.js';
import { getCampaign, listCampaignMembers, listCampaigns, loadAggregatedCampaignGraph, loadRankedCampaignGraph } from './campaigns.js';
import { checkReadiness } from './readiness.js';
import { getRun, listRuns, readCurrentRunId } from './runs.js';

/** An id that matches nothing in practice (a 404 still plans the query; a match would only be read). */
const NOBODY = 'hydrascope warm-up';

/** Ids met on the way: a real campaign, member and operation make the member, graph and operation queries run too. */
interface Found {
  campaignId: string;
  accountId: string;
  operationId: string;
}

/** The routes' reads with their default parameters, in the order a dashboard asks for them. */
const WARM_UP_STEPS: ReadonlyArray<readonly [string, (store: GraphStore, found: Found) => Promise<unknown>]> = [
  ['readiness', (store) => checkReadiness(store)],
  ['current run', (store) => readCurrentRunId(store)],
  [
    'campaign list',
    async (store, found) => {
      found.campaignId = (await listCampaigns(store, { sort: '-score', limit: 50 })).items[0]?.id ?? NOBODY;
    },
  ],
  [
    'campaign',
    async (store, found) => {
      found.operationId = (await getCampaign(store, found.campaignId)).operationId ?? NOBODY;
    },
  ],
  ['campaign graph', (store, found) => loadRankedCampaignGraph(store, found.campaignId)],
  ['aggregated campaign graph', (store, found) => loadAggregatedCampaignGraph(store, found.campaignId)],
  [
    'campaign members',
    async (store, found) => {
      found.accountId = (await listCampaignMembers(store, found.campaignId, { limit: 100 })).items[0]?.accountId ?? NOBODY;
    },
  ],
  ['account', (store, found) => getAccount(store, found.accountId, { links: 20 })],
  ['operation list', (store) => listOperations(store, { limit: 50 })],
  ['operation', (store, found) => getOperation(store, found.operationId)],
  ['runs', (store) => listRuns(store, { limit: 20 })],
  ['run', (store) => getRun(store, NOBODY)],
];

export interface WarmUpResult {
  /** Steps whose queries ran (answered, or refused a missing id). */
  warmed: number;
  /** Steps not run: Neo4j was unavailable or the time was up. */
  skipped: number;
  milliseconds: number;
  /** Why the warm-up stopped early, if it did. */
  stoppedBecause?: string;
}

/**
 * Runs the steps one after another for at most `timeoutMs` (a hung Neo4j must not hold the API's
 * start-up; a step still running then finishes in the background, its outcome ignored).
 */
export async function warmUpQueries(store: GraphStore, options: { timeoutMs: number }): Promise<WarmUpResult> {
  const started = performance.now();
  let warmed = 0;
  let stoppedBecause: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<'time up'>((resolve) => {
    timer = setTimeout(() => resolve('time up'), options.timeoutMs);
  });
  const found: Found = { campaignId: NOBODY, accountId: NOBODY, operationId: NOBODY };
  try {
    for (const [name, step] of WARM_UP_STEPS) {
      const running = step(store, found).then(
        () => undefined,
        (error: unknown) => error,
      );
      const outcome = await Promise.race([running, timeUp]);
      if (outcome === 'time up') {
        stoppedBecause = `time up after ${options.timeoutMs} ms`;
        break;
      }
      // A 404 for the missing id still planned and ran the query; an unavailable Neo4j will not answer the rest either.
      if (outcome instanceof GraphStoreError) {
        stoppedBecause = `${name}: ${outcome.message}`;
        break;
      }
      warmed += 1;
    }
  } finally {
    clearTimeout(timer);
  }
  return { warmed, skipped: WARM_UP_STEPS.length - warmed, milliseconds: Math.round(performance.now() - started), ...(stoppedBecause ? { stoppedBecause } : {}) };
}
