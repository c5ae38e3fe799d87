// Turns a campaign's ranked subgraph (src/campaigns/campaign-graph.ts: stored by the refresh, or
// built from a query for older snapshots) into a graph a dashboard can draw directly:
// graphology's serialized JSON (Graph.from / graph.import) or Cytoscape.js elements. The node
// limit is a slice of the ranked nodes, with the totals stated, so a response is never unbounded.
import { z } from 'zod';
import { edgesAmongFirst, type GraphNodeKind, type MemberLinks, type RankedCampaignGraph, type RankedNode } from '../../campaigns/campaign-graph.js';
import type { AggregatedCampaignGraph, AggregatedHub } from '../../campaigns/campaign-aggregate.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { invalidParameters, notFound } from '../problem.js';
import type { CampaignGraph, CampaignGroupAccounts } from '../schemas.js';

/** One member row of cypher/read-campaign-graph.cypher. */
export type AccountLinksRow = {
  account_id: string;
  event_count: number | null;
  country: string | null;
  plan: string | null;
  links: Array<{ type: 'USED_IP' | 'PAID_WITH' | 'SENT_PROMPT'; key: string; events: number | null; network: string | null; payment_kind: string | null; intent: string | null }>;
};

const KIND_OF_RELATIONSHIP = { USED_IP: 'ip', PAID_WITH: 'payment', SENT_PROMPT: 'prompt' } as const;
const RELATIONSHIP_OF_KIND = { ip: 'USED_IP', payment: 'PAID_WITH', prompt: 'SENT_PROMPT' } as const;

export function memberLinksOfRow(row: AccountLinksRow): MemberLinks {
  return {
    accountId: row.account_id,
    eventCount: row.event_count ?? 0,
    country: row.country,
    plan: row.plan,
    links: row.links.map((link) => {
      const kind = KIND_OF_RELATIONSHIP[link.type];
      return { kind, key: link.key, events: link.events ?? 1, detail: kind === 'ip' ? link.network : kind === 'payment' ? link.payment_kind : link.intent };
    }),
  };
}

const nodeKey = (node: RankedNode) => `${node[0]}:${node[1]}`;

function label(kind: GraphNodeKind, key: string, detail: string | null): string {
  if (kind === 'payment') return `${detail ?? 'payment'} ${key.slice(0, 10)}`;
  if (kind === 'prompt') return `${detail ?? 'prompt'} ${key.slice(0, 10)}`;
  return key;
}

function extra(node: RankedNode): Record<string, string | null | boolean> {
  const [kind, , , , detail, plan] = node;
  if (kind === 'account') return { member: true, country: detail, plan };
  if (kind === 'ip') return { network: detail };
  if (kind === 'payment') return { paymentKind: detail };
  return { intent: detail };
}

export function renderCampaignGraph(campaignId: string, ranked: RankedCampaignGraph, options: { limit: number; format: 'graphology' | 'cytoscape' }): CampaignGraph {
  const kept = ranked.nodes.slice(0, options.limit);
  const keptEdges = ranked.edges.slice(0, edgesAmongFirst(ranked, kept.length));
  const keys = kept.map(nodeKey);
  // Degree first, events as a fraction below one: the weight orders nodes exactly as ranked.
  const attributes = (node: RankedNode) => ({
    kind: node[0],
    label: label(node[0], node[1], node[4]),
    weight: node[2] + node[3] / (ranked.maxEvents + 1),
    degree: node[2],
    events: node[3],
    ...extra(node),
  });
  const edge = ([account, entity, weight]: readonly [number, number, number]) => {
    const source = keys[account] as string;
    const target = keys[entity] as string;
    const kind = (kept[entity] as RankedNode)[0] as Exclude<GraphNodeKind, 'account'>;
    return { key: `${source}->${target}`, source, target, type: RELATIONSHIP_OF_KIND[kind], weight };
  };
  const envelope = {
    campaignId,
    // Nodes and edges are those of the members read (the most active ones); members counts the whole campaign.
    totals: ranked.totals,
    returned: { nodes: kept.length, edges: keptEdges.length },
    truncated: kept.length < ranked.totals.nodes || ranked.membersRead < ranked.totals.members,
    limit: options.limit,
  };
  if (options.format === 'cytoscape') {
    return {
      format: 'cytoscape',
      ...envelope,
      elements: {
        nodes: kept.map((node, rank) => ({ data: { id: keys[rank] as string, ...attributes(node) } })),
        edges: keptEdges.map((ranks) => {
          const { key, ...data } = edge(ranks);
          return { data: { id: key, ...data } };
        }),
      },
    };
  }
  return {
    format: 'graphology',
    ...envelope,
    graph: {
      attributes: { name: `campaign ${campaignId}`, campaignId },
      options: { type: 'directed', multi: false, allowSelfLoops: false },
      nodes: kept.map((node, rank) => ({ key: keys[rank] as string, attributes: attributes(node) })),
      edges: keptEdges.map((ranks) => {
        const { key, source, target, type, weight } = edge(ranks);
        return { key, source, target, attributes: { type, weight } };
      }),
    },
  };
}

