import { UndirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { detectCommunities, detectSubcommunities } from '../../src/communities/detect-communities.js';
import { seededRandom } from '../../src/shared/random.js';
import type { LinkAttributes } from '../../src/linkage/project-linkage-graph.js';

function twoCliquesWithNoise(seed: number): UndirectedGraph<Record<string, never>, LinkAttributes> {
  const graph = new UndirectedGraph<Record<string, never>, LinkAttributes>();
  const random = seededRandom(seed);
  for (let group = 0; group < 6; group += 1) {
    for (let i = 0; i < 12; i += 1) graph.addNode(`g${group}-${i}`);
    for (let i = 0; i < 12; i += 1) for (let j = i + 1; j < 12; j += 1) if (random() < 0.7) graph.addEdge(`g${group}-${i}`, `g${group}-${j}`, { weight: 1 + random(), kinds: 0 });
  }
  for (let bridge = 0; bridge < 10; bridge += 1) {
    const left = `g${Math.floor(random() * 6)}-${Math.floor(random() * 12)}`;
    const right = `g${Math.floor(random() * 6)}-${Math.floor(random() * 12)}`;
    if (left !== right && !graph.hasEdge(left, right)) graph.addEdge(left, right, { weight: 0.1, kinds: 0 });
  }
  return graph;
}

describe('detectCommunities', () => {
  it('gives the same communities for the same graph and seed', () => {
    const first = detectCommunities(twoCliquesWithNoise(1), { seed: 7 });
    const second = detectCommunities(twoCliquesWithNoise(1), { seed: 7 });
    expect([...first.communities.entries()]).toEqual([...second.communities.entries()]);
    expect(first.details.modularity).toBe(second.details.modularity);
  });

  it('finds the planted groups and reports modularity and levels', () => {
    const result = detectCommunities(twoCliquesWithNoise(2), { seed: 3 });
    expect(result.details.count).toBe(6);
    expect(result.details.modularity).toBeGreaterThan(0.7);
    expect(result.details.levels).toBeGreaterThanOrEqual(1);
    for (const members of result.members) expect(new Set(members.map((member) => member.split('-')[0])).size).toBe(1);
  });

  it('uses an injected rng', () => {
    let calls = 0;
    const random = seededRandom(5);
    detectCommunities(twoCliquesWithNoise(3), {
      rng: () => {
        calls += 1;
        return random();
      },
    });
    expect(calls).toBeGreaterThan(0);
  });

  it('answers an empty graph with no communities', () => {
    expect(detectCommunities(new UndirectedGraph()).details.count).toBe(0);
  });

  it('divides a set of accounts along the links among them only', () => {
    const graph = twoCliquesWithNoise(3);
    const groupsOf = (pieces: string[][]) => pieces.map((piece) => [...new Set(piece.map((node) => node.split('-')[0]))].sort());
    // Two of the six groups, handed over as one: they come back as two pieces, one per group.
    const accounts = graph.nodes().filter((node) => node.startsWith('g0-') || node.startsWith('g1-'));
    const pieces = detectSubcommunities(graph, accounts, { seed: 5 });
    expect(pieces.flat().sort()).toEqual([...accounts].sort());
    expect(groupsOf(pieces).sort()).toEqual([['g0'], ['g1']]);
  });

  it('returns no pieces for accounts without links among them', () => {
    const graph = new UndirectedGraph<Record<string, never>, LinkAttributes>();
    for (const node of ['x', 'y', 'z', 'w']) graph.addNode(node);
    graph.addEdge('x', 'w', { weight: 1, kinds: 0 });
    expect(detectSubcommunities(graph, ['x', 'y', 'z'], { seed: 5 })).toEqual([]);
  });
});
