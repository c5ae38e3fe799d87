// The ranked campaign subgraph on its own: node order, the member and node limits, edges ordered
// so any node limit is a prefix, and the member links the refresh takes from its linkage data.
import { describe, expect, it } from 'vitest';
import {
  consecutiveGroups,
  drawnCampaigns,
  edgesAmongFirst,
  GRAPH_MEMBER_LIMIT,
  GRAPH_NODE_LIMIT,
  parseRankedGraph,
  rankCampaignGraph,
  rankDrawnCampaign,
  type DrawnCampaign,
  type MemberLinks,
} from '../../src/campaigns/campaign-graph.js';
import { LinkageDataBuilder, type AccountFacts } from '../../src/linkage/linkage-data.js';

const member = (accountId: string, eventCount: number, links: MemberLinks['links']): MemberLinks => ({ accountId, eventCount, country: 'NL', plan: 'pro', links });
const ip = (key: string, events = 1) => ({ kind: 'ip' as const, key, events, detail: `${key.split('.').slice(0, 3).join('.')}.0/24` });

describe('rankCampaignGraph', () => {
  it('ranks nodes by degree, then events, then key, and counts the whole subgraph', () => {
    const graph = rankCampaignGraph(
      [
        member('a', 100, [ip('10.0.0.1', 30), { kind: 'payment', key: 'card', events: 1, detail: 'prepaid' }]),
        member('b', 50, [ip('10.0.0.1', 5), { kind: 'payment', key: 'card', events: 1, detail: 'prepaid' }, { kind: 'prompt', key: 'fp', events: 9, detail: 'agentic' }]),
        member('c', 5, [ip('10.0.0.2', 2)]),
      ],
      3,
    );
    expect(graph.nodes.map((node) => `${node[0]}:${node[1]}`)).toEqual(['account:b', 'account:a', 'ip:10.0.0.1', 'payment:card', 'prompt:fp', 'account:c', 'ip:10.0.0.2']);
    expect(graph.nodes[0]).toEqual(['account', 'b', 3, 50, 'NL', 'pro']);
    expect(graph.nodes[2]).toEqual(['ip', '10.0.0.1', 2, 35, '10.0.0.0/24', null]);
    expect(graph.totals).toEqual({ nodes: 7, edges: 6, members: 3 });
    expect(graph.maxEvents).toBe(100);
  });

  it('orders edges so the edges among the first L nodes are exactly a prefix, for every L', () => {
    const members = Array.from({ length: 30 }, (_, index) =>
      member(
        `acct-${index}`,
        (index * 7) % 13,
        Array.from({ length: 1 + (index % 4) }, (_unused, link) => ip(`10.0.${(index + link) % 9}.1`, 1 + link)),
      ),
    );
    const graph = rankCampaignGraph(members, members.length);
    for (let limit = 0; limit <= graph.nodes.length; limit += 1) {
      const among = graph.edges.filter(([account, entity]) => account < limit && entity < limit);
      expect(graph.edges.slice(0, edgesAmongFirst(graph, limit))).toEqual(among);
    }
  });

  it('reads at most GRAPH_MEMBER_LIMIT members, the most active (ties by id), and keeps at most GRAPH_NODE_LIMIT nodes', () => {
    const members = Array.from({ length: GRAPH_MEMBER_LIMIT + 5 }, (_, index) => member(`acct-${String(index).padStart(5, '0')}`, index < 5 ? 0 : 10, [ip(`10.${index >> 8}.${index & 255}.1`)]));
    const graph = rankCampaignGraph(members, members.length + 100);
    expect(graph.membersRead).toBe(GRAPH_MEMBER_LIMIT);
    expect(graph.totals.members).toBe(GRAPH_MEMBER_LIMIT + 105);
    // Each member read adds itself and its own address.
    expect(graph.totals.nodes).toBe(2 * GRAPH_MEMBER_LIMIT);
    expect(graph.nodes).toHaveLength(GRAPH_NODE_LIMIT);
    expect(graph.nodes.some((node) => node[1] === 'acct-00000')).toBe(false);
  });

  it('is stored as JSON and read back; another version or a damaged text reads as missing', () => {
    const graph = rankCampaignGraph([member('a', 1, [ip('10.0.0.1')])], 1);
    expect(parseRankedGraph(JSON.stringify(graph))).toEqual(graph);
    expect(parseRankedGraph(JSON.stringify({ ...graph, version: 99 }))).toBeUndefined();
    expect(parseRankedGraph('{"version":1')).toBeUndefined();
    expect(parseRankedGraph(null)).toBeUndefined();
  });
});

