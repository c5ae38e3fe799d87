// A campaign's drawable subgraph, ranked once: its most active members (at most
// GRAPH_MEMBER_LIMIT) with the addresses, payment methods and prompt fingerprints they used,
// nodes ordered by importance (degree within the subgraph, then events, then key) and cut to
// GRAPH_NODE_LIMIT. Edges are ordered so the edges among the first L nodes are a prefix: any
// requested node limit is a slice, never a recomputation. The refresh builds it from the data it
// already holds and stores it on the campaign snapshot; the API builds the same thing from a
// query when a snapshot has none (written by an older version).
import { networkOf } from '../contract/rows.js';
import { kindOf, KIND_CODES, type LinkageData } from '../linkage/linkage-data.js';

/** Members whose links make up the subgraph: the most active ones, so hubs of thousands stay bounded. */
export const GRAPH_MEMBER_LIMIT = 2000;
/** Nodes kept: the API's largest `limit`. */
export const GRAPH_NODE_LIMIT = 2000;
/** Bumped when the stored shape changes; a stored graph of another version is ignored. */
export const RANKED_GRAPH_VERSION = 1;

export type GraphNodeKind = 'account' | 'ip' | 'payment' | 'prompt';
export type LinkKind = Exclude<GraphNodeKind, 'account'>;

export interface MemberLinks {
  accountId: string;
  eventCount: number;
  country: string | null;
  plan: string | null;
  /** `detail` is the address's network, the payment method's kind or the fingerprint's intent. */
  links: Array<{ kind: LinkKind; key: string; events: number; detail: string | null }>;
}

/** [kind, key, degree, events, detail, plan]: detail is the account's country or the entity's detail; plan is for accounts only. */
export type RankedNode = [GraphNodeKind, string, number, number, string | null, string | null];
/** [account rank, entity rank, weight (events on the relationship, 1 for payment methods)]. */
export type RankedEdge = [number, number, number];

export interface RankedCampaignGraph {
  version: typeof RANKED_GRAPH_VERSION;
  /** The whole subgraph of the members read; members counts the whole campaign. */
  totals: { nodes: number; edges: number; members: number };
  membersRead: number;
  /** Largest events of any node of the whole subgraph (scales the importance weight). */
  maxEvents: number;
  nodes: RankedNode[];
  edges: RankedEdge[];
}

interface WorkNode {
  key: string;
  kind: GraphNodeKind;
  id: string;
  degree: number;
  events: number;
  detail: string | null;
  plan: string | null;
}

const compareText = (left: string, right: string) => (left < right ? -1 : left > right ? 1 : 0);

/** The most active members first, ties by account id: the order both builders agree on. */
export function byActivity(left: Pick<MemberLinks, 'accountId' | 'eventCount'>, right: Pick<MemberLinks, 'accountId' | 'eventCount'>): number {
  return right.eventCount - left.eventCount || compareText(left.accountId, right.accountId);
}

/**
 * Ranks a campaign's subgraph. `members` may hold every member or only the most active ones
 * already (the query reads at most GRAPH_MEMBER_LIMIT); `membersTotal` is the campaign's size.
 */
export function rankCampaignGraph(members: readonly MemberLinks[], membersTotal: number): RankedCampaignGraph {
  const read = [...members].sort(byActivity).slice(0, GRAPH_MEMBER_LIMIT);
  const nodes: WorkNode[] = [];
  // Entities by kind, then key: a `<kind>:<key>` string per link was most of what ranking
  // allocated (a campaign's members on rotating proxies have hundreds of links each).
  const entityNodes = new Map<LinkKind, Map<string, number>>();
  // Edges as parallel arrays of node numbers and weights, not an object each.
  const edgeAccounts: number[] = [];
  const edgeEntities: number[] = [];
  const edgeWeights: number[] = [];
  for (const member of read) {
    const accountNode = nodes.length;
    const account: WorkNode = { key: `account:${member.accountId}`, kind: 'account', id: member.accountId, degree: 0, events: member.eventCount, detail: member.country, plan: member.plan };
    nodes.push(account);
    for (const link of member.links) {
      let ofKind = entityNodes.get(link.kind);
      if (!ofKind) {
        ofKind = new Map();
        entityNodes.set(link.kind, ofKind);
      }
      let entityNode = ofKind.get(link.key);
      if (entityNode === undefined) {
        entityNode = nodes.length;
        ofKind.set(link.key, entityNode);
        nodes.push({ key: `${link.kind}:${link.key}`, kind: link.kind, id: link.key, degree: 0, events: 0, detail: link.detail, plan: null });
      }
      const entity = nodes[entityNode] as WorkNode;
      entity.degree += 1;
      entity.events += link.events;
      account.degree += 1;
      edgeAccounts.push(accountNode);
      edgeEntities.push(entityNode);
      edgeWeights.push(link.events);
    }
  }
  const order = nodes
    .map((_, node) => node)
    .sort((left, right) => {
      const a = nodes[left] as WorkNode;
      const b = nodes[right] as WorkNode;
      return b.degree - a.degree || b.events - a.events || compareText(a.key, b.key);
    });
  const maxEvents = nodes.reduce((max, node) => Math.max(max, node.events), 0);
  const kept = order.slice(0, GRAPH_NODE_LIMIT);
  const rankOf = new Int32Array(nodes.length).fill(-1);
  kept.forEach((node, rank) => (rankOf[node] = rank));
  const keptEdges: RankedEdge[] = [];
  for (let edge = 0; edge < edgeAccounts.length; edge += 1) {
    const accountRank = rankOf[edgeAccounts[edge] as number] as number;
    const entityRank = rankOf[edgeEntities[edge] as number] as number;
    if (accountRank !== -1 && entityRank !== -1) keptEdges.push([accountRank, entityRank, edgeWeights[edge] as number]);
  }
  keptEdges.sort((left, right) => Math.max(left[0], left[1]) - Math.max(right[0], right[1]) || left[0] - right[0] || left[1] - right[1]);
  return {
    version: RANKED_GRAPH_VERSION,
    totals: { nodes: nodes.length, edges: edgeAccounts.length, members: Math.max(membersTotal, read.length) },
    membersRead: read.length,
    maxEvents,
    nodes: kept.map((node) => {
      const work = nodes[node] as WorkNode;
      return [work.kind, work.id, work.degree, work.events, work.detail, work.plan];
    }),
    edges: keptEdges,
  };
}

