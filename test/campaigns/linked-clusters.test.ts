import { describe, expect, it } from 'vitest';
import { UndirectedGraph } from 'graphology';
import { linkedClusters } from '../../src/campaigns/linked-clusters.js';
import { KIND_BITS, type LinkAttributes } from '../../src/linkage/project-linkage-graph.js';

describe('linkedClusters', () => {
  const graph = new UndirectedGraph<Record<string, never>, LinkAttributes>();
  const link = (left: string, right: string, kinds: number) => {
    graph.mergeNode(left);
    graph.mergeNode(right);
    graph.addEdge(left, right, { weight: 1, kinds });
  };
  link('a', 'b', KIND_BITS.prompt);
  link('b', 'c', KIND_BITS.prompt | KIND_BITS.ip);
  link('c', 'd', KIND_BITS.ip);
  link('e', 'f', KIND_BITS.prompt);
  graph.addNode('lonely');
  const accountIds = ['a', 'b', 'c', 'd', 'e', 'f', 'lonely', 'not-in-graph'];
  const clusters = linkedClusters(graph, accountIds, KIND_BITS.prompt);
  const largest = (accounts: string[]) => clusters.largest(accounts.map((id) => accountIds.indexOf(id)));

  it.each<{ name: string; accounts: string[]; expected: number }>([
    { name: 'counts accounts joined by links of the kind, through each other', accounts: ['a', 'b', 'c', 'e', 'f'], expected: 3 },
    { name: 'ignores links of other kinds', accounts: ['c', 'd'], expected: 1 },
    { name: 'only walks through the given accounts', accounts: ['a', 'c'], expected: 1 },
    { name: 'counts an account without links, or missing from the graph, alone', accounts: ['lonely', 'not-in-graph'], expected: 1 },
    { name: 'is zero for no accounts', accounts: [], expected: 0 },
  ])('$name', ({ accounts, expected }) => {
    expect(largest(accounts)).toBe(expected);
  });

  it('answers each question on its own, whatever was asked before', () => {
    expect([largest(['a', 'b', 'c']), largest(['b', 'c']), largest(['a', 'b', 'c', 'e', 'f']), largest(['e', 'f'])]).toEqual([3, 2, 3, 2]);
  });

  it('marks the accounts the graph holds', () => {
    expect([...clusters.inGraph]).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
  });
});
