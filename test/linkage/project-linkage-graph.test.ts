import { describe, expect, it } from 'vitest';
import { entityList, LinkageDataBuilder, MAX_EVENTS, membersOf, usageAt, usageOf, type AccountFacts } from '../../src/linkage/linkage-data.js';
import { DEFAULTS, projectLinkageGraph, rarityWeight, usageFactor } from '../../src/linkage/project-linkage-graph.js';

function account(accountId: string, createdAt = 0): AccountFacts {
  return {
    accountId,
    createdAt,
    firstEventAt: createdAt,
    lastEventAt: createdAt,
    eventCount: 10,
    inputTokens: 100,
    outputTokens: 100,
    extractionEvents: 0,
    hourHistogram: [],
    activeDays: [],
    orgId: null,
    plan: null,
  };
}

describe('projectLinkageGraph', () => {
  it('links accounts that share an address, weighted by rarity and usage', () => {
    const builder = new LinkageDataBuilder();
    for (const id of ['a', 'b', 'c']) builder.addAccount(account(id));
    builder.addUsage('ip', '10.0.0.1', 'a', 5);
    builder.addUsage('ip', '10.0.0.1', 'b', 5);
    builder.addUsage('ip', '10.0.0.2', 'c', 5);
    const { graph } = projectLinkageGraph(builder.build(), { kindWeights: { ip: 1, network: 0, payment: 1, prompt: 1 } });
    expect(graph.hasEdge('a', 'b')).toBe(true);
    expect(graph.hasNode('c')).toBe(false);
    expect(graph.getEdgeAttribute('a', 'b', 'weight')).toBeCloseTo(rarityWeight(2) * usageFactor(5, 5));
  });

  it('weighs an address shared by three accounts more than one shared by thirty', () => {
    expect(rarityWeight(3)).toBeGreaterThan(rarityWeight(30) * 2);
  });

  it('adds up the weight of every entity two accounts share and remembers which kinds', () => {
    const builder = new LinkageDataBuilder();
    for (const id of ['a', 'b']) builder.addAccount(account(id));
    builder.addUsage('ip', '10.0.0.1', 'a', 1);
    builder.addUsage('ip', '10.0.0.1', 'b', 1);
    builder.addUsage('payment', 'card-1', 'a', 1);
    builder.addUsage('payment', 'card-1', 'b', 1);
    const { graph } = projectLinkageGraph(builder.build(), { kindWeights: { ip: 1, network: 0, payment: 2, prompt: 1 } });
    // Address links grow with both accounts' usage; a payment link is one fact, without a usage factor.
    expect(graph.getEdgeAttribute('a', 'b', 'weight')).toBeCloseTo((1 * usageFactor(1, 1) + 2) * rarityWeight(2));
    expect(graph.getEdgeAttribute('a', 'b', 'kinds')).toBe(1 | 4);
  });

  it('keeps a hub address shared by thousands of accounts linear instead of quadratic', () => {
    const builder = new LinkageDataBuilder();
    const count = 3000;
    for (let index = 0; index < count; index += 1) {
      builder.addAccount(account(`user-${index}`, index));
      builder.addUsage('ip', '100.64.0.1', `user-${index}`, 3);
    }
    const { graph, details } = projectLinkageGraph(builder.build(), { cliqueDegreeLimit: 40, hubNeighbors: 3, minEdgeWeight: 0 });
    expect(details.entities.ip.hubs).toBe(1);
    // A clique would be 4.5 million pairs; the hub adds at most hubNeighbors per account.
    expect(graph.size).toBeLessThanOrEqual(count * 3);
    expect(graph.size).toBeGreaterThan(count);
    // Every link through the hub is weak.
    const weights = graph.mapEdges((_edge, attributes) => attributes.weight);
    expect(Math.max(...weights)).toBeLessThan(rarityWeight(3000) * 1.01);
  });

  it('keeps a link only when it is among the strongest of either end', () => {
    const builder = new LinkageDataBuilder();
    for (const id of ['a', 'b', 'c', 'd', 'e']) {
      builder.addAccount(account(id));
      builder.addUsage('ip', '10.0.0.1', id, 1);
    }
    builder.addUsage('payment', 'card-1', 'a', 1);
    builder.addUsage('payment', 'card-1', 'b', 1);
    builder.addUsage('payment', 'card-2', 'c', 1);
    builder.addUsage('payment', 'card-2', 'd', 1);
    const { graph, details } = projectLinkageGraph(builder.build(), { topEdgesPerAccount: 1, minEdgeWeight: 0 });
    // a, b, c, d each keep their card link; e keeps all its equal address links.
    expect(details.prunedPairs).toBe(4);
    expect(graph.hasEdge('a', 'b') && graph.hasEdge('c', 'd') && graph.hasEdge('a', 'e')).toBe(true);
    expect(graph.hasEdge('a', 'c')).toBe(false);
  });

  it('merges rotation inside one network into a network link', () => {
    const builder = new LinkageDataBuilder();
    for (const id of ['a', 'b']) builder.addAccount(account(id));
    builder.addUsage('network', '203.0.113.0/24', 'a', 2);
    builder.addUsage('network', '203.0.113.0/24', 'b', 1);
    builder.addUsage('network', '203.0.113.0/24', 'a', 3);
    const data = builder.build();
    expect(Array.from(membersOf(data.entities, 0))).toEqual([0, 1]);
    expect(Array.from(usageOf(data.entities, 0))).toEqual([5, 1]);
    expect(data.networkCount[0]).toBe(1);
    const { graph } = projectLinkageGraph(data, { minEdgeWeight: 0 });
    expect(graph.getEdgeAttribute('a', 'b', 'kinds')).toBe(2);
  });

  it('links a ring of fifteen accounts paying with one card at the default weights', () => {
    const builder = new LinkageDataBuilder();
    const ring = Array.from({ length: 15 }, (_, index) => `ring-${index}`);
    for (const id of ring) {
      builder.addAccount(account(id));
      builder.addUsage('payment', 'ring-card', id, 1);
    }
    const { graph } = projectLinkageGraph(builder.build());
    expect(graph.size).toBe((15 * 14) / 2);
  });

  // A card's rarity weight falls under the link bar past twenty accounts (2 / log2(21) < 0.45).
  it.each([
    { name: 'links every pair of forty accounts paying with one card at the link bar', accounts: 40, options: {}, edges: (40 * 39) / 2, weight: DEFAULTS.minEdgeWeight },
    { name: 'links a hub card of sixty accounts to each account’s neighbours in sign-up order at the link bar', accounts: 60, options: {}, edges: 57 * 3 + 2 + 1, weight: DEFAULTS.minEdgeWeight },
    { name: 'keeps a small card’s rarity weight when it is above the bar', accounts: 3, options: {}, edges: 3, weight: 2 * rarityWeight(3) },
    { name: 'links no one through a card of forty when cards weigh by rarity alone', accounts: 40, options: { paymentAlwaysLinks: false }, edges: 0, weight: undefined },
    { name: 'links no one through cards when payments carry no weight', accounts: 40, options: { kindWeights: { ...DEFAULTS.kindWeights, payment: 0 } }, edges: 0, weight: undefined },
  ])('$name', ({ accounts, options, edges, weight }) => {
    const builder = new LinkageDataBuilder();
    for (let index = 0; index < accounts; index += 1) {
      builder.addAccount(account(`payer-${index}`, index));
      builder.addUsage('payment', 'shared-card', `payer-${index}`, 1);
    }
    const { graph } = projectLinkageGraph(builder.build(), options);
    expect(graph.size).toBe(edges);
    if (weight !== undefined) graph.forEachEdge((_edge, attributes) => expect(attributes.weight).toBeCloseTo(weight, 12));
  });

  it('drops links too weak to be linkage evidence', () => {
    const builder = new LinkageDataBuilder();
    for (const id of ['a', 'b', 'c']) builder.addAccount(account(id));
    // a-b share a rare address and a card; b-c share only a busy network.
    for (const id of ['a', 'b']) {
      builder.addUsage('ip', '10.0.0.1', id, 5);
      builder.addUsage('payment', 'card-1', id, 1);
    }
    builder.addUsage('network', '10.9.9.0/24', 'b', 1);
    builder.addUsage('network', '10.9.9.0/24', 'c', 1);
    const { graph } = projectLinkageGraph(builder.build(), { minEdgeWeight: 0.45 });
    expect(graph.hasEdge('a', 'b')).toBe(true);
    expect(graph.hasEdge('b', 'c')).toBe(false);
  });

  it('links accounts whose whole prompt profiles are alike, not accounts that only share a popular template', () => {
    const builder = new LinkageDataBuilder();
    const operators = Array.from({ length: 6 }, (_, index) => `operator-${index}`);
    const everyone = Array.from({ length: 60 }, (_, index) => `user-${index}`);
    for (const id of [...operators, ...everyone]) builder.addAccount(account(id));
    for (const id of operators) {
      for (const template of ['extract-a', 'extract-b', 'extract-c']) builder.addUsage('prompt', template, id, 20);
      builder.addUsage('prompt', 'popular', id, 2);
    }
    everyone.forEach((id, index) => {
      builder.addUsage('prompt', 'popular', id, 30);
      builder.addUsage('prompt', `own-${index}`, id, 10);
    });
    const { graph } = projectLinkageGraph(builder.build(), { kindWeights: { ip: 1, network: 0.35, payment: 1.5, prompt: 1 }, minEdgeWeight: 0.45 });
    for (const left of operators) for (const right of operators) if (left < right) expect(graph.hasEdge(left, right), `${left}-${right}`).toBe(true);
    for (const operator of operators) for (const user of everyone) expect(graph.hasEdge(operator, user)).toBe(false);
    expect(graph.getEdgeAttribute('operator-0', 'operator-1', 'kinds')).toBe(8);
  });

  it('can still treat prompt fingerprints like shared addresses', () => {
    const builder = new LinkageDataBuilder();
    for (const id of ['a', 'b']) {
      builder.addAccount(account(id));
      builder.addUsage('prompt', 'template-1', id, 5);
    }
    const { graph } = projectLinkageGraph(builder.build(), { promptLinks: 'entity', minEdgeWeight: 0 });
    expect(graph.getEdgeAttribute('a', 'b', 'weight')).toBeCloseTo(DEFAULTS.kindWeights.prompt * rarityWeight(2) * usageFactor(5, 5));
  });
});