/** How many of the ranked edges join two of the first `nodeCount` nodes (they come first). */
export function edgesAmongFirst(graph: Pick<RankedCampaignGraph, 'edges'>, nodeCount: number): number {
  let low = 0;
  let high = graph.edges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const edge = graph.edges[middle] as RankedEdge;
    if (Math.max(edge[0], edge[1]) < nodeCount) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A stored graph, or undefined when it is missing, unreadable or of another version. */
export function parseRankedGraph(text: string | null | undefined): RankedCampaignGraph | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<RankedCampaignGraph>;
    return parsed.version === RANKED_GRAPH_VERSION && Array.isArray(parsed.nodes) && Array.isArray(parsed.edges) && parsed.totals ? (parsed as RankedCampaignGraph) : undefined;
  } catch {
    return undefined;
  }
}

/** What the graph shows beside an entity's key, as the graph's own properties hold it. */
function entityDetail(kind: LinkKind, key: string, detail: string | null): string | null {
  if (kind === 'ip') {
    try {
      // Ingest stores exactly this as the address's network.
      return networkOf(key);
    } catch {
      return null;
    }
  }
  // The linkage data holds a payment method as "kind|issuer".
  if (kind === 'payment') return detail?.split('|')[0] || null;
  return detail;
}

/**
 * Consecutive runs of items whose sizes add up to at most `limit` (an item larger than the limit
 * is a run of its own), as [start, end) positions: campaigns whose member links are gathered
 * together, so memory holds one run's links at a time.
 */
export function consecutiveGroups(sizes: readonly number[], limit: number): Array<{ start: number; end: number }> {
  const groups: Array<{ start: number; end: number }> = [];
  let start = 0;
  let total = 0;
  sizes.forEach((size, index) => {
    if (index > start && total + size > limit) {
      groups.push({ start, end: index });
      start = index;
      total = 0;
    }
    total += size;
  });
  if (sizes.length > start) groups.push({ start, end: sizes.length });
  return groups;
}

/**
 * Every campaign's members with their links, from the data the refresh already holds: one pass
 * over the entities, no query. `campaigns` lists account indexes (into data.accounts) per
 * campaign; an account belongs to at most one. Networks are not drawn (they are not
 * relationships in the graph). Of a campaign larger than `memberLimit` only the most active
 * members come (byActivity), the ones rankCampaignGraph draws: at `seed` the links of a
 * 12,000-member campaign's other members were most of the write stage's memory, for nothing.
 */
export function campaignMemberLinks(data: LinkageData, campaigns: ReadonlyArray<readonly number[]>, memberLimit = GRAPH_MEMBER_LIMIT): MemberLinks[][] {
  const activity = (index: number) => {
    const facts = data.accounts[index];
    if (!facts) throw new Error(`campaign member ${index} is not an account of the data`);
    return facts;
  };
  const memberOf = new Map<number, MemberLinks>();
  const result = campaigns.map((members) =>
    (members.length <= memberLimit ? members : [...members].sort((left, right) => byActivity(activity(left), activity(right))).slice(0, memberLimit)).map((index) => {
      const facts = data.accounts[index];
      if (!facts) throw new Error(`campaign member ${index} is not an account of the data`);
      const member: MemberLinks = { accountId: facts.accountId, eventCount: facts.eventCount, country: facts.country ?? null, plan: facts.plan, links: [] };
      memberOf.set(index, member);
      return member;
    }),
  );
  const table = data.entities;
  for (let entityIndex = 0; entityIndex < table.count; entityIndex += 1) {
    if (table.kinds[entityIndex] === KIND_CODES.network) continue;
    let detail: string | null | undefined;
    for (let slot = table.start[entityIndex] as number; slot < (table.start[entityIndex + 1] as number); slot += 1) {
      const member = memberOf.get(table.members[slot] as number);
      if (!member) continue;
      const kind = kindOf(table, entityIndex) as LinkKind;
      const key = table.keys[entityIndex] as string;
      if (detail === undefined) detail = entityDetail(kind, key, table.details[entityIndex] ?? null);
      member.links.push({ kind, key, events: table.usage[slot] as number, detail });
    }
  }
  return result;
}
