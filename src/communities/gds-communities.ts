// The gds engine's community stage: Louvain runs inside Neo4j on the projected linkage graph
// (cypher/gds/create-louvain-communities), and Node receives only what scoring needs: each linked
// account's community, then the links inside the communities large enough to be scored.
import { cypher } from '../graph-store/cypher-files.js';
import type { GraphStore } from '../graph-store/neo4j-adapter.js';
import { LinkTableBuilder, type LinkTable } from '../linkage/link-table.js';
import { withDefaults } from '../shared/options.js';
import type { CommunityResult } from './detect-communities.js';

export interface GdsCommunityOptions {
  /** 1 (the default) gives the same communities run after run; 2-4 are faster on more cores but vary. */
  concurrency: number;
  maxLevels: number;
  maxIterations: number;
  tolerance: number;
}

export const DEFAULTS: GdsCommunityOptions = { concurrency: 1, maxLevels: 10, maxIterations: 10, tolerance: 0.0001 };

/**
 * Louvain in GDS; communities are renumbered by their smallest account id, so the numbering
 * does not depend on GDS's internal node order.
 */
export async function detectCommunitiesInGds(store: GraphStore, graphName: string, options: Partial<GdsCommunityOptions> = {}): Promise<CommunityResult> {
  const started = performance.now();
  const settings = withDefaults(DEFAULTS, options);
  const [summary] = await store.runAutoCommit<{ community_count: number; modularity: number; modularities: number[]; ran_levels: number }>(cypher('gds/create-louvain-communities'), {
    graphName,
    ...settings,
  });
  const byGdsId = new Map<number, string[]>();
  await store.stream<{ account_id: string; community: number }>(cypher('gds/read-community-members'), { graphName }, (row) => {
    let members = byGdsId.get(row.community);
    if (!members) {
      members = [];
      byGdsId.set(row.community, members);
    }
    members.push(row.account_id);
  });
  const groups = [...byGdsId.entries()].map(([gdsId, members]) => ({ gdsId, members: members.sort() }));
  groups.sort((left, right) => ((left.members[0] as string) < (right.members[0] as string) ? -1 : 1));
  const communities = new Map<string, number>();
  groups.forEach((group, index) => group.members.forEach((member) => communities.set(member, index)));
  return {
    communities,
    members: groups.map((group) => group.members),
    gdsIds: groups.map((group) => group.gdsId),
    details: {
      count: groups.length,
      modularity: summary?.modularity ?? 0,
      resolution: 1,
      levels: summary?.ran_levels ?? 0,
      movesPerLevel: [],
      nodesVisited: 0,
      deltaComputations: 0,
      milliseconds: Math.round(performance.now() - started),
      engine: 'gds',
      modularities: summary?.modularities ?? [],
    },
  };
}

/**
 * A graph holding the links inside the given communities (and every member of them, linked or
 * not), what scoring's core/periphery split and subdivision read, plus every link with a prompt
 * part, which its fingerprint ownership reads. Communities are given by index into result.members.
 */
export async function readCommunityLinks(store: GraphStore, graphName: string, result: CommunityResult, communities: readonly number[]): Promise<LinkTable> {
  const links = new LinkTableBuilder();
  for (const community of communities) for (const member of result.members[community] ?? []) links.addNode(member);
  if (communities.length === 0) return links.build();
  const gdsIds = communities.map((community) => result.gdsIds?.[community] as number);
  // Inside the scored communities, and every prompt link (scoring asks which senders of a
  // fingerprint are one prompt-linked cluster, wherever they are).
  await store.stream<{ source: string; target: string; weight: number; kinds: number }>(cypher('gds/read-community-links'), { graphName, communities: gdsIds }, (row) => {
    links.addLink(row.source, row.target, { weight: row.weight, kinds: row.kinds });
  });
  return links.build();
}