describe('drawnCampaigns', () => {
  const facts = (accountId: string, eventCount: number, country: string | null = 'DE'): AccountFacts => ({
    accountId,
    createdAt: 0,
    firstEventAt: 0,
    lastEventAt: 0,
    eventCount,
    inputTokens: 0,
    outputTokens: 0,
    extractionEvents: 0,
    hourHistogram: [],
    activeDays: [],
    orgId: null,
    plan: 'team',
    country,
  });

  it('gives each campaign member its addresses (with network), payment methods (kind) and fingerprints (intent), not networks', () => {
    const builder = new LinkageDataBuilder();
    for (const [id, events] of [
      ['a', 10],
      ['b', 20],
      ['outsider', 5],
    ] as const)
      builder.addAccount(facts(id, events));
    builder.addUsage('ip', '203.0.113.9', 'a', 7);
    builder.addUsage('network', '203.0.113.0/24', 'a', 7);
    builder.addUsage('ip', '2001:db8:5::1', 'b', 3);
    builder.addUsage('ip', '203.0.113.9', 'outsider', 1);
    builder.addUsage('payment', 'card-1', 'a', 1, 'prepaid|999001');
    builder.addUsage('payment', 'card-2', 'b', 1, '|');
    builder.addUsage('prompt', 'fp-1', 'b', 12, 'cot_extraction');
    const data = builder.build();
    const [campaign] = drawnCampaigns(data, [[0, 1]]);
    // Members by activity; entities in the table's order (kind, then key), each once.
    expect(campaign).toEqual({
      members: [
        { accountId: 'b', eventCount: 20, country: 'DE', plan: 'team' },
        { accountId: 'a', eventCount: 10, country: 'DE', plan: 'team' },
      ],
      entityKinds: ['ip', 'ip', 'payment', 'payment', 'prompt'],
      entityKeys: ['2001:db8:5::1', '203.0.113.9', 'card-1', 'card-2', 'fp-1'],
      entityDetails: ['2001:db8:5::/48', '203.0.113.0/24', 'prepaid', null, 'cot_extraction'],
      linkMember: [0, 1, 1, 0, 0],
      linkEntity: [0, 1, 2, 3, 4],
      linkEvents: [3, 7, 1, 1, 12],
    });
  });

  it('gives only the most active members of a campaign past the member limit, ranked as all members with their links rank', () => {
    const builder = new LinkageDataBuilder();
    // GRAPH_MEMBER_LIMIT + 3 accounts, events cycling so that many tie (ties go by account id).
    const ids = Array.from({ length: GRAPH_MEMBER_LIMIT + 3 }, (_, index) => `account-${String(index).padStart(5, '0')}`);
    ids.forEach((id, index) => builder.addAccount(facts(id, (index * 7) % 50)));
    const everyoneWithLinks: MemberLinks[] = ids.map((id, index) => {
      const address = `203.0.113.${index % 200}`;
      builder.addUsage('ip', address, id, 2);
      builder.addUsage('prompt', `fp-${index % 30}`, id, 1 + (index % 4));
      return {
        accountId: id,
        eventCount: (index * 7) % 50,
        country: 'DE',
        plan: 'team',
        links: [
          { kind: 'ip', key: address, events: 2, detail: '203.0.113.0/24' },
          { kind: 'prompt', key: `fp-${index % 30}`, events: 1 + (index % 4), detail: null },
        ],
      };
    });
    const data = builder.build();
    const [drawn] = drawnCampaigns(data, [data.accounts.map((_, index) => index)]);
    expect(drawn?.members).toHaveLength(GRAPH_MEMBER_LIMIT);
    const ranked = rankDrawnCampaign(drawn as DrawnCampaign, ids.length);
    expect(ranked).toEqual(rankCampaignGraph(everyoneWithLinks, ids.length));
    expect(ranked.totals).toEqual({ nodes: GRAPH_MEMBER_LIMIT + 200 + 30, edges: 2 * GRAPH_MEMBER_LIMIT, members: ids.length });
  });
});

describe('consecutiveGroups', () => {
  it.each([
    { sizes: [], limit: 10, groups: [] },
    { sizes: [3, 3, 3], limit: 10, groups: [[0, 3]] },
    {
      sizes: [4, 4, 4],
      limit: 8,
      groups: [
        [0, 2],
        [2, 3],
      ],
    },
    {
      sizes: [12, 1, 1],
      limit: 10,
      groups: [
        [0, 1],
        [1, 3],
      ],
    },
    {
      sizes: [1, 12, 1],
      limit: 10,
      groups: [
        [0, 1],
        [1, 2],
        [2, 3],
      ],
    },
  ])('cuts $sizes at $limit into $groups', ({ sizes, limit, groups }) => {
    expect(consecutiveGroups(sizes, limit).map((group) => [group.start, group.end])).toEqual(groups);
  });
});
