// The refresh's two engines for the stages between reading the data and scoring it: the
// linkage graph and its communities (docs/gds-engine.md). `graphology` projects the graph and
// runs Louvain in this Node process; `gds` builds the same graph and runs Louvain inside Neo4j
// with Graph Data Science, and hands back only the communities and the links inside those large
// enough to be scored. Everything after (scoring, identities, verdicts, write-back) is shared.
import { clearedTieKeys, DEFAULTS as DOWN_WEIGHT_DEFAULTS, downWeightClearedTies, type ClearedAccount, type DownWeightDetails, type DownWeightOptions } from '../campaigns/down-weight-cleared-ties.js';
import { detectCommunities, type CommunityResult } from '../communities/detect-communities.js';
import { detectCommunitiesInGds, readCommunityLinks } from '../communities/gds-communities.js';
import type { GraphStore } from '../graph-store/neo4j-adapter.js';
import { dropGdsGraph, gdsGraphNames, projectLinkageGraphInGds, type GdsOptions } from '../linkage/gds-linkage-graph.js';
import type { LinkageData } from '../linkage/linkage-data.js';
import { projectLinkageGraphInParallel } from '../linkage/parallel-projection.js';
import { LinkTableBuilder, type LinkView } from '../linkage/link-table.js';
import type { ProjectionDetails, ProjectionOptions } from '../linkage/project-linkage-graph.js';
import { readConfig } from '../config/config.js';
import { HydrascopeError } from '../shared/errors.js';
import { withDefaults } from '../shared/options.js';

export type RefreshEngine = 'graphology' | 'gds';
export const REFRESH_ENGINES: readonly RefreshEngine[] = ['graphology', 'gds'];

export interface EngineSettings {
  engine: RefreshEngine;
  runId: string;
  projection: ProjectionOptions;
  resolution: number;
  seed: number;
  threads: number;
  gds: GdsOptions;
  /** Communities smaller than this are not scored: the gds engine does not fetch their links. */
  minAccounts: number;
  /** Accounts analysts marked not_involved: their links to that campaign's members are down-weighted before Louvain (src/campaigns/down-weight-cleared-ties.ts), by either engine. */
  cleared: readonly ClearedAccount[];
  clearedTies: Partial<DownWeightOptions> | undefined;
}

export interface EngineResult {
  /** For scoring: the whole linkage graph (graphology), or the links inside scorable communities in a compact table (gds). */
  graph: LinkView;
  projection: ProjectionDetails;
  communities: CommunityResult;
  clearedTies: DownWeightDetails;
}

/** The gds engine's result when no two accounts are linked (GDS makes no graph of no rows). */
const NO_COMMUNITIES: CommunityResult = {
  communities: new Map(),
  members: [],
  gdsIds: [],
  details: { count: 0, modularity: 0, resolution: 1, levels: 0, movesPerLevel: [], nodesVisited: 0, deltaComputations: 0, milliseconds: 0, engine: 'gds', modularities: [] },
};

type Stage = <T>(name: 'project' | 'communities', work: () => Promise<T> | T) => Promise<T>;

/**
 * The engine, GDS and heap settings the configuration names (HYDRASCOPE_REFRESH_ENGINE,
 * HYDRASCOPE_GDS_CONCURRENCY, HYDRASCOPE_GDS_PROMPT_SIMILARITY,
 * HYDRASCOPE_REFRESH_HEAP_GROWTH_PERCENT), for refreshes whose caller does not choose: serve,
 * schedule, watch and the API follow the configuration this way.
 */
export function configuredEngine(environment: NodeJS.ProcessEnv = process.env): {
  engine: RefreshEngine;
  concurrency: number;
  promptSimilarity: GdsOptions['promptSimilarity'];
  /** HYDRASCOPE_REFRESH_HEAP_GROWTH_PERCENT; undefined: the engine's default. */
  heapGrowthPercent: number | undefined;
} {
  const config = readConfig(environment);
  return { engine: config.refreshEngine, concurrency: config.gdsConcurrency, promptSimilarity: config.gdsPromptSimilarity, heapGrowthPercent: config.refreshHeapGrowthPercent };
}

/** Refuses settings an engine cannot honour before any work (GDS's Louvain has no resolution). */
export function checkEngineSettings(settings: Pick<EngineSettings, 'engine' | 'resolution'>): void {
  if (settings.engine === 'gds' && settings.resolution !== 1) {
    throw new HydrascopeError('usage', `the gds engine's Louvain has no resolution setting; refresh with --resolution 1 or --engine graphology (given ${settings.resolution})`);
  }
}

export async function linkageAndCommunities(store: GraphStore, data: LinkageData, settings: EngineSettings, stage: Stage): Promise<EngineResult> {
  checkEngineSettings(settings);
  if (settings.engine === 'graphology') {
    const projection = await stage('project', () => projectLinkageGraphInParallel(data, settings.projection, { threads: settings.threads }));
    const clearedTies = downWeightClearedTies(projection.graph, settings.cleared, settings.clearedTies);
    const communities = await stage('communities', () => detectCommunities(projection.graph, { resolution: settings.resolution, seed: settings.seed }));
    return { graph: projection.graph, projection: projection.details, communities, clearedTies };
  }
  const names = gdsGraphNames(settings.runId);
  try {
    const cleared = { ties: clearedTieKeys(settings.cleared), factor: withDefaults(DOWN_WEIGHT_DEFAULTS, settings.clearedTies ?? {}).factor };
    const projection = await stage('project', () => projectLinkageGraphInGds(store, data, names, settings.projection, { ...settings.gds, threads: settings.threads }, cleared));
    const clearedTies = projection.clearedTies;
    return await stage('communities', async () => {
      if (projection.details.edges === 0) return { graph: new LinkTableBuilder().build(), projection: projection.details, communities: NO_COMMUNITIES, clearedTies };
      const communities = await detectCommunitiesInGds(store, names.linkage, { concurrency: settings.gds.concurrency });
      const scorable = communities.members.flatMap((members, index) => (members.length >= settings.minAccounts ? [index] : []));
      const graph = await readCommunityLinks(store, names.linkage, communities, scorable);
      return { graph, projection: projection.details, communities, clearedTies };
    });
  } finally {
    await dropGdsGraph(store, names.linkage);
  }
}