describe('LinkageDataBuilder', () => {
  it('reads no events for an account not on the entity (position -1)', () => {
    const builder = new LinkageDataBuilder();
    for (const id of ['a', 'b']) builder.addAccount(account(id));
    builder.addUsage('ip', '10.0.0.1', 'a', 4);
    builder.addUsage('ip', '10.0.0.2', 'b', 6);
    const { entities } = builder.build();
    expect(usageAt(entities, 1, 0)).toBe(6);
    expect(usageAt(entities, 1, -1)).toBe(0);
  });

  it('builds the same canonical data whatever order Neo4j streamed the rows in', () => {
    const rows: Array<[string, string, string, number]> = [
      ['ip', '10.0.0.1', 'b', 3],
      ['prompt', 'f-1', 'a', 2],
      ['ip', '10.0.0.1', 'c', 1],
      ['payment', 'card-1', 'a', 1],
      ['prompt', 'f-1', 'c', 4],
      ['ip', '10.0.0.2', 'a', 1],
    ];
    const build = (accountOrder: string[], rowOrder: typeof rows) => {
      const builder = new LinkageDataBuilder();
      for (const id of accountOrder) builder.addAccount(account(id));
      for (const [kind, key, id, events] of rowOrder) builder.addUsage(kind as 'ip' | 'payment' | 'prompt', key, id, events);
      return builder.build();
    };
    const first = build(['a', 'b', 'c'], rows);
    const second = build(['c', 'a', 'b'], [...rows].reverse());
    expect(second).toEqual(first);
    expect(first.accounts.map((facts) => facts.accountId)).toEqual(['a', 'b', 'c']);
    expect(entityList(first.entities).map((entity) => `${entity.kind}:${entity.key}`)).toEqual(['ip:10.0.0.1', 'ip:10.0.0.2', 'payment:card-1', 'prompt:f-1']);
  });

  it('counts an address read with its network in the network, as a network row per address use would', () => {
    // Two accounts on three addresses of one /24 (one address used twice by 'a'), one elsewhere.
    const uses: Array<[string, string, string, number]> = [
      ['10.0.0.1', '10.0.0.0/24', 'a', 2],
      ['10.0.0.2', '10.0.0.0/24', 'a', 1],
      ['10.0.0.2', '10.0.0.0/24', 'b', 4],
      ['10.0.0.1', '10.0.0.0/24', 'a', 3],
      ['10.0.0.3', '10.0.0.0/24', 'c', 1],
      ['192.168.1.9', '192.168.1.0/24', 'b', 5],
    ];
    const withRows = new LinkageDataBuilder();
    const derived = new LinkageDataBuilder();
    for (const id of ['c', 'b', 'a']) {
      withRows.addAccount(account(id));
      derived.addAccount(account(id));
    }
    for (const [address, network, id, events] of uses) {
      withRows.addUsage('ip', address, id, events);
      withRows.addUsage('network', network, id, events);
    }
    for (const [address, network, id, events] of [...uses].reverse()) derived.addAddressUsage(address, network, id, events);
    const built = derived.build();
    expect(built).toEqual(withRows.build());
    const network = entityList(built.entities).find((entity) => entity.key === '10.0.0.0/24');
    expect(Array.from(network?.members ?? [])).toEqual([0, 1, 2]);
    expect(Array.from(network?.usage ?? [])).toEqual([6, 4, 1]);
    expect(Array.from(built.networkCount)).toEqual([1, 2, 1]);
    expect(Array.from(built.addressCount)).toEqual([2, 2, 1]);
  });

  it('keeps events as whole counts and stops a sum at the largest count it holds', () => {
    const builder = new LinkageDataBuilder();
    builder.addAccount(account('a'));
    builder.addUsage('ip', '10.0.0.1', 'a', 3_000_000_000);
    builder.addUsage('ip', '10.0.0.1', 'a', 3_000_000_000);
    builder.addUsage('prompt', 'f-1', 'a', 2);
    const entities = entityList(builder.build().entities);
    expect(entities.map((entity) => Array.from(entity.usage))).toEqual([[MAX_EVENTS], [2]]);
  });

  it('folds an account that came many times on one entity into one member, whatever the arrival order', () => {
    const builder = new LinkageDataBuilder();
    const ids = Array.from({ length: 50 }, (_, index) => `account-${String(index).padStart(2, '0')}`);
    for (const id of ids) builder.addAccount(account(id));
    // Every account three times on one busy template, in an order that is not the accounts' order.
    for (let round = 0; round < 3; round += 1) for (let index = 0; index < ids.length; index += 1) builder.addUsage('prompt', 'busy', ids[(index * 7 + round) % ids.length] as string, round + 1);
    builder.addUsage('prompt', 'quiet', 'account-03', 1);
    const entities = entityList(builder.build().entities);
    expect(entities.map((entity) => [entity.key, entity.members.length])).toEqual([
      ['busy', 50],
      ['quiet', 1],
    ]);
    expect(Array.from(entities[0]?.members ?? [])).toEqual(ids.map((_, index) => index));
    expect(new Set(entities[0]?.usage)).toEqual(new Set([6]));
    expect(Array.from(entities[1]?.members ?? [])).toEqual([3]);
  });
});
