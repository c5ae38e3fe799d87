// Projects the account-linkage graph: accounts are nodes; two accounts are linked when they
// share addresses, networks, payment methods or prompt fingerprints. Each shared entity adds
// weight by how rare it is (1 / log2(1 + accounts on it)) and how much both accounts used it.
// Hub entities (more accounts than cliqueDegreeLimit) would add a quadratic number of pairs:
// they link each account only to its nearest hubNeighbors in sign-up order instead, which keeps
// their (small) signal at linear cost. Each account then keeps its strongest links only, which
// bounds the graph far below graphology's ~16.7 million edge limit.
import { UndirectedGraph } from 'graphology';
import type { Entity, EntityKind, LinkageData } from './linkage-data.js';
import { withDefaults } from '../shared/options.js';

export interface ProjectionOptions {
  kindWeights: Record<EntityKind, number>;
  cliqueDegreeLimit: number;
  hubNeighbors: number;
  topEdgesPerAccount: number;
  /** Links weaker than this (one shared hub, one shared network) are not linkage evidence. */
  minEdgeWeight: number;
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
  kindWeights: { ip: 1, network: 0.35, payment: 1.5, prompt: 0.6 },
  cliqueDegreeLimit: 40,
  hubNeighbors: 3,
  topEdgesPerAccount: 40,
  minEdgeWeight: 0.45,
  promptLinks: 'similarity',
  promptNeighbors: 10,
  minPromptSimilarity: 0.3,
  promptCandidateWindow: 2000,
  maxPromptShare: 0.2,
};

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
  candidatePairs: number;
  edges: number;
  prunedPairs: number;
  milliseconds: number;
}

export interface ProjectionResult {
  graph: UndirectedGraph<Record<string, never>, LinkAttributes>;
  details: ProjectionDetails;
}

export function rarityWeight(accountsOnEntity: number): number {
  return 1 / Math.log2(1 + accountsOnEntity);
}

/** Grows from 0.5 (one event each) towards 1 with the lesser usage of the two accounts. */
export function usageFactor(usageA: number, usageB: number): number {
  const lesser = Math.max(1, Math.min(usageA, usageB));
  return lesser / (lesser + 1);
}

