import { UndirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import { detectSubcommunities } from '../../src/communities/detect-communities.js';
import { LinkTableBuilder, type LinkView } from '../../src/linkage/link-table.js';
import type { LinkAttributes } from '../../src/linkage/project-linkage-graph.js';
import { seededRandom } from '../../src/shared/random.js';

/** Three groups of ten accounts, dense inside and a few links between, two accounts without links. */
function linkedGroups(seed: number) {
  const random = seededRandom(seed);
  const graph = new UndirectedGraph<Record<string, never>, LinkAttributes>({ allowSelfLoops: false });
  const table = new LinkTableBuilder();
  const ids = Array.from({ length: 32 }, (_, index) => `account-${String(index).padStart(2, '0')}`);
  for (const id of ids) {
    graph.addNode(id);
    table.addNode(id);
  }
  const link = (source: string, target: string, attributes: LinkAttributes) => {
    graph.addEdge(source, target, attributes);
    table.addLink(source, target, attributes);
  };
  for (let left = 0; left < 30; left += 1) {
    for (let right = left + 1; right < 30; right += 1) {
      const sameGroup = Math.floor(left / 10) === Math.floor(right / 10);
      if (random() < (sameGroup ? 0.6 : 0.02)) link(ids[left] as string, ids[right] as string, { weight: 0.1 + random(), kinds: 1 + Math.floor(random() * 15) });
    }
  }
  return { graph, table: table.build(), ids };
}

function walk(view: LinkView, node?: string): string[] {
  const seen: string[] = [];
  const record = (_edge: string, attributes: LinkAttributes, source: string, target: string) => seen.push(`${source}-${target} ${attributes.weight} ${attributes.kinds}`);
  if (node === undefined) view.forEachEdge(record);
  else view.forEachEdge(node, record);
  return seen;
}

describe('LinkTable', () => {
  it('walks the links of each account, and all links, in the order a graphology graph does', () => {
    const { graph, table, ids } = linkedGroups(7);
    expect(table.size).toBe(graph.size);
    expect(table.order).toBe(graph.order);
    expect(walk(table)).toEqual(walk(graph));
    for (const id of ids) expect(walk(table, id)).toEqual(walk(graph, id));
  });

  it('knows accounts without links and nothing of accounts never added', () => {
    const { table } = linkedGroups(7);
    expect(table.hasNode('account-31')).toBe(true);
    expect(walk(table, 'account-31')).toEqual([]);
    expect(table.hasNode('stranger')).toBe(false);
    expect(walk(table, 'stranger')).toEqual([]);
  });

  it('divides a community into the same pieces as the graphology graph', () => {
    const { graph, table, ids } = linkedGroups(11);
    const pieces = detectSubcommunities(table, ids, { seed: 3 });
    expect(pieces.length).toBeGreaterThanOrEqual(3);
    expect(pieces).toEqual(detectSubcommunities(graph, ids, { seed: 3 }));
  });
});
