// The ranked campaign subgraph on its own: node order, the member and node limits, edges ordered
// so any node limit is a prefix, and the member links the refresh takes from its linkage data.
import { describe, expect, it } from 'vitest';
import {
  campaignMemberLinks,
  consecutiveGroups,
  edgesAmongFirst,
  GRAPH_MEMBER_LIMIT,
  GRAPH_NODE_LIMIT,
  parseRankedGraph,
  rankCampaignGraph,
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

describe('campaignMemberLinks', () => {
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
    const [campaign] = campaignMemberLinks(data, [[0, 1]]);
    expect(campaign).toEqual([
      {
        accountId: 'a',
        eventCount: 10,
        country: 'DE',
        plan: 'team',
        links: [
          { kind: 'ip', key: '203.0.113.9', events: 7, detail: '203.0.113.0/24' },
          { kind: 'payment', key: 'card-1', events: 1, detail: 'prepaid' },
        ],
      },
      {
        accountId: 'b',
        eventCount: 20,
        country: 'DE',
        plan: 'team',
        links: [
          { kind: 'ip', key: '2001:db8:5::1', events: 3, detail: '2001:db8:5::/48' },
          { kind: 'payment', key: 'card-2', events: 1, detail: null },
          { kind: 'prompt', key: 'fp-1', events: 12, detail: 'cot_extraction' },
        ],
      },
    ]);
  });

  it('gives only the most active members of a campaign past the member limit, whose graph is the one all members give', () => {
    const builder = new LinkageDataBuilder();
    // GRAPH_MEMBER_LIMIT + 3 accounts, events cycling so that many tie (ties go by account id).
    const ids = Array.from({ length: GRAPH_MEMBER_LIMIT + 3 }, (_, index) => `account-${String(index).padStart(5, '0')}`);
    ids.forEach((id, index) => builder.addAccount(facts(id, (index * 7) % 50)));
    ids.forEach((id, index) => {
      builder.addUsage('ip', `203.0.113.${index % 200}`, id, 2);
      builder.addUsage('prompt', `fp-${index % 30}`, id, 1 + (index % 4));
    });
    const data = builder.build();
    const everyone = data.accounts.map((_, index) => index);
    const [cut] = campaignMemberLinks(data, [everyone]);
    const [all] = campaignMemberLinks(data, [everyone], Number.POSITIVE_INFINITY);
    expect(cut).toHaveLength(GRAPH_MEMBER_LIMIT);
    expect(all).toHaveLength(ids.length);
    expect(rankCampaignGraph(cut ?? [], ids.length)).toEqual(rankCampaignGraph(all ?? [], ids.length));
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