export function projectLinkageGraph(data: LinkageData, options: Partial<ProjectionOptions> = {}): ProjectionResult {
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

  const entityStats = Object.fromEntries(
    (['ip', 'network', 'payment', 'prompt'] as const).map((kind) => [kind, { entities: 0, shared: 0, hubs: 0, largest: 0 }]),
  ) as ProjectionDetails['entities'];
  const createdOrder = (account: number) => data.accounts[account]?.createdAt ?? 0;

  const similarityForPrompts = settings.promptLinks === 'similarity';
  for (const entity of data.entities) {
    const stats = entityStats[entity.kind];
    const degree = entity.members.length;
    stats.entities += 1;
    if (degree > stats.largest) stats.largest = degree;
    if (degree < 2) continue;
    stats.shared += 1;
    if (similarityForPrompts && entity.kind === 'prompt') continue;
    const base = settings.kindWeights[entity.kind] * rarityWeight(degree);
    const bit = KIND_BITS[entity.kind];
    if (degree <= settings.cliqueDegreeLimit) {
      for (let i = 0; i < degree; i += 1) {
        for (let j = i + 1; j < degree; j += 1) {
          addPair(entity.members[i] as number, entity.members[j] as number, base * usageFactor(entity.usage[i] ?? 1, entity.usage[j] ?? 1), bit);
        }
      }
    } else {
      stats.hubs += 1;
      const order = entity.members.map((member, position) => ({ member, usage: entity.usage[position] ?? 1 }));
      order.sort((left, right) => createdOrder(left.member) - createdOrder(right.member) || left.member - right.member);
      for (let i = 0; i < order.length; i += 1) {
        for (let step = 1; step <= settings.hubNeighbors && i + step < order.length; step += 1) {
          const left = order[i] as { member: number; usage: number };
          const right = order[i + step] as { member: number; usage: number };
          addPair(left.member, right.member, base * usageFactor(left.usage, right.usage), bit);
        }
      }
    }
  }

  if (similarityForPrompts) {
    for (const [low, high, similarity] of promptSimilarityLinks(data, settings)) addPair(low, high, settings.kindWeights.prompt * similarity, KIND_BITS.prompt);
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
      if (link.weight < settings.minEdgeWeight || (link.weight < (threshold[low] ?? 0) && link.weight < (threshold[high] ?? 0))) {
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

/**
 * The promptNeighbors most similar accounts of every account by prompt profile: cosine of
 * vectors whose components are the account's share of prompt events on a fingerprint times the
 * fingerprint's inverse document frequency. Computed row by row (one sparse dot product per
 * account against the accounts sharing a fingerprint), so memory stays linear.
 */
export function promptSimilarityLinks(
  data: LinkageData,
  settings: Pick<ProjectionOptions, 'promptNeighbors' | 'minPromptSimilarity' | 'maxPromptShare' | 'promptCandidateWindow'>,
): Array<[number, number, number]> {
  const accountCount = data.accounts.length;
  const maxDegree = Math.max(2, Math.floor(settings.maxPromptShare * accountCount));
  const prompts = data.entities.filter((entity) => entity.kind === 'prompt' && entity.members.length >= 2 && entity.members.length <= maxDegree);
  // Per account: its total prompt events (over all fingerprints, shared or not) for the shares.
  const promptEvents = new Float64Array(accountCount);
  for (const entity of data.entities) {
    if (entity.kind !== 'prompt') continue;
    entity.members.forEach((member, position) => {
      promptEvents[member] = (promptEvents[member] ?? 0) + (entity.usage[position] ?? 1);
    });
  }
  // Component weights per (fingerprint, member position), then unit length per account.
  const componentWeights = prompts.map((entity) => {
    const inverseFrequency = Math.log(accountCount / entity.members.length);
    return Float64Array.from(entity.members, (member, position) => ((entity.usage[position] ?? 1) / Math.max(1, promptEvents[member] ?? 1)) * inverseFrequency);
  });
  const squaredNorm = new Float64Array(accountCount);
  const fingerprintsOf: Array<Array<[number, number]>> = Array.from({ length: accountCount }, () => []);
  // Big fingerprints are scanned in sign-up order: member positions sorted by creation time, and
  // for each position its place in that order.
  const createdAt = (member: number) => data.accounts[member]?.createdAt ?? 0;
  const signUpOrder: Array<Int32Array | undefined> = prompts.map((entity) => {
    if (entity.members.length <= settings.promptCandidateWindow) return undefined;
    const order = Int32Array.from(entity.members.keys());
    order.sort((left, right) => createdAt(entity.members[left] as number) - createdAt(entity.members[right] as number) || left - right);
    return order;
  });
  const placeInOrder: Array<Int32Array | undefined> = signUpOrder.map((order) => {
    if (!order) return undefined;
    const place = new Int32Array(order.length);
    order.forEach((position, index) => {
      place[position] = index;
    });
    return place;
  });
  prompts.forEach((entity, fingerprint) => {
    const weights = componentWeights[fingerprint] as Float64Array;
    entity.members.forEach((member, position) => {
      const weight = weights[position] as number;
      squaredNorm[member] = (squaredNorm[member] ?? 0) + weight * weight;
      (fingerprintsOf[member] as Array<[number, number]>).push([fingerprint, position]);
    });
  });
  const halfWindow = Math.floor(settings.promptCandidateWindow / 2);

  const links: Array<[number, number, number]> = [];
  const linked = new Set<number>();
  const dot = new Float64Array(accountCount);
  const touched: number[] = [];
  for (let account = 0; account < accountCount; account += 1) {
    const own = fingerprintsOf[account] as Array<[number, number]>;
    if (own.length === 0 || (squaredNorm[account] ?? 0) === 0) continue;
    for (const [fingerprint, position] of own) {
      const weights = componentWeights[fingerprint] as Float64Array;
      const ownWeight = weights[position] as number;
      const members = (prompts[fingerprint] as Entity).members;
      const order = signUpOrder[fingerprint];
      const from = order ? Math.max(0, ((placeInOrder[fingerprint] as Int32Array)[position] as number) - halfWindow) : 0;
      const to = order ? Math.min(members.length, from + 2 * halfWindow + 1) : members.length;
      for (let index = from; index < to; index += 1) {
        const other = order ? (order[index] as number) : index;
        const member = members[other] as number;
        if (member === account) continue;
        if (dot[member] === 0) touched.push(member);
        dot[member] = (dot[member] ?? 0) + ownWeight * (weights[other] as number);
      }
    }
    const norm = Math.sqrt(squaredNorm[account] as number);
    const candidates: Array<[number, number]> = [];
    for (const member of touched) {
      const similarity = (dot[member] as number) / (norm * Math.sqrt(squaredNorm[member] as number));
      if (similarity >= settings.minPromptSimilarity) candidates.push([member, similarity]);
      dot[member] = 0;
    }
    touched.length = 0;
    candidates.sort((left, right) => right[1] - left[1] || left[0] - right[0]);
    for (const [member, similarity] of candidates.slice(0, settings.promptNeighbors)) {
      const low = Math.min(account, member);
      const high = Math.max(account, member);
      const key = low * accountCount + high;
      if (linked.has(key)) continue;
      linked.add(key);
      links.push([low, high, Math.min(1, similarity)]);
    }
  }
  return links;
}