// ---- the aggregated view ------------------------------------------------------------------------

const groupNodeKey = (groupId: string) => `group:${groupId}`;

function hubAttributes(hub: AggregatedHub) {
  const detail = hub.kind === 'ip' ? { network: hub.detail } : hub.kind === 'payment' ? { paymentKind: hub.detail } : { intent: hub.detail };
  return { kind: hub.kind, label: label(hub.kind, hub.key, hub.detail), weight: hub.members, members: hub.members, accountsInAll: hub.accountsInAll, ...detail };
}

/** "12 accounts · prepaid 9f3a… + agentic 17c2…": what the group's accounts all share. */
function groupLabel(size: number, keyHubs: readonly string[], hubs: ReadonlyMap<string, AggregatedHub>): string {
  const accounts = `${size} account${size === 1 ? '' : 's'}`;
  if (keyHubs.length === 0) return `${accounts} · no drawn hub in common`;
  const names = keyHubs.slice(0, 2).map((key) => {
    const hub = hubs.get(key) as AggregatedHub;
    return label(hub.kind, hub.key, hub.detail);
  });
  return `${accounts} · ${names.join(' + ')}${keyHubs.length > 2 ? ` + ${keyHubs.length - 2} more` : ''}`;
}

/** The aggregated graph as graphology JSON or Cytoscape elements: hubs first (most members first), then groups (largest first). */
export function renderAggregatedGraph(campaignId: string, aggregate: AggregatedCampaignGraph, options: { format: 'graphology' | 'cytoscape' }): CampaignGraph {
  const hubs = new Map(aggregate.hubs.map((hub) => [hub.nodeKey, hub]));
  const nodes = [
    ...aggregate.hubs.map((hub) => ({ key: hub.nodeKey, attributes: hubAttributes(hub) })),
    ...aggregate.groups.map((group) => ({
      key: groupNodeKey(group.id),
      attributes: { kind: 'group' as const, label: groupLabel(group.size, group.keyHubs, hubs), weight: group.size, members: group.size, groupId: group.id, keyHubs: group.keyHubs, expandable: true },
    })),
  ];
  const edges = aggregate.groups.flatMap((group) =>
    group.ties.map(({ hub, accounts }) => {
      const source = groupNodeKey(group.id);
      const kind = (hubs.get(hub) as AggregatedHub).kind;
      return { key: `${source}->${hub}`, source, target: hub, attributes: { type: RELATIONSHIP_OF_KIND[kind], weight: accounts, accounts, all: accounts === group.size } };
    }),
  );
  const envelope = {
    campaignId,
    view: 'aggregated' as const,
    totals: { members: aggregate.members, hubs: aggregate.hubsTotal, groups: aggregate.groups.length },
    returned: { nodes: nodes.length, edges: edges.length, hubs: aggregate.hubs.length, groups: aggregate.groups.length },
    truncated: aggregate.hubs.length < aggregate.hubsTotal,
    hubsOutsideKeys: aggregate.hubsOutsideKeys,
  };
  if (options.format === 'cytoscape') {
    return {
      format: 'cytoscape',
      ...envelope,
      elements: {
        nodes: nodes.map((node) => ({ data: { id: node.key, ...node.attributes } })),
        edges: edges.map((edge) => ({ data: { id: edge.key, source: edge.source, target: edge.target, ...edge.attributes } })),
      },
    };
  }
  return {
    format: 'graphology',
    ...envelope,
    graph: { attributes: { name: `campaign ${campaignId} (aggregated)`, campaignId }, options: { type: 'directed', multi: false, allowSelfLoops: false }, nodes, edges },
  };
}

const groupCursor = z.strictObject({ g: z.string(), o: z.number().int().min(0) });

/** One page of a group's accounts (most active first), each with the drawn hubs it ties to. */
export function groupAccountsPage(campaignId: string, aggregate: AggregatedCampaignGraph, groupId: string, options: { limit: number; cursor?: string | undefined }): CampaignGroupAccounts {
  const group = aggregate.groups.find((candidate) => candidate.id === groupId);
  if (!group) throw notFound('Group', `campaign "${campaignId}" has no group "${groupId}" in its aggregated graph (a refresh may have regrouped it)`);
  const after = decodeCursor(options.cursor, groupCursor);
  // A cursor only means something for the group it was made in.
  if (after && after.g !== groupId) throw invalidParameters([{ name: 'cursor', in: 'query', reason: 'the cursor was made for another group' }]);
  const offset = after?.o ?? 0;
  const page = group.accounts.slice(offset, offset + options.limit);
  const next = offset + page.length;
  return {
    campaignId,
    groupId,
    keyHubs: group.keyHubs,
    total: group.size,
    limit: options.limit,
    items: page.map((account) => ({ accountId: account.accountId, eventCount: account.eventCount, country: account.country, plan: account.plan, hubs: account.hubs })),
    nextCursor: next < group.size ? encodeCursor({ g: groupId, o: next }) : null,
  };
}
