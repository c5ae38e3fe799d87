// The linkage refresh, however it is started (CLI, API, scheduler): take the lease, read the
// graph, project the account-linkage graph, find communities with Louvain, score them, keep
// campaign identities stable, write the result and promote it atomically. A failed run is
// recorded with its error and leaves the previous result in place.
import { randomUUID } from 'node:crypto';
import { consecutiveGroups, drawnCampaigns, GRAPH_MEMBER_LIMIT, rankDrawnCampaign, type DrawnCampaign } from '../campaigns/campaign-graph.js';
import { matchIdentities, type HistoryEntry, type PreviousCampaign } from '../campaigns/match-identities.js';
import { scoreCommunities, DEFAULTS as SCORING_DEFAULTS, type ScoredCommunity, type ScoringOptions } from '../campaigns/score-communities.js';
import type { CommunityResult } from '../communities/detect-communities.js';
import { cypher } from '../graph-store/cypher-files.js';
import type { GraphStore } from '../graph-store/neo4j-adapter.js';
import { applySchema } from '../graph-store/schema.js';
import { readLinkageData, type ReadCounts } from '../linkage/read-linkage-data.js';
import { PARALLEL_DEFAULTS } from '../linkage/parallel-projection.js';
import { GDS_DEFAULTS, type GdsOptions } from '../linkage/gds-linkage-graph.js';
import { checkEngineSettings, configuredEngine, linkageAndCommunities, type RefreshEngine } from './refresh-engines.js';
import { DEFAULTS as PROJECTION_DEFAULTS, type ProjectionDetails, type ProjectionOptions } from '../linkage/project-linkage-graph.js';
import { seededRandom } from '../shared/random.js';
import { limitHeapGrowth } from '../shared/heap-growth.js';
import { tryAcquireLease, type LeaseOptions } from '../graph-store/lease-lock.js';
import { refreshAlreadyRunning } from '../shared/errors.js';
import { assignOperations } from './refresh-operations.js';
import { clearedAccounts, readVerdictState, settleVerdicts, writeVerdictEffects, type VerdictEffects } from './refresh-verdicts.js';
import type { DownWeightDetails, DownWeightOptions } from '../campaigns/down-weight-cleared-ties.js';
import { readCurrentCalibration, type StoredCalibration } from './calibration-store.js';
import { sharedEvidence } from '../campaigns/shared-evidence.js';
import type { VerdictOptions } from '../campaigns/apply-verdicts.js';
import { withDefaults } from '../shared/options.js';

export const REFRESH_LOCK = 'refresh';

export interface RefreshOptions {
  resolution: number;
  seed: number;
  runId?: string;
  requestedBy: string;
  projection?: Partial<ProjectionOptions>;
  /** Threads for the projection's prompt similarity scan; the result does not depend on it. */
  threads: number;
  /**
   * Where the linkage graph and communities are computed: this process, or Neo4j with GDS
   * (src/jobs/refresh-engines.ts). Unset: HYDRASCOPE_REFRESH_ENGINE, so serve, schedule, watch
   * and API refreshes follow the configuration.
   */
  engine?: RefreshEngine;
  /** How far V8's old generation may grow past its live size while the refresh runs (src/shared/heap-growth.ts); unset: HYDRASCOPE_REFRESH_HEAP_GROWTH_PERCENT, else HEAP_GROWTH_BY_ENGINE. */
  heapGrowthPercent?: number;
  /** The gds engine's settings (threads on the server, memory guard). */
  gds?: Partial<GdsOptions>;
  scoring?: Partial<ScoringOptions>;
  /** What analysts' verdicts do (src/campaigns/apply-verdicts.ts), e.g. the growth that reopens a dismissed campaign. */
  verdicts?: Partial<VerdictOptions>;
  /** Score with the family weights `hydrascope calibrate --apply` stored (default), unless scoring.familyWeights is given. */
  useCalibration?: boolean;
  /** How much a not_involved account's links to the campaign it was cleared from keep before Louvain. */
  clearedTies?: Partial<DownWeightOptions>;
  /** Succeeded runs whose campaign snapshots are kept (for history and run-to-run diffs). */
  keepRuns: number;
  lease?: Partial<LeaseOptions>;
  onStage?: (stage: RefreshStage, detail?: Record<string, number>) => void;
  /** Test hook: runs after the snapshots are written, before promotion (used to kill a refresh). */
  beforePromote?: () => Promise<void>;
  /** Runs as soon as the result is promoted (before older snapshots are pruned): readers' caches can drop. */
  onPromoted?: (runId: string) => void;
}

