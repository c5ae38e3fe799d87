// An account an analyst marked `not_involved` in a campaign keeps its links, weaker: before
// Louvain runs, each link between it and the members of the campaign it was cleared from is
// multiplied by `factor`. The tie is down-weighted, not deleted: the account stays in the graph
// with its data, its other links are untouched, and strong new evidence can still pull it into a
// community (the refresh then leaves it out of that campaign's members while the verdict
// stands, src/campaigns/apply-verdicts.ts).
import type { UndirectedGraph } from 'graphology';
import type { LinkAttributes } from '../linkage/project-linkage-graph.js';
import { withDefaults } from '../shared/options.js';

export interface DownWeightOptions {
  /** What a cleared tie keeps of its weight (0.1: a tenth). */
  factor: number;
}

export const DEFAULTS: DownWeightOptions = { factor: 0.1 };

export interface ClearedAccount {
  accountId: string;
  /** The campaign it was cleared from, and that campaign's members as last written. */
  campaignId: string;
  campaignMembers: readonly string[];
}

export interface DownWeightDetails {
  /** Links whose weight was multiplied. */
  links: number;
  /** Cleared accounts found in the graph with at least one such link. */
  accounts: number;
}

export function downWeightClearedTies(graph: UndirectedGraph<Record<string, never>, LinkAttributes>, cleared: readonly ClearedAccount[], options: Partial<DownWeightOptions> = {}): DownWeightDetails {
  const settings = withDefaults(DEFAULTS, options);
  // One factor per link even when the account was cleared from two campaigns sharing members.
  const done = new Set<string>();
  const accounts = new Set<string>();
  for (const { accountId, campaignMembers } of cleared) {
    if (!graph.hasNode(accountId)) continue;
    for (const member of campaignMembers) {
      if (member === accountId || !graph.hasNode(member)) continue;
      const edge = graph.edge(accountId, member);
      if (edge === undefined || done.has(edge)) continue;
      done.add(edge);
      accounts.add(accountId);
      graph.updateEdgeAttribute(edge, 'weight', (weight) => (weight ?? 0) * settings.factor);
    }
  }
  return { links: done.size, accounts: accounts.size };
}

/**
 * The same ties as keys `lower id|higher id` → the cleared account, for engines that build the
 * graph elsewhere (the gds engine multiplies these links' weights inside Neo4j, after pruning,
 * where downWeightClearedTies does it on the graphology graph).
 */
export function clearedTieKeys(cleared: readonly ClearedAccount[]): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const { accountId, campaignMembers } of cleared) {
    for (const member of campaignMembers) {
      if (member === accountId) continue;
      keys[accountId < member ? `${accountId}|${member}` : `${member}|${accountId}`] ??= accountId;
    }
  }
  return keys;
}
