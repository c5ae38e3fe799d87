// The aggregated campaign graph on its own: hubs sized by members, accounts grouped by the exact
// set of hubs they tie to, coarsening to a group limit, and counts that reconcile on generated
// campaigns of every shape.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/shared/random.js';
import { aggregateCampaignGraph, groupIdOf, type AggregateMember, type AggregatedCampaignGraph, type EvidenceHubInput } from '../../src/campaigns/campaign-aggregate.js';

const member = (accountId: string, eventCount = 10): AggregateMember => ({ accountId, eventCount, country: 'NL', plan: 'pro' });
const hub = (kind: EvidenceHubInput['kind'], key: string, memberIds: string[], accountsInAll = memberIds.length): EvidenceHubInput => ({ kind, key, detail: null, accountsInAll, memberIds });

/** A campaign of `size` members and `hubCount` shared entities, each used by a random share of the members (and some outsiders). */
function generatedCampaign(seed: number, size: number, hubCount: number): { members: AggregateMember[]; hubs: EvidenceHubInput[] } {
  const next = seededRandom(seed);
  const members = Array.from({ length: size }, (_, index) => member(`m-${seed}-${index}`, Math.floor(next() * 50)));
  const kinds = ['ip', 'payment', 'prompt'] as const;
  const hubs = Array.from({ length: hubCount }, (_, index) => {
    const share = next() * 0.6;
    const tied = members.filter(() => next() < share).map((account) => account.accountId);
    const outsiders = Math.floor(next() * 20);
    return hub(
      kinds[index % 3] as EvidenceHubInput['kind'],
      `entity-${index}`,
      [...tied, ...Array.from({ length: outsiders % 3 }, (_unused, outsider) => `outsider-${outsider}`)],
      tied.length + outsiders,
    );
  });
  return { members, hubs };
}

/** Every count the view shows must add up. */
function expectReconciled(
  aggregate: AggregatedCampaignGraph,
  members: readonly AggregateMember[],
  hubs: readonly EvidenceHubInput[],
  limits: { hubLimit: number; groupLimit: number; accountsPerGroup?: number },
): void {
  const memberIds = new Set(members.map((account) => account.accountId));
  // Group sizes sum to the member count shown, and every member is in exactly one group.
  expect(aggregate.members).toBe(memberIds.size);
  expect(aggregate.groups.reduce((sum, group) => sum + group.size, 0)).toBe(memberIds.size);
  const grouped = aggregate.groups.flatMap((group) => group.accounts.map((account) => account.accountId));
  expect(new Set(grouped).size).toBe(grouped.length);
  expect(new Set(grouped)).toEqual(memberIds);
  for (const group of aggregate.groups) expect(group.accounts).toHaveLength(group.size);

  // Hubs: those shared by two members or more, each member count right, the most used drawn.
  const expectedMembers = new Map(hubs.map((entity) => [`${entity.kind}:${entity.key}`, new Set(entity.memberIds.filter((id) => memberIds.has(id))).size]));
  const shared = [...expectedMembers.values()].filter((count) => count >= 2);
  expect(aggregate.hubsTotal).toBe(shared.length);
  expect(aggregate.hubs.length).toBe(Math.min(limits.hubLimit, shared.length));
  for (const drawn of aggregate.hubs) expect(drawn.members).toBe(expectedMembers.get(drawn.nodeKey));
  const smallestDrawn = Math.min(...aggregate.hubs.map((drawn) => drawn.members));
  const drawnKeys = new Set(aggregate.hubs.map((drawn) => drawn.nodeKey));
  for (const [key, count] of expectedMembers) if (count >= 2 && !drawnKeys.has(key)) expect(count).toBeLessThanOrEqual(smallestDrawn);
  // Each hub's ties to groups sum to its member count.
  for (const drawn of aggregate.hubs) {
    const tied = aggregate.groups.reduce((sum, group) => sum + (group.ties.find((tie) => tie.hub === drawn.nodeKey)?.accounts ?? 0), 0);
    expect(tied, drawn.nodeKey).toBe(drawn.members);
    expect(drawn.accountsInAll).toBeGreaterThanOrEqual(drawn.members);
  }
  // A group's key hubs are tied by all its accounts, and no account ties to another grouping hub.
  const grouping = new Set(aggregate.groups.flatMap((group) => group.keyHubs));
  for (const group of aggregate.groups) {
    expect(group.id).toBe(groupIdOf(group.keyHubs));
    for (const key of group.keyHubs) expect(group.ties.find((tie) => tie.hub === key)?.accounts).toBe(group.size);
    for (const account of group.accounts) expect(account.hubs.filter((key) => grouping.has(key)).sort()).toEqual([...group.keyHubs].sort());
  }
  expect(aggregate.groups.length).toBeLessThanOrEqual(Math.max(1, Math.min(limits.groupLimit, Math.ceil(memberIds.size / (limits.accountsPerGroup ?? 5)))));
  expect(new Set(aggregate.groups.map((group) => group.id)).size).toBe(aggregate.groups.length);
}

