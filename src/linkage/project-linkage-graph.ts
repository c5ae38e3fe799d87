// Projects the account-linkage graph: accounts are nodes; two accounts are linked when they
// share addresses, networks, payment methods or prompt fingerprints. Each shared entity adds
// weight by how rare it is (1 / log2(1 + accounts on it)) and, for addresses, networks and
// fingerprints, how much both accounts used it; a card links its accounts however many share it.
// Hub entities (more accounts than cliqueDegreeLimit) would add a quadratic number of pairs:
// they link each account only to its nearest hubNeighbors in sign-up order instead, which keeps
// their (small) signal at linear cost. Each account then keeps its strongest links only, which
// bounds the graph far below graphology's ~16.7 million edge limit.
import { UndirectedGraph } from 'graphology';
import { entityAt, type EntityKind, type LinkageData } from './linkage-data.js';
import { withDefaults } from '../shared/options.js';
import { promptSimilarityLinks, type PromptLink } from './prompt-similarity.js';

export interface ProjectionOptions {
  kindWeights: Record<EntityKind, number>;
  cliqueDegreeLimit: number;
  hubNeighbors: number;
  topEdgesPerAccount: number;
  /** Links weaker than this (one shared hub, one shared network) are not linkage evidence. */
  minEdgeWeight: number;
  /**
   * A payment method on two or more accounts links them at no less than minEdgeWeight, however
   * many share it: paying with one card is a deliberate tie, where an address may be a NAT or a
   * proxy exit strangers share. By rarity alone a card of forty accounts (2 / log2(41) = 0.37)
   * linked nobody. Organisations' invoice cards are told apart at scoring, not here.
   * false: cards weigh by rarity alone, as addresses do.
   */
  paymentAlwaysLinks: boolean;
  /**
   * Prompt fingerprints link accounts by how alike their whole prompt profiles are (cosine of
   * TF-IDF vectors over fingerprints), each account keeping its promptNeighbors most similar
   * accounts: a templated campaign shares a set of fingerprints, while one popular template
   * shared with thousands of users says little. 'entity' treats fingerprints like addresses.
   */
  promptLinks: 'similarity' | 'entity';
  promptNeighbors: number;
  minPromptSimilarity: number;
  /**
   * On a fingerprint with more accounts than this, an account compares itself only with the
   * promptCandidateWindow accounts nearest to it in sign-up order (campaign accounts are created
   * in bursts), which keeps the cost linear on templates used by tens of thousands.
   */
  promptCandidateWindow: number;
  /** Fingerprints on more accounts than this share of all accounts carry no linkage signal. */
  maxPromptShare: number;
}

export const DEFAULTS: ProjectionOptions = {
  kindWeights: { ip: 1, network: 0.35, payment: 2, prompt: 0.75 },
  cliqueDegreeLimit: 40,
  hubNeighbors: 3,
  topEdgesPerAccount: 40,
  minEdgeWeight: 0.45,
  paymentAlwaysLinks: true,
  promptLinks: 'similarity',
  promptNeighbors: 10,
  minPromptSimilarity: 0.3,
  promptCandidateWindow: 2000,
  maxPromptShare: 0.2,
};

/**
 * Pruning compares weights that are sums of floating-point terms: two links of the same
 * mathematical weight can come out a few units in the last place apart depending on the order of
 * the sum (the gds engine adds in another order than this module). A link within this relative
 * margin of a bar counts as reaching it, so ties at an account's limit are kept by both engines.
 */
export const AT_LEAST = 1 - 1e-9;

export const KIND_BITS: Record<EntityKind, number> = { ip: 1, network: 2, payment: 4, prompt: 8 };

export interface LinkAttributes {
  weight: number;
  /** Bit set of the entity kinds behind the link (KIND_BITS). */
  kinds: number;
}

export interface ProjectionDetails {
  accounts: number;
  linkedAccounts: number;
  entities: Record<EntityKind, { entities: number; shared: number; hubs: number; largest: number }>;
  /** Null from the gds engine, which streams pairs without counting them. */
  candidatePairs: number | null;
  edges: number;
  prunedPairs: number | null;
  milliseconds: number;
}

export interface ProjectionResult {
  graph: UndirectedGraph<Record<string, never>, LinkAttributes>;
  details: ProjectionDetails;
}

export function rarityWeight(accountsOnEntity: number): number {
  return 1 / Math.log2(1 + accountsOnEntity);
}

/** The weight one shared entity gives each pair of its accounts, before the usage factor. */
export function entityLinkBase(kind: EntityKind, degree: number, settings: Pick<ProjectionOptions, 'kindWeights' | 'minEdgeWeight' | 'paymentAlwaysLinks'>): number {
  const kindWeight = settings.kindWeights[kind];
  const base = kindWeight * rarityWeight(degree);
  return kind === 'payment' && settings.paymentAlwaysLinks && kindWeight > 0 && base < settings.minEdgeWeight ? settings.minEdgeWeight : base;
}

/** Grows from 0.5 (one event each) towards 1 with the lesser usage of the two accounts. */
export function usageFactor(usageA: number, usageB: number): number {
  const lesser = Math.max(1, Math.min(usageA, usageB));
  return lesser / (lesser + 1);
}

/**
 * `promptLinks`, when given, are the prompt similarity links already computed for these data
 * and options (by worker threads, see parallel-projection.ts); otherwise they are computed
 * here, on the calling thread.
 */
