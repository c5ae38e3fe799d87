// The largest set of given accounts connected among themselves by links of one kind: whether a
// fingerprint's senders are one prompt-linked cluster that Louvain cut in pieces. Scoring asks
// it for thousands of fingerprints, so the links of that kind are read from the graph once into
// arrays by account index, and each walk marks accounts in stamped arrays instead of string sets.
import type { LinkView } from '../linkage/link-table.js';

export interface LinkedClusters {
  /** 1 for accounts (by index) that are in the graph. */
  inGraph: Uint8Array;
  /** The largest cluster among `accounts` (indexes); an account without such links, or outside the graph, is a cluster of one. */
  largest(accounts: ArrayLike<number> & Iterable<number>): number;
}

export function linkedClusters(graph: LinkView, accountIds: readonly string[], kindBit: number): LinkedClusters {
  const indexOf = new Map(accountIds.map((id, index) => [id, index]));
  const inGraph = Uint8Array.from(accountIds, (id) => (graph.hasNode(id) ? 1 : 0));
  const degree = new Int32Array(accountIds.length);
  const endpoints: number[] = [];
  graph.forEachEdge((_edge, attributes, source, target) => {
    if ((attributes.kinds & kindBit) === 0) return;
    const left = indexOf.get(source);
    const right = indexOf.get(target);
    if (left === undefined || right === undefined) return;
    endpoints.push(left, right);
    degree[left] = (degree[left] as number) + 1;
    degree[right] = (degree[right] as number) + 1;
  });
  // Compressed adjacency: the neighbours of account i are neighbours[start[i] .. start[i + 1]).
  const start = new Int32Array(accountIds.length + 1);
  for (let index = 0; index < accountIds.length; index += 1) start[index + 1] = (start[index] as number) + (degree[index] as number);
  const neighbours = new Int32Array(endpoints.length);
  const filled = start.slice(0, accountIds.length);
  for (let at = 0; at < endpoints.length; at += 2) {
    const left = endpoints[at] as number;
    const right = endpoints[at + 1] as number;
    neighbours[(filled[left] as number)++] = right;
    neighbours[(filled[right] as number)++] = left;
  }
  // A walk's accounts carry its stamp (to walk through), then its negative (walked).
  const stamp = new Int32Array(accountIds.length);
  let walk = 0;
  const queue: number[] = [];
  return {
    inGraph,
    largest(accounts) {
      walk += 1;
      for (const account of accounts) if (inGraph[account] === 1) stamp[account] = walk;
      let largest = accounts.length > 0 ? 1 : 0;
      for (const first of accounts) {
        if (stamp[first] !== walk) continue;
        stamp[first] = -walk;
        let size = 1;
        queue.push(first);
        while (queue.length > 0) {
          const account = queue.pop() as number;
          for (let at = start[account] as number; at < (start[account + 1] as number); at += 1) {
            const other = neighbours[at] as number;
            if (stamp[other] !== walk) continue;
            stamp[other] = -walk;
            size += 1;
            queue.push(other);
          }
        }
        if (size > largest) largest = size;
      }
      return largest;
    },
  };
}
