// The gds engine's linkage stage (docs/gds-engine.md): the account-linkage graph is built and
// kept inside Neo4j by Graph Data Science, with the definition of project-linkage-graph.ts
// (cypher/gds/create-linkage-projection): Node builds no pair maps and no graph. Prompt-profile
// links come from this process's scan (each account's few links, handed over as a parameter) or
// from gds.nodeSimilarity (create-prompt-profile-projection). A memory guard asks GDS's
// estimate first and refuses a graph the server's heap cannot hold; the in-memory graphs are
// named after the run and always dropped.
import { UndirectedGraph } from 'graphology';
import { cypher } from '../graph-store/cypher-files.js';
import { gdsMemoryExceeded, readGdsHeap, requireGds } from '../graph-store/gds.js';
import { floatColumn, type FloatColumn, type GraphStore } from '../graph-store/neo4j-adapter.js';
import { accountsOn, kindOf, type LinkageData } from './linkage-data.js';
import { PARALLEL_DEFAULTS, promptSimilarityLinksInParallel } from './parallel-projection.js';
import type { PromptLink } from './prompt-similarity.js';
import { AT_LEAST, type LinkAttributes, type ProjectionDetails, type ProjectionOptions } from './project-linkage-graph.js';

/** Links analysts cleared ('lower account id|higher account id' -> the cleared account) and what they keep of their weight. */
export interface ClearedTies {
  ties: Readonly<Record<string, string>>;
  factor: number;
}

export const NO_CLEARED_TIES: ClearedTies = { ties: {}, factor: 1 };

export interface GdsOptions {
  /** GDS threads (Open GDS allows 1-4); 1 gives the same result run after run. */
  concurrency: number;
  /** Refuse when the estimate exceeds this share of the server's free heap. */
  maxHeapShare: number;
  /**
   * GDS keeps each account's topK most similar accounts and breaks ties its own way; it is asked
   * for this many times promptNeighbors, and Cypher keeps the best promptNeighbors with ties to
   * the lower account id, as the graphology engine does (docs/gds-engine.md: parity).
   */
  promptCandidateFactor: number;
  /**
   * Who computes the prompt-profile links. 'node': this process, with the graphology engine's
   * own scan (prompt-similarity.ts, worker threads) over the data the refresh reads for scoring
   * anyway, handing Neo4j only each account's few links: the same links exactly, in seconds.
   * 'gds': gds.nodeSimilarity inside Neo4j, which compares every pair of accounts (7.5 minutes
   * at medium, 50,000 accounts, on two busy cores; quadratic beyond) and breaks ties its own way.
   */
  promptSimilarity: 'node' | 'gds';
  /** Threads for the 'node' prompt similarity scan. */
  threads: number;
}

export const GDS_DEFAULTS: GdsOptions = { concurrency: 1, maxHeapShare: 1, promptCandidateFactor: 3, promptSimilarity: 'node', threads: PARALLEL_DEFAULTS.threads };

export interface GdsGraphNames {
  linkage: string;
  promptProfiles: string;
}

export function gdsGraphNames(runId: string): GdsGraphNames {
  return { linkage: `hydrascope-linkage-${runId}`, promptProfiles: `hydrascope-prompt-profiles-${runId}` };
}

export interface GdsEstimate {
  neededBytes: number;
  freeBytes: number;
  maxBytes: number;
}

/**
 * GDS's estimate for this data's graphs (upper bounds: every account keeping topEdgesPerAccount
 * links), against the heap the server has free; throws gdsMemoryExceeded when it does not fit.
 */
export async function guardGdsMemory(store: GraphStore, options: ProjectionOptions, gds: GdsOptions): Promise<GdsEstimate> {
  const [sizes] = await store.read<{ accounts: number; fingerprints: number; prompt_uses: number }>(cypher('gds/read-prompt-usage-count'));
  const accounts = sizes?.accounts ?? 0;
  const [estimate] = await store.read<{ similarity_bytes: number; louvain_bytes: number }>(cypher('gds/read-projection-estimate'), {
    promptNodes: accounts + (sizes?.fingerprints ?? 0),
    promptRelationships: sizes?.prompt_uses ?? 0,
    linkageNodes: accounts,
    linkageRelationships: 2 * options.topEdgesPerAccount * accounts,
    promptNeighbors: options.promptNeighbors,
    concurrency: gds.concurrency,
  });
  const neededBytes = (gds.promptSimilarity === 'gds' ? (estimate?.similarity_bytes ?? 0) : 0) + (estimate?.louvain_bytes ?? 0);
  const heap = await readGdsHeap(store);
  if (neededBytes > heap.freeBytes * gds.maxHeapShare) throw gdsMemoryExceeded(neededBytes, heap);
  return { neededBytes, freeBytes: heap.freeBytes, maxBytes: heap.maxBytes };
}

/** Per-kind entity statistics of the projection details, from the data scoring reads anyway. */
export function entityStatistics(data: LinkageData, cliqueDegreeLimit: number): ProjectionDetails['entities'] {
  const stats = Object.fromEntries((['ip', 'network', 'payment', 'prompt'] as const).map((kind) => [kind, { entities: 0, shared: 0, hubs: 0, largest: 0 }])) as ProjectionDetails['entities'];
  for (let entity = 0; entity < data.entities.count; entity += 1) {
    const kind = kindOf(data.entities, entity);
    const entry = stats[kind];
    const degree = accountsOn(data.entities, entity);
    entry.entities += 1;
    if (degree > entry.largest) entry.largest = degree;
    if (degree < 2) continue;
    entry.shared += 1;
    if (kind !== 'prompt' && degree > cliqueDegreeLimit) entry.hubs += 1;
  }
  return stats;
}