export function projectLinkageGraph(data: LinkageData, options: Partial<ProjectionOptions> = {}, promptLinks?: PromptLink[]): ProjectionResult {
  const started = performance.now();
  const settings: ProjectionOptions = { ...withDefaults(DEFAULTS, options), kindWeights: withDefaults(DEFAULTS.kindWeights, options.kindWeights) };
  const accountCount = data.accounts.length;
  // Pairs keyed by the lower account index: one small map per account keeps every map far
  // below the JavaScript Map size limit even when the total number of pairs is large.
  const pairs: Array<Map<number, LinkAttributes> | undefined> = new Array(accountCount);
  let candidatePairs = 0;
  const addPair = (a: number, b: number, weight: number, kindBit: number) => {
    if (a === b) return;
    const low = a < b ? a : b;
    const high = a < b ? b : a;
    let map = pairs[low];
    if (!map) {
      map = new Map();
      pairs[low] = map;
    }
    const existing = map.get(high);
    if (existing) {
      existing.weight += weight;
      existing.kinds |= kindBit;
    } else {
      map.set(high, { weight, kinds: kindBit });
      candidatePairs += 1;
    }
  };

  const entityStats = Object.fromEntries((['ip', 'network', 'payment', 'prompt'] as const).map((kind) => [kind, { entities: 0, shared: 0, hubs: 0, largest: 0 }])) as ProjectionDetails['entities'];
  const createdOrder = (account: number) => data.accounts[account]?.createdAt ?? 0;

  const similarityForPrompts = settings.promptLinks === 'similarity';
  for (let entityIndex = 0; entityIndex < data.entities.count; entityIndex += 1) {
    const entity = entityAt(data.entities, entityIndex);
    const stats = entityStats[entity.kind];
    const degree = entity.members.length;
    stats.entities += 1;
    if (degree > stats.largest) stats.largest = degree;
    if (degree < 2) continue;
    stats.shared += 1;
    if (similarityForPrompts && entity.kind === 'prompt') continue;
    const base = entityLinkBase(entity.kind, degree, settings);
    const bit = KIND_BITS[entity.kind];
    // A payment link is one fact (both accounts pay with it), not a count of events: no usage factor.
    const factor = entity.kind === 'payment' ? () => 1 : usageFactor;
    if (degree <= settings.cliqueDegreeLimit) {
      for (let i = 0; i < degree; i += 1) {
        for (let j = i + 1; j < degree; j += 1) {
          addPair(entity.members[i] as number, entity.members[j] as number, base * factor(entity.usage[i] ?? 1, entity.usage[j] ?? 1), bit);
        }
      }
    } else {
      stats.hubs += 1;
      const order = Array.from(entity.members, (member, position) => ({ member, usage: entity.usage[position] ?? 1 }));
      order.sort((left, right) => createdOrder(left.member) - createdOrder(right.member) || left.member - right.member);
      for (let i = 0; i < order.length; i += 1) {
        for (let step = 1; step <= settings.hubNeighbors && i + step < order.length; step += 1) {
          const left = order[i] as { member: number; usage: number };
          const right = order[i + step] as { member: number; usage: number };
          addPair(left.member, right.member, base * factor(left.usage, right.usage), bit);
        }
      }
    }
  }

  if (similarityForPrompts) {
    for (const [low, high, similarity] of promptLinks ?? promptSimilarityLinks(data, settings)) addPair(low, high, settings.kindWeights.prompt * similarity, KIND_BITS.prompt);
  }

  // Each account keeps its topEdgesPerAccount strongest links; a pair survives when it is
  // among the strongest of either end.
  const weightsPerAccount: number[][] = Array.from({ length: accountCount }, () => []);
  for (let low = 0; low < accountCount; low += 1) {
    const map = pairs[low];
    if (!map) continue;
    for (const [high, link] of map) {
      (weightsPerAccount[low] as number[]).push(link.weight);
      (weightsPerAccount[high] as number[]).push(link.weight);
    }
  }
  const threshold = new Float64Array(accountCount);
  for (let account = 0; account < accountCount; account += 1) {
    const weights = weightsPerAccount[account] as number[];
    if (weights.length > settings.topEdgesPerAccount) {
      weights.sort((a, b) => b - a);
      threshold[account] = weights[settings.topEdgesPerAccount - 1] as number;
    }
    weightsPerAccount[account] = [];
  }

  const graph = new UndirectedGraph<Record<string, never>, LinkAttributes>({ allowSelfLoops: false });
  let prunedPairs = 0;
  for (let low = 0; low < accountCount; low += 1) {
    const map = pairs[low];
    if (!map) continue;
    const lowKey = (data.accounts[low] as { accountId: string }).accountId;
    for (const [high, link] of map) {
      if (link.weight < settings.minEdgeWeight * AT_LEAST || (link.weight < (threshold[low] ?? 0) * AT_LEAST && link.weight < (threshold[high] ?? 0) * AT_LEAST)) {
        prunedPairs += 1;
        continue;
      }
      const highKey = (data.accounts[high] as { accountId: string }).accountId;
      graph.mergeNode(lowKey);
      graph.mergeNode(highKey);
      graph.addEdge(lowKey, highKey, link);
    }
    pairs[low] = undefined;
  }

  return {
    graph,
    details: {
      accounts: accountCount,
      linkedAccounts: graph.order,
      entities: entityStats,
      candidatePairs,
      edges: graph.size,
      prunedPairs,
      milliseconds: Math.round(performance.now() - started),
    },
  };
}
