// Turns a campaign's member rows into a graph a dashboard can draw directly: graphology's
// serialized JSON (Graph.from / graph.import) or Cytoscape.js elements. Large campaigns are cut
// to the most important nodes (degree within the campaign subgraph, then events), with the
// totals stated, so a response is never unbounded.
import type { CampaignGraph } from '../schemas.js';

export type AccountLinksRow = {
  account_id: string;
  event_count: number | null;
  country: string | null;
  plan: string | null;
  links: Array<{ type: 'USED_IP' | 'PAID_WITH' | 'SENT_PROMPT'; key: string; events: number | null; network: string | null; payment_kind: string | null; intent: string | null }>;
};

type NodeKind = 'account' | 'ip' | 'payment' | 'prompt';

interface GraphNode {
  key: string;
  kind: NodeKind;
  label: string;
  degree: number;
  events: number;
  extra: Record<string, string | null | boolean>;
}

interface GraphEdge {
  key: string;
  source: string;
  target: string;
  type: AccountLinksRow['links'][number]['type'];
  weight: number;
}

const KIND_OF_RELATIONSHIP = { USED_IP: 'ip', PAID_WITH: 'payment', SENT_PROMPT: 'prompt' } as const;

function shortLabel(kind: NodeKind, key: string, extra: GraphNode['extra']): string {
  if (kind === 'payment') return `${extra['paymentKind'] ?? 'payment'} ${key.slice(0, 10)}`;
  if (kind === 'prompt') return `${extra['intent'] ?? 'prompt'} ${key.slice(0, 10)}`;
  return key;
}

export function buildCampaignGraph(campaignId: string, rows: readonly AccountLinksRow[], options: { limit: number; format: 'graphology' | 'cytoscape'; membersTotal?: number }): CampaignGraph {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  for (const row of rows) {
    const accountKey = `account:${row.account_id}`;
    const account: GraphNode = { key: accountKey, kind: 'account', label: row.account_id, degree: 0, events: row.event_count ?? 0, extra: { member: true, country: row.country, plan: row.plan } };
    nodes.set(accountKey, account);
    for (const link of row.links) {
      const kind = KIND_OF_RELATIONSHIP[link.type];
      const entityKey = `${kind}:${link.key}`;
      let entity = nodes.get(entityKey);
      if (!entity) {
        const extra: GraphNode['extra'] =
          kind === 'ip' ? { network: link.network } : kind === 'payment' ? { paymentKind: link.payment_kind } : { intent: link.intent };
        entity = { key: entityKey, kind, label: shortLabel(kind, link.key, extra), degree: 0, events: 0, extra };
        nodes.set(entityKey, entity);
      }
      const weight = link.events ?? 1;
      entity.degree += 1;
      entity.events += weight;
      account.degree += 1;
      edges.push({ key: `${accountKey}->${entityKey}`, source: accountKey, target: entityKey, type: link.type, weight });
    }
  }

  const ranked = [...nodes.values()].sort((left, right) => right.degree - left.degree || right.events - left.events || (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
  const maxEvents = ranked.reduce((max, node) => Math.max(max, node.events), 0);
  const kept = ranked.slice(0, options.limit);
  const keptKeys = new Set(kept.map((node) => node.key));
  const keptEdges = edges.filter((edge) => keptKeys.has(edge.source) && keptKeys.has(edge.target));
  // Degree first, events as a fraction below one: the weight orders nodes exactly as ranked.
  const attributes = (node: GraphNode) => ({ kind: node.kind, label: node.label, weight: node.degree + node.events / (maxEvents + 1), degree: node.degree, events: node.events, ...node.extra });
  const envelope = {
    campaignId,
    // Nodes and edges are those of the members read (the most active ones, up to the limit);
    // members counts the whole campaign.
    totals: { nodes: nodes.size, edges: edges.length, members: Math.max(options.membersTotal ?? rows.length, rows.length) },
    returned: { nodes: kept.length, edges: keptEdges.length },
    truncated: kept.length < nodes.size || rows.length < (options.membersTotal ?? rows.length),
    limit: options.limit,
  };
  if (options.format === 'cytoscape') {
    return {
      format: 'cytoscape',
      ...envelope,
      elements: {
        nodes: kept.map((node) => ({ data: { id: node.key, ...attributes(node) } })),
        edges: keptEdges.map((edge) => ({ data: { id: edge.key, source: edge.source, target: edge.target, type: edge.type, weight: edge.weight } })),
      },
    };
  }
  return {
    format: 'graphology',
    ...envelope,
    graph: {
      attributes: { name: `campaign ${campaignId}`, campaignId },
      options: { type: 'directed', multi: false, allowSelfLoops: false },
      nodes: kept.map((node) => ({ key: node.key, attributes: attributes(node) })),
      edges: keptEdges.map((edge) => ({ key: edge.key, source: edge.source, target: edge.target, attributes: { type: edge.type, weight: edge.weight } })),
    },
  };
}