export const DEFAULTS: Omit<RefreshOptions, 'requestedBy'> = { resolution: 1, seed: 42, keepRuns: 3, threads: PARALLEL_DEFAULTS.threads };

export type RefreshStage = 'read' | 'project' | 'communities' | 'score' | 'write' | 'promote';

export interface RefreshCampaignSummary {
  campaignId: string;
  size: number;
  score: number;
  status: string;
}

export interface RefreshSummary {
  runId: string;
  status: 'succeeded';
  timings: Record<RefreshStage | 'total', number>;
  counts: {
    read: ReadCounts;
    accounts: number;
    linkedAccounts: number;
    edges: number;
    communities: number;
    scoredCommunities: number;
    campaigns: number;
    campaignAccounts: number;
    operations: number;
    dissolved: string[];
    changes: Record<string, number>;
    verdicts: VerdictEffects['counts'];
    /** Links of not_involved accounts to the campaigns they were cleared from, down-weighted before Louvain (graphology engine). */
    clearedTies: DownWeightDetails;
  };
  modularity: number;
  louvain: CommunityResult['details'];
  projection: ProjectionDetails;
  campaigns: RefreshCampaignSummary[];
  /** The stored calibration this run scored with (null: the default weights). */
  calibration: StoredCalibration | null;
  peakRssBytes: number;
}

const WRITE_BATCH = 5000;
/**
 * Heap growth per engine when the configuration does not say (src/shared/heap-growth.ts). At
 * `medium` 20 % took the graphology engine's peak RSS from 835-871 MB to 605-611 MB for about a
 * quarter more CPU (refresh 26-32 s against 34-36 s): the gds engine, chosen to keep Node small,
 * pays that; the graphology engine, the fast one, keeps V8's choice.
 */
export const HEAP_GROWTH_BY_ENGINE: Readonly<Record<RefreshEngine, number>> = { graphology: 0, gds: 20 };
/** Stored campaign graphs per transaction, by JSON size: a few large graphs never make one huge transaction. */
const GRAPH_WRITE_BYTES = 8 * 1024 * 1024;
/** Campaign members whose links are gathered together for their graphs (one pass over the entities per group). */
const GRAPH_GROUP_MEMBERS = 5000;

/** Recorded on runs whose process died: the next lease holder finds them still 'running'. */
export const ABANDONED_RUN_ERROR = 'abandoned: the process running this refresh stopped before it finished (its lease expired)';

