// Scoring's second look: pieces of a community's unreported accounts, and fingerprints held by
// one prompt-linked cluster that Louvain cut in pieces.
import { describe, expect, it } from 'vitest';
import { UndirectedGraph } from 'graphology';
import { scoreCommunities } from '../../src/campaigns/score-communities.js';
import { detectSubcommunities } from '../../src/communities/detect-communities.js';
import { LinkageDataBuilder } from '../../src/linkage/linkage-data.js';
import { KIND_BITS, type LinkAttributes } from '../../src/linkage/project-linkage-graph.js';
import { seededRandom } from '../../src/shared/random.js';
import { accountFacts, DAY } from '../support/account-facts.js';

/** A background population with its own cards, addresses and a few hundred common templates. */
function population(builder: LinkageDataBuilder, size: number): void {
  for (let index = 0; index < size; index += 1) {
    const id = `benign-${index}`;
    builder.addAccount(accountFacts(id, index + 1000));
    builder.addUsage('payment', `benign-card-${index}`, id, 1, `card|4${String(index % 40).padStart(5, '0')}`);
    builder.addUsage('prompt', `benign-template-${index % 300}`, id, 5, 'other');
    builder.addUsage('ip', `home-${index}`, id, 5);
  }
}

const link = (graph: UndirectedGraph<Record<string, never>, LinkAttributes>, left: string, right: string, weight: number, kinds: number) => {
  graph.mergeNode(left);
  graph.mergeNode(right);
  graph.addEdge(left, right, { weight, kinds });
};

describe('scoreCommunities, divided again', () => {
  // One community: 12 campaign accounts (3 shared cards, their own template, a sign-up burst)
  // bound tightly, and 100 benign accounts around a busy address, joined by one faint bridge.
  function mixedCommunity() {
    const builder = new LinkageDataBuilder();
    const campaign = Array.from({ length: 12 }, (_, index) => `campaign-${String(index).padStart(2, '0')}`);
    const crowd = Array.from({ length: 100 }, (_, index) => `crowd-${String(index).padStart(3, '0')}`);
    campaign.forEach((id, index) => builder.addAccount({ ...accountFacts(id, index), createdAt: 5 * DAY + index * 3_600_000 }));
    crowd.forEach((id, index) => builder.addAccount(accountFacts(id, index + 200)));
    population(builder, 2000);
    campaign.forEach((id, index) => {
      builder.addUsage('payment', `their-card-${Math.floor(index / 4)}`, id, 1, 'prepaid|999999');
      builder.addUsage('prompt', 'their-template', id, 30, 'other');
    });
    crowd.forEach((id, index) => {
      builder.addUsage('ip', 'busy-address', id, 2);
      builder.addUsage('prompt', `benign-template-${index % 300}`, id, 5, 'other');
      builder.addUsage('payment', `crowd-card-${index}`, id, 1, 'card|411111');
    });
    const data = builder.build();
    const graph = new UndirectedGraph<Record<string, never>, LinkAttributes>();
    for (let i = 0; i < campaign.length; i += 1) for (let j = i + 1; j < campaign.length; j += 1) link(graph, campaign[i] as string, campaign[j] as string, 2, KIND_BITS.payment | KIND_BITS.prompt);
    for (let i = 0; i < crowd.length; i += 1) for (let step = 1; step <= 3 && i + step < crowd.length; step += 1) link(graph, crowd[i] as string, crowd[i + step] as string, 0.5, KIND_BITS.ip);
    link(graph, 'campaign-00', 'crowd-000', 0.5, KIND_BITS.ip);
    const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
    const score = (options: Parameters<typeof scoreCommunities>[5]) => scoreCommunities(data, graph, [[...campaign, ...crowd]], (id) => index.get(id) as number, seededRandom(1), options);
    const idsOf = (members: number[]) => members.map((member) => data.accounts[member]?.accountId);
    return { graph, score, idsOf };
  }

  it('finds a campaign inside a larger benign community by dividing what the community leaves unreported', () => {
    const { score, idsOf } = mixedCommunity();
    const [whole] = score({ subdivisionDepth: 0 });
    expect(whole?.isCampaign).toBe(false);

    const results = score({});
    const found = results.filter((result) => result.isCampaign);
    expect(found).toHaveLength(1);
    expect(found[0]?.parentCommunity).toBe(0);
    expect(found[0]?.community).toBeGreaterThanOrEqual(1);
    const reported = idsOf((found[0]?.memberEvidence ?? []).filter((entry) => entry.role === 'member').map((entry) => entry.account));
    expect(reported.sort()).toEqual(Array.from({ length: 12 }, (_, index) => `campaign-${String(index).padStart(2, '0')}`));
  });

  it('divides nothing with a depth of 0', () => {
    const { graph, score } = mixedCommunity();
    const results = score({ subdivide: (ids) => detectSubcommunities(graph, ids, { seed: 7 }), subdivisionDepth: 0 });
    expect(results).toHaveLength(1);
    expect(results[0]?.isCampaign).toBe(false);
  });

  it('counts a fingerprint as the group’s own when its senders are one prompt-linked cluster, though only half are in the group', () => {
    const builder = new LinkageDataBuilder();
    const senders = Array.from({ length: 16 }, (_, index) => `sender-${String(index).padStart(2, '0')}`);
    senders.forEach((id, index) => builder.addAccount(accountFacts(id, index)));
    population(builder, 2000);
    senders.forEach((id) => builder.addUsage('prompt', 'their-template', id, 30, 'other'));
    const data = builder.build();
    const index = new Map(data.accounts.map((account, position) => [account.accountId, position]));
    const half = senders.slice(0, 8);
    const exclusivity = (graph: UndirectedGraph<Record<string, never>, LinkAttributes>) =>
      scoreCommunities(data, graph, [half], (id) => index.get(id) as number, seededRandom(1))[0]?.signals.find((signal) => signal.name === 'template_exclusivity')?.strength ?? 0;

    // Louvain cut the cluster: the group holds 8 of the 16 senders, the other 8 are linked to them by prompts.
    const cut = new UndirectedGraph<Record<string, never>, LinkAttributes>();
    for (let i = 0; i < senders.length; i += 1) for (let j = i + 1; j < senders.length; j += 1) link(cut, senders[i] as string, senders[j] as string, 0.9, KIND_BITS.prompt);
    expect(exclusivity(cut)).toBeGreaterThan(0.5);

    // The same senders unlinked outside the group: half a template is not the group's own.
    const apart = new UndirectedGraph<Record<string, never>, LinkAttributes>();
    for (let i = 0; i < half.length; i += 1) for (let j = i + 1; j < half.length; j += 1) link(apart, half[i] as string, half[j] as string, 0.9, KIND_BITS.prompt);
    for (const id of senders.slice(8)) apart.addNode(id);
    expect(exclusivity(apart)).toBe(0);
  });
});
