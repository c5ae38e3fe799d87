// Pure core of "write what can link" for addresses (docs/ingest.md, private addresses): which of
// a chunk's addresses merge-ip-ownership.cypher must decide on, with what, and which usage rows
// then go to USED_IP relationships. An address this load has seen shared skips the claim (shared
// is for good: once two accounts used an address, nothing makes it private again); every other
// address is claimed, with its one account's usage in the chunk when the chunk has one account on
// it (the statement adds that usage to the private counters when the address is, or stays,
// private to that account), or none when the chunk has several (it is shared from now on).
import type { UsageAggregate } from './event-aggregator.js';

export interface ChunkAddress {
  address: string;
  network: string;
  version: number;
}

/** merge-ip-ownership.cypher's columns, one entry per address; numbers 5 per entry. */
export interface AddressClaims {
  keys: string[];
  networks: string[];
  versions: number[];
  /** The chunk's one account on the address, null when several. */
  accountIds: Array<string | null>;
  numbers: number[];
}

export interface AddressPlan {
  claims: AddressClaims;
  /** Usage rows on addresses known to be shared: relationships whatever the claim says. */
  knownSharedUsage: UsageAggregate[];
  /** Usage rows on claimed addresses, grouped by address (the claim's index). */
  claimedUsage: UsageAggregate[][];
}

/** Splits a chunk's address usage into what is known shared and what must be claimed. */
export function planAddressClaims(addresses: readonly ChunkAddress[], ipUsage: readonly UsageAggregate[], knownShared: ReadonlySet<string>): AddressPlan {
  const claims: AddressClaims = { keys: [], networks: [], versions: [], accountIds: [], numbers: [] };
  const claimIndex = new Map<string, number>();
  for (const { address, network, version } of addresses) {
    if (knownShared.has(address)) continue;
    claimIndex.set(address, claims.keys.length);
    claims.keys.push(address);
    claims.networks.push(network);
    claims.versions.push(version);
  }
  const knownSharedUsage: UsageAggregate[] = [];
  const claimedUsage: UsageAggregate[][] = claims.keys.map(() => []);
  for (const row of ipUsage) {
    const index = claimIndex.get(row.key);
    if (index === undefined) knownSharedUsage.push(row);
    else (claimedUsage[index] as UsageAggregate[]).push(row);
  }
  claimedUsage.forEach((rows, index) => {
    const only = rows.length === 1 ? (rows[0] as UsageAggregate) : null;
    claims.accountIds[index] = only ? only.account_id : null;
    const at = index * 5;
    claims.numbers[at] = only ? only.events : 0;
    claims.numbers[at + 1] = only ? only.input_tokens : 0;
    claims.numbers[at + 2] = only ? only.output_tokens : 0;
    claims.numbers[at + 3] = only ? only.first : 0;
    claims.numbers[at + 4] = only ? only.last : 0;
  });
  return { claims, knownSharedUsage, claimedUsage };
}

/**
 * After the claim: the usage rows to write as USED_IP relationships (on known-shared addresses
 * and on the claimed addresses the statement reported shared), in account-then-address order as
 * merge-ip-usage gets them, and the claimed addresses now known to be shared.
 */
export function sharedAfterClaim(plan: AddressPlan, sharedIndexes: readonly number[]): { usage: UsageAggregate[]; sharedAddresses: string[] } {
  const usage = [...plan.knownSharedUsage];
  const sharedAddresses: string[] = [];
  for (const index of sharedIndexes) {
    usage.push(...(plan.claimedUsage[index] ?? []));
    sharedAddresses.push(plan.claims.keys[index] as string);
  }
  usage.sort((left, right) => (left.account_id < right.account_id ? -1 : left.account_id > right.account_id ? 1 : left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
  return { usage, sharedAddresses };
}
