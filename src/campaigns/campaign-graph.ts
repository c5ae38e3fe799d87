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

const compareText = (left: string, right: string) => (left < right ? -1 : left > right ? 1 : 0);

/** The most active members first, ties by account id: the order both builders agree on. */
export function byActivity(left: Pick<MemberLinks, 'accountId' | 'eventCount'>, right: Pick<MemberLinks, 'accountId' | 'eventCount'>): number {
  return right.eventCount - left.eventCount || compareText(left.accountId, right.accountId);
}

/**
 * A campaign's drawn members and their links in flat lists: members in activity order (byActivity),
 * each distinct entity once, links as (member, entity, events). What ranking reads: the members
 * of `seed`'s campaigns reach hundreds of thousands of distinct addresses, and an object per link
 * and per entity allocated more than a gigabyte over its 28 campaigns.
 */
export interface DrawnCampaign {
  members: ReadonlyArray<Omit<MemberLinks, 'links'>>;
  entityKinds: LinkKind[];
  entityKeys: string[];
  entityDetails: Array<string | null>;
  linkMember: number[];
  linkEntity: number[];
  linkEvents: number[];
}

/**
 * Ranks a campaign's subgraph. `members` may hold every member or only the most active ones
 * already (the query reads at most GRAPH_MEMBER_LIMIT); `membersTotal` is the campaign's size.
 */
export function rankCampaignGraph(members: readonly MemberLinks[], membersTotal: number): RankedCampaignGraph {
  const read = [...members].sort(byActivity).slice(0, GRAPH_MEMBER_LIMIT);
  const drawn: DrawnCampaign = { members: read, entityKinds: [], entityKeys: [], entityDetails: [], linkMember: [], linkEntity: [], linkEvents: [] };
  const entityOf = new Map<LinkKind, Map<string, number>>();
  read.forEach((member, position) => {
    for (const link of member.links) {
      let ofKind = entityOf.get(link.kind);
      if (!ofKind) {
        ofKind = new Map();
        entityOf.set(link.kind, ofKind);
      }
      let entity = ofKind.get(link.key);
      if (entity === undefined) {
        entity = drawn.entityKeys.length;
        ofKind.set(link.key, entity);
        drawn.entityKinds.push(link.kind);
        drawn.entityKeys.push(link.key);
        drawn.entityDetails.push(link.detail);
      }
      drawn.linkMember.push(position);
      drawn.linkEntity.push(entity);
      drawn.linkEvents.push(link.events);
    }
  });
  return rankDrawnCampaign(drawn, membersTotal);
}

/**
 * Ranks drawn members and links: nodes by degree within the subgraph, then events, then
 * `<kind>:<key>` (members are `account:<id>`); the first GRAPH_NODE_LIMIT kept, edges among them.
 */