/**
 * Projects the linkage graph into GDS under names.linkage (the prompt-profile graph it needs is
 * dropped again at once). Returns the projection details; the graph stays on the server.
 */
export async function projectLinkageGraphInGds(
  store: GraphStore,
  data: LinkageData,
  names: GdsGraphNames,
  options: ProjectionOptions,
  gds: GdsOptions,
  cleared: ClearedTies = NO_CLEARED_TIES,
): Promise<{ details: ProjectionDetails; estimate: GdsEstimate; clearedTies: { links: number; accounts: number } }> {
  const started = performance.now();
  if (options.promptLinks !== 'similarity') throw new Error("the gds engine builds prompt links by profile similarity only (promptLinks: 'similarity')");
  await requireGds(store);
  const estimate = await guardGdsMemory(store, options, gds);
  const accountCount = data.accounts.length;
  try {
    let promptGraphName: string | null = null;
    let promptAccountIds: string[] = [];
    let promptLinkNumbers = floatColumn([]);
    if (gds.promptSimilarity === 'gds') {
      const [prompts] = await store.runAutoCommit<{ nodes: number | null }>(cypher('gds/create-prompt-profile-projection'), {
        graphName: names.promptProfiles,
        accountCount,
        maxDegree: Math.max(2, Math.floor(options.maxPromptShare * accountCount)),
      });
      // Without a fingerprint two accounts share, GDS makes no graph (no rows to aggregate).
      promptGraphName = (prompts?.nodes ?? 0) > 0 ? names.promptProfiles : null;
    } else {
      ({ accountIds: promptAccountIds, numbers: promptLinkNumbers } = promptLinkColumns(data, await promptSimilarityLinksInParallel(data, options, { threads: gds.threads })));
    }
    const [row] = await store.runAutoCommit<{ nodes: number; relationships: number; clearedLinks: number; clearedAccounts: number }>(cypher('gds/create-linkage-projection'), {
      graphName: names.linkage,
      promptGraphName,
      promptAccountIds,
      promptLinkNumbers,
      kindWeights: options.kindWeights,
      cliqueDegreeLimit: options.cliqueDegreeLimit,
      hubNeighbors: options.hubNeighbors,
      promptNeighbors: options.promptNeighbors,
      promptCandidates: gds.promptCandidateFactor * options.promptNeighbors,
      minPromptSimilarity: options.minPromptSimilarity,
      topEdgesPerAccount: options.topEdgesPerAccount,
      minEdgeWeight: options.minEdgeWeight,
      paymentAlwaysLinks: options.paymentAlwaysLinks,
      atLeast: AT_LEAST,
      concurrency: gds.concurrency,
      clearedTies: cleared.ties,
      clearedFactor: cleared.factor,
    });
    // An undirected GDS graph counts each link in both directions; no links at all: no graph.
    const edges = Math.round((row?.relationships ?? 0) / 2);
    return {
      details: {
        accounts: accountCount,
        linkedAccounts: row?.nodes ?? 0,
        entities: entityStatistics(data, options.cliqueDegreeLimit),
        // Counting them would hold every pair at once on the server; the query streams them instead.
        candidatePairs: null,
        edges,
        prunedPairs: null,
        milliseconds: Math.round(performance.now() - started),
      },
      estimate,
      clearedTies: { links: row?.clearedLinks ?? 0, accounts: row?.clearedAccounts ?? 0 },
    };
  } finally {
    await dropGdsGraph(store, names.promptProfiles);
  }
}

/**
 * Prompt links as the projection query takes them: the accounts' ids once each, and per link the
 * two accounts' places among them and the similarity, in one flat list of floats.
 */
export function promptLinkColumns(data: LinkageData, links: readonly PromptLink[]): { accountIds: string[]; numbers: FloatColumn } {
  const placeOf = new Map<number, number>();
  const accountIds: string[] = [];
  const place = (account: number) => {
    let at = placeOf.get(account);
    if (at === undefined) {
      at = accountIds.length;
      placeOf.set(account, at);
      accountIds.push((data.accounts[account] as { accountId: string }).accountId);
    }
    return at;
  };
  const numbers = new Array<number>(3 * links.length);
  links.forEach(([low, high, similarity], link) => {
    numbers[3 * link] = place(low);
    numbers[3 * link + 1] = place(high);
    numbers[3 * link + 2] = similarity;
  });
  return { accountIds, numbers: floatColumn(numbers) };
}

/** Drops an in-memory graph; quiet when it is gone (or GDS is unreachable: the server's restart drops it anyway). */
export async function dropGdsGraph(store: GraphStore, graphName: string): Promise<void> {
  await store.runAutoCommit(cypher('gds/delete-projection'), { graphName }).catch(() => undefined);
}

/** The whole projected linkage graph as a graphology graph (export-graph, and the engines' comparison). */
export async function readGdsLinkageGraph(store: GraphStore, graphName: string): Promise<UndirectedGraph<Record<string, never>, LinkAttributes>> {
  const graph = new UndirectedGraph<Record<string, never>, LinkAttributes>({ allowSelfLoops: false });
  await store.stream<{ source: string; target: string; weight: number; kinds: number }>(cypher('gds/read-linkage-links'), { graphName }, (row) => {
    graph.mergeNode(row.source);
    graph.mergeNode(row.target);
    graph.addEdge(row.source, row.target, { weight: row.weight, kinds: row.kinds });
  });
  return graph;
}
