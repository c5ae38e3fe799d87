// Finds account communities in the linkage graph with Louvain (graphology-communities-louvain),
// weighted, with an injectable rng so one graph and one seed always give the same communities.
import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import type { AbstractGraph } from 'graphology-types';
import { seededRandom, type RandomSource } from '../shared/random.js';
import { withDefaults } from '../shared/options.js';
import type { LinkView } from '../linkage/link-table.js';

// The package is CommonJS typed as an ES default export; under NodeNext the default import is
// module.exports itself at run time, while the types see a namespace holding `default`.
const louvain = ((louvainModule as unknown as { default?: unknown }).default ?? louvainModule) as typeof louvainModule.default;

export interface CommunityOptions {
  resolution: number;
  /** Seed for the default rng; ignored when rng is given. */
  seed: number;
  rng?: RandomSource;
  randomWalk: boolean;
}

export const DEFAULTS: CommunityOptions = { resolution: 1, seed: 42, randomWalk: true };

export interface CommunityResult {
  /** Community index per account id (indexes are dense, 0..count-1). */
  communities: Map<string, number>;
  members: string[][];
  /** The gds engine's own community ids, in members' order (for asking GDS about one community). */
  gdsIds?: number[];
  details: {
    count: number;
    modularity: number;
    resolution: number;
    levels: number;
    movesPerLevel: number[];
    nodesVisited: number;
    deltaComputations: number;
    milliseconds: number;
    /** Which Louvain ran: graphology's in Node, or GDS's in Neo4j (with each level's modularity). */
    engine?: 'graphology' | 'gds';
    modularities?: number[];
  };
}

export function detectCommunities(graph: AbstractGraph, options: Partial<CommunityOptions> = {}): CommunityResult {
  const started = performance.now();
  const settings = withDefaults(DEFAULTS, options);
  if (graph.order === 0) {
    return {
      communities: new Map(),
      members: [],
      details: { count: 0, modularity: 0, resolution: settings.resolution, levels: 0, movesPerLevel: [], nodesVisited: 0, deltaComputations: 0, milliseconds: 0 },
    };
  }
  const detailed = louvain.detailed(graph, {
    getEdgeWeight: 'weight',
    resolution: settings.resolution,
    rng: settings.rng ?? seededRandom(settings.seed),
    randomWalk: settings.randomWalk,
  });
  const communities = new Map<string, number>();
  const members: string[][] = Array.from({ length: detailed.count }, () => []);
  for (const [node, community] of Object.entries(detailed.communities) as Array<[string, number]>) {
    communities.set(node, community);
    (members[community] as string[]).push(node);
  }
  const moves = detailed.moves as unknown[];
  return {
    communities,
    members,
    details: {
      count: detailed.count,
      modularity: detailed.modularity,
      resolution: detailed.resolution,
      levels: detailed.dendrogram.length,
      movesPerLevel: moves.map((level) => (Array.isArray(level) ? level.reduce((sum: number, value: number) => sum + value, 0) : Number(level))),
      nodesVisited: detailed.nodesVisited,
      deltaComputations: detailed.deltaComputations,
      milliseconds: Math.round(performance.now() - started),
      engine: 'graphology',
    },
  };
}

/**
 * Louvain again on the links among `accountIds` only: the sub-communities of a community (or of
 * what scoring left unreported in it). The induced subgraph is built from the members' own edges
 * (graphology-operators' subgraph walks every edge of the whole graph on each call).
 */
export function detectSubcommunities(graph: LinkView, accountIds: readonly string[], options: Partial<CommunityOptions> = {}): string[][] {
  const inside = new Set(accountIds);
  const induced = new UndirectedGraph({ allowSelfLoops: false });
  for (const id of accountIds) induced.addNode(id);
  for (const id of accountIds) {
    graph.forEachEdge(id, (_edge, attributes, source, target) => {
      const other = source === id ? target : source;
      if (other > id && inside.has(other)) induced.addUndirectedEdge(id, other, { weight: attributes.weight });
    });
  }
  // Without links among them there is nothing to divide (and Louvain needs at least one edge).
  return induced.size === 0 ? [] : detectCommunities(induced, options).members;
}