function runIdNow(): string {
  return `refresh-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
}

async function readPreviousCampaigns(store: GraphStore): Promise<PreviousCampaign[]> {
  const rows = await store.read<{ campaign_id: string; history_json: string | null; first_seen_run_id: string | null; members: string[] }>(cypher('read-current-campaign-members'));
  return rows
    .map((row) => ({
      campaignId: row.campaign_id,
      members: row.members,
      history: row.history_json ? (JSON.parse(row.history_json) as HistoryEntry[]) : [],
      firstSeenRunId: row.first_seen_run_id ?? '',
    }))
    .sort((left, right) => (left.campaignId < right.campaignId ? -1 : 1));
}

function topSignals(community: ScoredCommunity): string[] {
  return community.signals
    .filter((signal) => signal.contribution > 0)
    .sort((left, right) => right.contribution - left.contribution)
    .slice(0, 3)
    .map((signal) => signal.name);
}

export async function runRefresh(store: GraphStore, options: Partial<RefreshOptions> & { requestedBy: string }): Promise<RefreshSummary> {
  const settings = withDefaults(DEFAULTS, options);
  // Merged once: the run records exactly the settings its stages use.
  const projectionSettings = withDefaults(PROJECTION_DEFAULTS, settings.projection);
  const runId = settings.runId ?? runIdNow();
  const configured = configuredEngine();
  const engine = settings.engine ?? configured.engine;
  const gdsSettings = withDefaults({ ...GDS_DEFAULTS, concurrency: configured.concurrency, promptSimilarity: configured.promptSimilarity, threads: settings.threads }, settings.gds ?? {});
  checkEngineSettings({ engine, resolution: settings.resolution });
  // First contact with Neo4j: an unreachable server fails here, after one round of driver retries.
  await applySchema(store);
  // Scoring counts rare addresses with the projection's hub limit unless told otherwise.
  // Analysts' calibration (hydrascope calibrate --apply) sets the family weights unless the caller does.
  const calibration = settings.useCalibration === false || settings.scoring?.familyWeights ? null : await readCurrentCalibration(store);
  const scoringSettings = withDefaults(
    { ...SCORING_DEFAULTS, cliqueDegreeLimit: projectionSettings.cliqueDegreeLimit, ...(calibration ? { familyWeights: calibration.familyWeights } : {}) },
    settings.scoring,
  );
  // The run is recorded in the transaction that takes the lease: a 409 names the holder's run id,
  // and the run history must already know it (under load the steps were seconds apart).
  const acquired = await tryAcquireLease(store, REFRESH_LOCK, runId, settings.lease, async (transaction) => {
    await transaction.run(cypher('finish-abandoned-refresh-runs'), { runId, error: ABANDONED_RUN_ERROR });
    const [watermark] = await transaction.run<{ last_event_at: number | null; batches: string[] }>(cypher('read-data-watermark'));
    await transaction.run(cypher('create-refresh-run'), {
      runId,
      parametersJson: JSON.stringify({
        resolution: settings.resolution,
        seed: settings.seed,
        engine,
        ...(engine === 'gds' ? { gds: gdsSettings } : {}),
        projection: projectionSettings,
        scoring: scoringSettings,
      }),
      resolution: settings.resolution,
      seed: settings.seed,
      requestedBy: settings.requestedBy,
      watermarkLastEventAt: watermark?.last_event_at ?? null,
      watermarkBatches: watermark?.batches ?? [],
    });
  });
  if (!('lease' in acquired)) throw refreshAlreadyRunning(acquired.holderRunId);
  const { lease } = acquired;
  const releaseHeapGrowth = limitHeapGrowth(settings.heapGrowthPercent ?? configured.heapGrowthPercent ?? HEAP_GROWTH_BY_ENGINE[engine]);
  const started = performance.now();
  const timings = { read: 0, project: 0, communities: 0, score: 0, write: 0, promote: 0, total: 0 };
  let peakRssBytes = process.memoryUsage().rss;
  const sampleMemory = () => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
  };
  const stage = async <T>(name: RefreshStage, work: () => Promise<T> | T): Promise<T> => {
    settings.onStage?.(name);
    const stageStart = performance.now();
    const result = await work();
    timings[name] = Math.round(performance.now() - stageStart);
    sampleMemory();
    return result;
  };

  try {
    const { data, counts: readCounts } = await stage('read', () => readLinkageData(store));
    // The verdicts standing now, and the result they were given on: a not_involved account's links
    // to the members of the campaign it was cleared from are down-weighted before Louvain.
    const [previous, verdictState] = await Promise.all([readPreviousCampaigns(store), readVerdictState(store)]);
    const accountIndex = new Map(data.accounts.map((account, index) => [account.accountId, index]));
    // Only the campaigns and the figures leave this call: the linkage graph, every community's
    // members and the scored communities that are no campaign can be collected before the write.
    const { campaignsFound, scoredCount, projectionDetails, communityDetails, clearedTies } = await (async () => {
      const found = await linkageAndCommunities(
        store,
        data,
        {
          engine,
          runId,
          projection: projectionSettings,
          resolution: settings.resolution,
          seed: settings.seed,
          threads: settings.threads,
          gds: gdsSettings,
          minAccounts: scoringSettings.minAccounts,
          cleared: clearedAccounts(verdictState, previous),
          clearedTies: settings.clearedTies,
        },
        stage,
      );
      const scored = await stage('score', () =>
        scoreCommunities(data, found.graph, found.communities.members, (accountId) => accountIndex.get(accountId) as number, seededRandom(settings.seed + 1), scoringSettings),
      );
      return {
        campaignsFound: scored.filter((community) => community.isCampaign).sort((left, right) => right.members.length - left.members.length || left.community - right.community),
        scoredCount: scored.length,
        projectionDetails: found.projection,
        communityDetails: found.communities.details,
        clearedTies: found.clearedTies,
      };
    })();
    // Reported members carry evidence of their own; associated accounts are kept beside them for context.
    const memberIds = campaignsFound.map((community) =>
      community.memberEvidence
        .filter((entry) => entry.role === 'member')
        .map((entry) => (data.accounts[entry.account] as { accountId: string }).accountId)
        .sort(),
    );

    const identities = matchIdentities(
      runId,
      campaignsFound.map((community, index) => ({ members: memberIds[index] as string[], score: community.score })),
      previous,
      new Date().toISOString(),
    );
    // Analysts' verdicts: not_involved accounts leave their campaigns here (the members below are
    // narrowed in place); the automatic verdicts and alerts are written with the promotion.
    // What members share of the operator's own, kept with the snapshot: a dismissal records it and a
    // later refresh reopens the campaign on evidence that is new since (src/campaigns/apply-verdicts.ts).
    const evidenceKeys = sharedEvidence(
      data,
      memberIds.map((ids) => ids.map((accountId) => accountIndex.get(accountId) as number)),
      { rareAddressLimit: scoringSettings.cliqueDegreeLimit, exclusiveShare: scoringSettings.exclusiveShare },
    );
    const verdictEffects = await settleVerdicts(store, {
      runId,
      identities,
      previous,
      campaigns: campaignsFound,
      memberIds,
      accountIdOf: (member) => (data.accounts[member] as { accountId: string }).accountId,
      sharedEvidence: evidenceKeys,
      state: verdictState,
      options: settings.verdicts,
    });

    const operations = await assignOperations(
      store,
      runId,
      data,
      campaignsFound,
      memberIds,
      identities.assignments.map((assignment) => assignment.campaignId),
    );

    await stage('write', async () => {
      const rows = campaignsFound.map((community, index) => {
        const identity = identities.assignments[index] as (typeof identities.assignments)[number];
        return {
          campaign_id: identity.campaignId,
          score: community.score,
          size: (memberIds[index] as string[]).length,
          status: identity.change,
          first_activity_at: community.firstActivityAt,
          last_activity_at: community.lastActivityAt,
          top_signals: topSignals(community),
          explanation_json: JSON.stringify({
            score: community.score,
            threshold: scoringSettings.threshold,
            signals: community.signals,
            families: community.families,
            peripheralAccounts: community.peripheralAccounts,
            associatedAccounts: community.associatedCount,
            unlinkedMembers: community.unlinkedMembers,
            membersFromOtherGroups: community.membersFromOtherGroups,
            origin: community.origin,
          }),
          evidence_json: JSON.stringify(community.evidence),
          history_json: JSON.stringify(identity.history),
          first_seen_run_id: identity.firstSeenRunId,
          peripheral_accounts: community.peripheralAccounts,
          community: community.community,
          operation_id: operations.operationIdOf[index] ?? null,
        };
      });
      for (let offset = 0; offset < rows.length; offset += 500) {
        await store.write(cypher('create-campaign-snapshots'), { campaigns: rows.slice(offset, offset + 500), runId });
      }
      for (let offset = 0; offset < operations.rows.length; offset += 500) {
        await store.write(cypher('create-operations'), { operations: operations.rows.slice(offset, offset + 500), runId });
      }
      const memberships = campaignsFound.flatMap((community, index) => {
        const campaignId = (identities.assignments[index] as { campaignId: string }).campaignId;
        const reported = new Set(memberIds[index]);
        return community.memberEvidence.flatMap((entry) => {
          const accountId = (data.accounts[entry.account] as { accountId: string }).accountId;
          // A member an analyst took out (not_involved) is no longer in memberIds: it is not written.
          if (entry.role === 'member' && !reported.has(accountId)) return [];
          return [{ account_id: accountId, campaign_id: campaignId, score: entry.score, role: entry.role, ties: entry.ties }];
        });
      });
      const associations = memberships.filter((row) => row.role === 'associated');
      for (let offset = 0; offset < associations.length; offset += WRITE_BATCH) {
        await store.write(cypher('create-campaign-associations'), { associations: associations.slice(offset, offset + WRITE_BATCH), runId });
      }
      const reportedMembers = memberships.filter((row) => row.role === 'member');
      for (let offset = 0; offset < reportedMembers.length; offset += WRITE_BATCH) {
        await store.write(cypher('create-campaign-memberships'), { memberships: reportedMembers.slice(offset, offset + WRITE_BATCH), runId });
      }
      // Each campaign's drawable subgraph, ranked now from the data in memory, so the API
      // serves it with one read (and never walks thousands of members per request). Campaigns go
      // in groups of about GRAPH_GROUP_MEMBERS drawn members (a graph draws at most
      // GRAPH_MEMBER_LIMIT): every member's links at once cost most of the refresh's memory at
      // `seed` (24,000 members with some fifty links each).
      let graphs: Array<{ campaign_id: string; graph_json: string; shared_evidence: string[] }> = [];
      let graphBytes = 0;
      const groups = consecutiveGroups(
        campaignsFound.map((found) => Math.min(found.members.length, GRAPH_MEMBER_LIMIT)),
        GRAPH_GROUP_MEMBERS,
      );
      for (const group of groups) {
        const drawn = drawnCampaigns(
          data,
          campaignsFound.slice(group.start, group.end).map((found) => found.members),
        );
        for (let index = group.start; index < group.end; index += 1) {
          const community = campaignsFound[index] as (typeof campaignsFound)[number];
          const graphJson = JSON.stringify(rankDrawnCampaign(drawn[index - group.start] as DrawnCampaign, community.members.length));
          graphs.push({ campaign_id: (identities.assignments[index] as { campaignId: string }).campaignId, graph_json: graphJson, shared_evidence: evidenceKeys[index] ?? [] });
          graphBytes += graphJson.length;
          if (graphBytes >= GRAPH_WRITE_BYTES || index === campaignsFound.length - 1) {
            await store.write(cypher('create-campaign-graphs'), { graphs, runId });
            graphs = [];
            graphBytes = 0;
          }
        }
      }
    });
    await settings.beforePromote?.();
    if (lease.lost()) throw new Error('the refresh lease was lost (another process took it over); not promoting this run');

    const changes: Record<string, number> = {};
    for (const assignment of identities.assignments) changes[assignment.change] = (changes[assignment.change] ?? 0) + 1;
    const campaignAccounts = memberIds.reduce((sum, members) => sum + members.length, 0);
    const counts: RefreshSummary['counts'] = {
      read: readCounts,
      accounts: data.accounts.length,
      linkedAccounts: projectionDetails.linkedAccounts,
      edges: projectionDetails.edges,
      communities: communityDetails.count,
      scoredCommunities: scoredCount,
      campaigns: campaignsFound.length,
      campaignAccounts,
      operations: operations.rows.length,
      dissolved: identities.dissolved,
      changes,
      verdicts: verdictEffects.counts,
      clearedTies,
    };
    timings.total = Math.round(performance.now() - started);
    await stage('promote', () =>
      store.writeTransaction(async (transaction) => {
        await transaction.run(cypher('promote-campaign-snapshots'), { runId });
        await writeVerdictEffects(transaction, verdictEffects);
        await transaction.run(cypher('finish-refresh-run'), {
          runId,
          status: 'succeeded',
          error: null,
          timingsJson: JSON.stringify(timings),
          countsJson: JSON.stringify({ ...counts, projection: projectionDetails }),
          louvainJson: JSON.stringify(communityDetails),
          modularity: communityDetails.modularity,
          communities: communityDetails.count,
          campaigns: campaignsFound.length,
          accounts: campaignAccounts,
          edges: projectionDetails.edges,
        });
      }),
    );
    settings.onPromoted?.(runId);
    timings.total = Math.round(performance.now() - started);
    const keep = await store.read<{ run_id: string }>(cypher('read-recent-succeeded-runs'), { limit: settings.keepRuns });
    await store.runAutoCommit(cypher('delete-stale-campaign-snapshots'), { keepRunIds: keep.map((row) => row.run_id) });
    await store.runAutoCommit(cypher('delete-stale-operations'), { keepRunIds: keep.map((row) => row.run_id) });
    return {
      runId,
      status: 'succeeded',
      timings,
      counts,
      modularity: communityDetails.modularity,
      louvain: communityDetails,
      projection: projectionDetails,
      campaigns: campaignsFound.map((community, index) => ({
        campaignId: (identities.assignments[index] as { campaignId: string }).campaignId,
        size: (memberIds[index] as string[]).length,
        score: community.score,
        status: (identities.assignments[index] as { change: string }).change,
      })),
      calibration,
      peakRssBytes,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    timings.total = Math.round(performance.now() - started);
    await store
      .write(cypher('finish-refresh-run'), {
        runId,
        status: 'failed',
        error: message,
        timingsJson: JSON.stringify(timings),
        countsJson: null,
        louvainJson: null,
        modularity: null,
        communities: null,
        campaigns: null,
        accounts: null,
        edges: null,
      })
      .catch(() => undefined);
    // Snapshots of a failed run never became current; remove them.
    const keep = await store.read<{ run_id: string }>(cypher('read-recent-succeeded-runs'), { limit: settings.keepRuns }).catch(() => undefined);
    if (keep) await store.runAutoCommit(cypher('delete-stale-campaign-snapshots'), { keepRunIds: keep.map((row) => row.run_id) }).catch(() => undefined);
    if (keep) await store.runAutoCommit(cypher('delete-stale-operations'), { keepRunIds: keep.map((row) => row.run_id) }).catch(() => undefined);
    throw error;
  } finally {
    releaseHeapGrowth();
    await lease.release().catch(() => undefined);
  }
}
