// A large campaign's graph drawn aggregated: instead of every member account and every entity
// (a few hundred nodes that draw as a hairball), the entities its members share, the campaign's
// shared evidence (src/campaigns/shared-evidence.ts: payment methods, rare addresses, fingerprints
// of their own), become hubs sized by how many members use them, and the members are grouped by
// the exact set of hubs they tie to, so one group node reads "N accounts that share card X and
// template Y". Each group keeps its accounts, most active first, so a client can expand it.
//
// Groups stay few enough to draw: when the members tie to too many different sets of hubs, the
// least used hub stops being part of the grouping key (it is still drawn, tied to each group by
// how many of the group's accounts use it) until the groups fit. Counts reconcile: the groups'
// sizes sum to the member count, and a hub's ties to groups sum to its member count.
import { createHash } from 'node:crypto';
import { withDefaults } from '../shared/options.js';
import type { LinkKind } from './campaign-graph.js';

export interface AggregateOptions {
  /** Hubs drawn at most: the most used ones. */
  hubLimit: number;
  /** Groups drawn at most; grouping coarsens until they fit. */
  groupLimit: number;
  /**
   * Accounts per group on average that grouping coarsens to at least: accounts that each use a
   * few rare addresses of their own would otherwise be groups of one, the hairball again.
   */
  accountsPerGroup: number;
}

export const AGGREGATE_DEFAULTS: AggregateOptions = { hubLimit: 40, groupLimit: 60, accountsPerGroup: 5 };

export interface AggregateMember {
  accountId: string;
  eventCount: number;
  country: string | null;
  plan: string | null;
}

/** A shared entity with the campaign members tied to it and how many accounts use it in all. */
export interface EvidenceHubInput {
  kind: LinkKind;
  key: string;
  /** The address's network, the payment method's kind or the fingerprint's intent. */
  detail: string | null;
  accountsInAll: number;
  memberIds: readonly string[];
}

export interface AggregatedHub {
  /** `<kind>:<key>`, as the full graph names the entity's node. */
  nodeKey: string;
  kind: LinkKind;
  key: string;
  detail: string | null;
  /** Members of the campaign tied to it. */
  members: number;
  /** Accounts tied to it in all, members or not. */
  accountsInAll: number;
}

export interface GroupAccount extends AggregateMember {
  /** Node keys of the drawn hubs this account ties to, in hub order. */
  hubs: string[];
}

export interface AccountGroup {
  /** Stable for the same set of grouping hubs: a digest of their node keys. */
  id: string;
  /** The hubs every account of the group ties to, and no account ties to another grouping hub. */
  keyHubs: string[];
  size: number;
  /** Each drawn hub any of the group's accounts tie to, with how many do (the key hubs: all of them). */
  ties: Array<{ hub: string; accounts: number }>;
  /** Most active first, ties by account id. */
  accounts: GroupAccount[];
}

export interface AggregatedCampaignGraph {
  members: number;
  /** Shared entities known for the campaign; hubs holds the hubLimit most used. */
  hubsTotal: number;
  hubs: AggregatedHub[];
  /** Largest first. */
  groups: AccountGroup[];
  /** Hubs that ended up in no grouping key (coarsened away to fit groupLimit). */
  hubsOutsideKeys: number;
}

const compareText = (left: string, right: string) => (left < right ? -1 : left > right ? 1 : 0);

/** A group's id: the same grouping hubs give the same id, in any refresh. */
export function groupIdOf(keyHubs: readonly string[]): string {
  return createHash('sha256').update(keyHubs.join('\n')).digest('hex').slice(0, 16);
}

/** The drawn hubs: shared by at least two members, most members first, then the rarest overall, then by key. */
function rankHubs(hubs: readonly EvidenceHubInput[], memberIds: ReadonlySet<string>): Array<AggregatedHub & { memberIds: string[] }> {
  const byKey = new Map<string, AggregatedHub & { memberIds: string[] }>();
  for (const hub of hubs) {
    const nodeKey = `${hub.kind}:${hub.key}`;
    const tied = [...new Set(hub.memberIds)].filter((id) => memberIds.has(id)).sort(compareText);
    const known = byKey.get(nodeKey);
    if (known) {
      // The same entity twice: keep one with the union of its members.
      known.memberIds = [...new Set([...known.memberIds, ...tied])].sort(compareText);
      known.members = known.memberIds.length;
      known.accountsInAll = Math.max(known.accountsInAll, hub.accountsInAll, known.members);
      continue;
    }
    byKey.set(nodeKey, { nodeKey, kind: hub.kind, key: hub.key, detail: hub.detail, members: tied.length, accountsInAll: Math.max(hub.accountsInAll, tied.length), memberIds: tied });
  }
  return [...byKey.values()]
    .filter((hub) => hub.members >= 2)
    .sort((left, right) => right.members - left.members || left.accountsInAll - right.accountsInAll || compareText(left.nodeKey, right.nodeKey));
}