export function rankDrawnCampaign(drawn: DrawnCampaign, membersTotal: number): RankedCampaignGraph {
  const accounts = drawn.members.length;
  const nodeCount = accounts + drawn.entityKeys.length;
  const degree = new Int32Array(nodeCount);
  const events = new Float64Array(nodeCount);
  drawn.members.forEach((member, node) => (events[node] = member.eventCount));
  const links = drawn.linkMember.length;
  for (let link = 0; link < links; link += 1) {
    const account = drawn.linkMember[link] as number;
    const entity = accounts + (drawn.linkEntity[link] as number);
    degree[account] = (degree[account] as number) + 1;
    degree[entity] = (degree[entity] as number) + 1;
    events[entity] = (events[entity] as number) + (drawn.linkEvents[link] as number);
  }
  const kindOf = (node: number): GraphNodeKind => (node < accounts ? 'account' : (drawn.entityKinds[node - accounts] as LinkKind));
  const idOf = (node: number): string => (node < accounts ? (drawn.members[node] as Omit<MemberLinks, 'links'>).accountId : (drawn.entityKeys[node - accounts] as string));
  // `<kind>:<key>` compared without building it: no kind name is a prefix of another, so the kinds decide first.
  const order = Array.from({ length: nodeCount }, (_, node) => node).sort(
    (left, right) =>
      (degree[right] as number) - (degree[left] as number) || (events[right] as number) - (events[left] as number) || compareText(kindOf(left), kindOf(right)) || compareText(idOf(left), idOf(right)),
  );
  let maxEvents = 0;
  for (const value of events) maxEvents = Math.max(maxEvents, value);
  const kept = order.slice(0, GRAPH_NODE_LIMIT);
  const rankOf = new Int32Array(nodeCount).fill(-1);
  kept.forEach((node, rank) => (rankOf[node] = rank));
  const keptEdges: RankedEdge[] = [];
  for (let link = 0; link < links; link += 1) {
    const accountRank = rankOf[drawn.linkMember[link] as number] as number;
    const entityRank = rankOf[accounts + (drawn.linkEntity[link] as number)] as number;
    if (accountRank !== -1 && entityRank !== -1) keptEdges.push([accountRank, entityRank, drawn.linkEvents[link] as number]);
  }
  keptEdges.sort((left, right) => Math.max(left[0], left[1]) - Math.max(right[0], right[1]) || left[0] - right[0] || left[1] - right[1]);
  return {
    version: RANKED_GRAPH_VERSION,
    totals: { nodes: nodeCount, edges: links, members: Math.max(membersTotal, accounts) },
    membersRead: accounts,
    maxEvents,
    nodes: kept.map((node): RankedNode => {
      if (node < accounts) {
        const member = drawn.members[node] as Omit<MemberLinks, 'links'>;
        return ['account', member.accountId, degree[node] as number, events[node] as number, member.country, member.plan];
      }
      return [kindOf(node), idOf(node), degree[node] as number, events[node] as number, drawn.entityDetails[node - accounts] ?? null, null];
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
 * Every campaign's drawn members with their links, from the data the refresh already holds: one
 * pass over the entities, no query. `campaigns` lists account indexes (into data.accounts) per
 * campaign; an account belongs to at most one. Of a campaign larger than `memberLimit` only the
 * most active members come (byActivity), the ones a ranked graph draws. Networks are not drawn
 * (they are not relationships in the graph).
 */
export function drawnCampaigns(data: LinkageData, campaigns: ReadonlyArray<readonly number[]>, memberLimit = GRAPH_MEMBER_LIMIT): DrawnCampaign[] {
  const factsOf = (index: number) => {
    const facts = data.accounts[index];
    if (!facts) throw new Error(`campaign member ${index} is not an account of the data`);
    return facts;
  };
  const campaignOf = new Map<number, number>();
  const positionOf = new Map<number, number>();
  const drawn = campaigns.map((members, campaign): DrawnCampaign => {
    const chosen = [...members].sort((left, right) => byActivity(factsOf(left), factsOf(right))).slice(0, memberLimit);
    chosen.forEach((index, position) => {
      campaignOf.set(index, campaign);
      positionOf.set(index, position);
    });
    return {
      members: chosen.map((index) => {
        const facts = factsOf(index);
        return { accountId: facts.accountId, eventCount: facts.eventCount, country: facts.country ?? null, plan: facts.plan };
      }),
      entityKinds: [],
      entityKeys: [],
      entityDetails: [],
      linkMember: [],
      linkEntity: [],
      linkEvents: [],
    };
  });
  // The entity each campaign added last: an entity's links to one campaign come together.
  const lastEntity = new Int32Array(campaigns.length).fill(-1);
  const table = data.entities;
  for (let entityIndex = 0; entityIndex < table.count; entityIndex += 1) {
    if (table.kinds[entityIndex] === KIND_CODES.network) continue;
    let detail: string | null | undefined;
    for (let slot = table.start[entityIndex] as number; slot < (table.start[entityIndex + 1] as number); slot += 1) {
      const member = table.members[slot] as number;
      const campaign = campaignOf.get(member);
      if (campaign === undefined) continue;
      const campaignLinks = drawn[campaign] as DrawnCampaign;
      if (lastEntity[campaign] !== entityIndex) {
        lastEntity[campaign] = entityIndex;
        const kind = kindOf(table, entityIndex) as LinkKind;
        const key = table.keys[entityIndex] as string;
        if (detail === undefined) detail = entityDetail(kind, key, table.details[entityIndex] ?? null);
        campaignLinks.entityKinds.push(kind);
        campaignLinks.entityKeys.push(key);
        campaignLinks.entityDetails.push(detail);
      }
      campaignLinks.linkMember.push(positionOf.get(member) as number);
      campaignLinks.linkEntity.push(campaignLinks.entityKeys.length - 1);
      campaignLinks.linkEvents.push(table.usage[slot] as number);
    }
  }
  return drawn;
}
