// A not_involved account's links to the members of the campaign it was cleared from keep a
// fraction of their weight: none is deleted, its other links are untouched.
import Graph from 'graphology';
import { describe, expect, it } from 'vitest';
import { clearedTieKeys, downWeightClearedTies } from '../../src/campaigns/down-weight-cleared-ties.js';
import type { LinkAttributes } from '../../src/linkage/project-linkage-graph.js';

function graph() {
  const linkage = new Graph.UndirectedGraph<Record<string, never>, LinkAttributes>();
  for (const node of ['cleared', 'm1', 'm2', 'friend', 'm3']) linkage.addNode(node);
  linkage.addEdge('cleared', 'm1', { weight: 4, kinds: 1 });
  linkage.addEdge('cleared', 'm2', { weight: 2, kinds: 1 });
  linkage.addEdge('cleared', 'friend', { weight: 3, kinds: 1 });
  linkage.addEdge('m1', 'm2', { weight: 5, kinds: 1 });
  return linkage;
}

describe('downWeightClearedTies', () => {
  it('multiplies the links to the campaign members by the factor and leaves every other link as it was', () => {
    const linkage = graph();
    const details = downWeightClearedTies(linkage, [{ accountId: 'cleared', campaignId: 'cmp-a', campaignMembers: ['m1', 'm2', 'm3', 'gone'] }], { factor: 0.25 });
    expect(details).toEqual({ links: 2, accounts: 1 });
    expect(linkage.getEdgeAttribute(linkage.edge('cleared', 'm1') as string, 'weight')).toBe(1);
    expect(linkage.getEdgeAttribute(linkage.edge('cleared', 'm2') as string, 'weight')).toBe(0.5);
    expect(linkage.getEdgeAttribute(linkage.edge('cleared', 'friend') as string, 'weight')).toBe(3);
    expect(linkage.getEdgeAttribute(linkage.edge('m1', 'm2') as string, 'weight')).toBe(5);
    expect(linkage.size).toBe(4);
  });

  it('weakens a link once when the account was cleared from two campaigns sharing a member, and skips accounts not in the graph', () => {
    const linkage = graph();
    const details = downWeightClearedTies(linkage, [
      { accountId: 'cleared', campaignId: 'cmp-a', campaignMembers: ['m1'] },
      { accountId: 'cleared', campaignId: 'cmp-b', campaignMembers: ['m1', 'm2'] },
      { accountId: 'absent', campaignId: 'cmp-b', campaignMembers: ['m1'] },
    ]);
    expect(details).toEqual({ links: 2, accounts: 1 });
    expect(linkage.getEdgeAttribute(linkage.edge('cleared', 'm1') as string, 'weight')).toBeCloseTo(0.4, 10);
  });

  it('names each cleared tie once by its two account ids in order, for the gds engine, with the account cleared first', () => {
    const keys = clearedTieKeys([
      { accountId: 'x-cleared', campaignId: 'cmp-a', campaignMembers: ['m1', 'x-cleared', 'z9'] },
      { accountId: 'm1', campaignId: 'cmp-a', campaignMembers: ['x-cleared', 'm2'] },
    ]);
    expect(keys).toEqual({ 'm1|x-cleared': 'x-cleared', 'x-cleared|z9': 'x-cleared', 'm1|m2': 'm1' });
  });
});