/** Members grouped by the exact subset of `keyHubs` they tie to. */
function groupBy(members: readonly GroupAccount[], keyHubs: ReadonlySet<string>): Map<string, GroupAccount[]> {
  const groups = new Map<string, GroupAccount[]>();
  for (const member of members) {
    const key = member.hubs.filter((hub) => keyHubs.has(hub)).join('\n');
    const list = groups.get(key);
    if (list) list.push(member);
    else groups.set(key, [member]);
  }
  return groups;
}

/**
 * Aggregates a campaign: `members` are all its members, `hubs` the entities they share with
 * the members tied to each (ids that are not members are ignored).
 */
export function aggregateCampaignGraph(members: readonly AggregateMember[], hubs: readonly EvidenceHubInput[], options: Partial<AggregateOptions> = {}): AggregatedCampaignGraph {
  const settings = withDefaults(AGGREGATE_DEFAULTS, options);
  const uniqueMembers = new Map<string, AggregateMember>();
  for (const member of members) if (!uniqueMembers.has(member.accountId)) uniqueMembers.set(member.accountId, member);
  const ranked = rankHubs(hubs, new Set(uniqueMembers.keys()));
  const drawn = ranked.slice(0, settings.hubLimit);

  const hubsOf = new Map<string, string[]>();
  for (const hub of drawn) {
    for (const id of hub.memberIds) {
      const list = hubsOf.get(id);
      if (list) list.push(hub.nodeKey);
      else hubsOf.set(id, [hub.nodeKey]);
    }
  }
  const accounts: GroupAccount[] = [...uniqueMembers.values()]
    .map((member) => ({ ...member, hubs: hubsOf.get(member.accountId) ?? [] }))
    .sort((left, right) => right.eventCount - left.eventCount || compareText(left.accountId, right.accountId));

  // Coarsen: drop the least used hub from the key until the groups fit (or no hub is left).
  const groupsAllowed = Math.max(1, Math.min(settings.groupLimit, Math.ceil(accounts.length / Math.max(1, settings.accountsPerGroup))));
  const keyOrder = drawn.map((hub) => hub.nodeKey);
  let grouped = groupBy(accounts, new Set(keyOrder));
  while (grouped.size > groupsAllowed && keyOrder.length > 0) {
    keyOrder.pop();
    grouped = groupBy(accounts, new Set(keyOrder));
  }

  const groups: AccountGroup[] = [...grouped.entries()].map(([key, list]) => {
    const keyHubs = key === '' ? [] : key.split('\n');
    const counts = new Map<string, number>();
    for (const account of list) for (const hub of account.hubs) counts.set(hub, (counts.get(hub) ?? 0) + 1);
    const ties = drawn.filter((hub) => counts.has(hub.nodeKey)).map((hub) => ({ hub: hub.nodeKey, accounts: counts.get(hub.nodeKey) as number }));
    return { id: groupIdOf(keyHubs), keyHubs, size: list.length, ties, accounts: list };
  });
  // Largest first; equal sizes by their key hubs in hub order (more used hubs first), the group tied to no key hub last.
  const rankOf = new Map(drawn.map((hub, rank) => [hub.nodeKey, rank]));
  const compareKeys = (left: readonly string[], right: readonly string[]) => {
    for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
      const difference = (rankOf.get(left[index] as string) ?? 0) - (rankOf.get(right[index] as string) ?? 0);
      if (difference !== 0) return difference;
    }
    return right.length - left.length;
  };
  groups.sort((left, right) => right.size - left.size || compareKeys(left.keyHubs, right.keyHubs));

  return {
    members: accounts.length,
    hubsTotal: ranked.length,
    hubs: drawn.map((hub) => ({ nodeKey: hub.nodeKey, kind: hub.kind, key: hub.key, detail: hub.detail, members: hub.members, accountsInAll: hub.accountsInAll })),
    groups,
    hubsOutsideKeys: drawn.length - keyOrder.length,
  };
}