describe('aggregateCampaignGraph', () => {
  it('sizes hubs by members and groups accounts by the exact set of hubs they tie to', () => {
    const members = [member('a', 50), member('b', 40), member('c'), member('d'), member('e'), member('f'), member('g')];
    const hubs = [
      hub('payment', 'card', ['a', 'b', 'c', 'd'], 4),
      hub('prompt', 'template', ['a', 'b'], 2),
      hub('ip', '203.0.113.7', ['e', 'f', 'not-a-member'], 9),
      // Used by one member only: not shared, not a hub.
      hub('ip', '203.0.113.8', ['g'], 3),
    ];
    const aggregate = aggregateCampaignGraph(members, hubs, { accountsPerGroup: 1 });
    expect(aggregate.hubs.map((entity) => [entity.nodeKey, entity.members, entity.accountsInAll])).toEqual([
      ['payment:card', 4, 4],
      // Equal members: the rarer overall first.
      ['prompt:template', 2, 2],
      ['ip:203.0.113.7', 2, 9],
    ]);
    expect(aggregate.groups.map((group) => [group.keyHubs, group.accounts.map((account) => account.accountId)])).toEqual([
      [
        ['payment:card', 'prompt:template'],
        ['a', 'b'],
      ],
      [['payment:card'], ['c', 'd']],
      [['ip:203.0.113.7'], ['e', 'f']],
      [[], ['g']],
    ]);
    expect(aggregate.groups[0]?.ties).toEqual([
      { hub: 'payment:card', accounts: 2 },
      { hub: 'prompt:template', accounts: 2 },
    ]);
    expect(aggregate.hubsOutsideKeys).toBe(0);
    expectReconciled(aggregate, members, hubs, { hubLimit: 40, groupLimit: 60, accountsPerGroup: 1 });
  });

  it('coarsens to the group limit by leaving the least used hub out of the grouping, with partial ties', () => {
    const members = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => member(id));
    const hubs = [hub('payment', 'card', ['a', 'b', 'c', 'd', 'e', 'f']), hub('prompt', 'template', ['a', 'b', 'c', 'd']), hub('ip', '203.0.113.7', ['a', 'c', 'e'])];
    // Exact sets: {card, template, ip} a c; {card, template} b d; {card, ip} e; {card} f: four groups.
    expect(aggregateCampaignGraph(members, hubs, { accountsPerGroup: 1 }).groups).toHaveLength(4);
    const coarse = aggregateCampaignGraph(members, hubs, { groupLimit: 2, accountsPerGroup: 1 });
    expect(coarse.hubsOutsideKeys).toBe(1);
    expect(coarse.groups.map((group) => [group.keyHubs, group.size])).toEqual([
      [['payment:card', 'prompt:template'], 4],
      [['payment:card'], 2],
    ]);
    // The address is still drawn, tied to each group by how many of its accounts use it.
    expect(coarse.groups.map((group) => group.ties.find((tie) => tie.hub === 'ip:203.0.113.7')?.accounts)).toEqual([2, 1]);
    expectReconciled(coarse, members, hubs, { hubLimit: 40, groupLimit: 2, accountsPerGroup: 1 });
    // Three accounts per group on average at least: the same two groups.
    expect(aggregateCampaignGraph(members, hubs, { accountsPerGroup: 3 }).groups.map((group) => group.size)).toEqual([4, 2]);
    // A limit of one leaves a single group of everyone.
    const single = aggregateCampaignGraph(members, hubs, { groupLimit: 1 });
    expect(single.groups.map((group) => [group.keyHubs, group.size])).toEqual([[['payment:card'], 6]]);
  });

  it('groups accounts that each use rare addresses of their own by what many of them share, not one group per account', () => {
    // 30 accounts on one card, each sharing an address with its neighbour only: exact sets would make 30 groups of one.
    const members = Array.from({ length: 30 }, (_, index) => member(`m${String(index).padStart(2, '0')}`));
    const hubs = [
      hub(
        'payment',
        'card',
        members.map((account) => account.accountId),
      ),
      hub(
        'prompt',
        'template',
        members.slice(0, 20).map((account) => account.accountId),
      ),
      ...members.slice(0, 29).map((account, index) => hub('ip', `10.0.0.${index}`, [account.accountId, members[index + 1]?.accountId as string], 2)),
    ];
    const aggregate = aggregateCampaignGraph(members, hubs);
    expect(aggregate.groups.length).toBeLessThanOrEqual(6);
    // Every group is on the card; the template splits them 20 / 10; a few well-shared addresses may still key a group.
    expect(aggregate.groups.every((group) => group.keyHubs[0] === 'payment:card')).toBe(true);
    const withTemplate = aggregate.groups.filter((group) => group.keyHubs.includes('prompt:template'));
    expect(withTemplate.reduce((sum, group) => sum + group.size, 0)).toBe(20);
    expect(aggregate.groups[0]?.keyHubs).toEqual(['payment:card', 'prompt:template']);
    expectReconciled(aggregate, members, hubs, { hubLimit: 40, groupLimit: 60 });
  });

  it('draws the most used hubs up to the hub limit and counts the rest', () => {
    const members = Array.from({ length: 10 }, (_, index) => member(`m${index}`));
    const hubs = Array.from({ length: 6 }, (_, index) =>
      hub(
        'prompt',
        `t${index}`,
        members.slice(0, 2 + index).map((account) => account.accountId),
      ),
    );
    const aggregate = aggregateCampaignGraph(members, hubs, { hubLimit: 3 });
    expect(aggregate.hubsTotal).toBe(6);
    expect(aggregate.hubs.map((entity) => entity.key)).toEqual(['t5', 't4', 't3']);
    expectReconciled(aggregate, members, hubs, { hubLimit: 3, groupLimit: 60 });
  });

  it('gives one group of every member when nothing is shared', () => {
    const members = [member('a'), member('b')];
    const aggregate = aggregateCampaignGraph(members, []);
    expect(aggregate.hubs).toEqual([]);
    expect(aggregate.groups).toEqual([
      {
        id: groupIdOf([]),
        keyHubs: [],
        size: 2,
        ties: [],
        accounts: [
          { ...member('a'), hubs: [] },
          { ...member('b'), hubs: [] },
        ],
      },
    ]);
  });

  it('reconciles on generated campaigns of many shapes, and does not depend on input order', () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const size = 2 + ((seed * 37) % 400);
      const hubCount = (seed * 13) % 70;
      const limits = { hubLimit: 5 + (seed % 40), groupLimit: 1 + ((seed * 7) % 60), accountsPerGroup: 1 + (seed % 6) };
      const { members, hubs } = generatedCampaign(seed, size, hubCount);
      const aggregate = aggregateCampaignGraph(members, hubs, limits);
      expectReconciled(aggregate, members, hubs, limits);
      const shuffled = aggregateCampaignGraph(
        [...members].reverse(),
        [...hubs].reverse().map((entity) => ({ ...entity, memberIds: [...entity.memberIds].reverse() })),
        limits,
      );
      expect(shuffled).toEqual(aggregate);
    }
  });
});
