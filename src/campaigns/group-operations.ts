// Groups reported campaigns that are one operation: Louvain often cuts a large operation into
// several communities (its cells), each scored and reported on its own. Two campaigns belong to
// one operation when they share what only an operator shares: prompt fingerprints used almost
// only by reported campaigns, payment instruments, an unusual issuer both concentrate on, or
// several rare addresses. Operation ids stay stable across refreshes: an operation keeps the id
// most of its campaigns had.
import { createHash } from 'node:crypto';
import { accountsOn, entityAt, KIND_CODES, type Entity, type LinkageData } from '../linkage/linkage-data.js';
import { withDefaults } from '../shared/options.js';

export interface OperationOptions {
  /** A fingerprint or address ties campaigns when at least this share of its accounts are in reported campaigns. */
  exclusiveShare: number;
  /** Each campaign needs this many members on a shared fingerprint for it to count. */
  minMembersEach: number;
  /** Rare addresses: at most this many accounts. */
  rareAddressLimit: number;
  /** Shared rare addresses that weigh as much as one shared fingerprint or instrument. */
  addressesPerTie: number;
  /** Total tie weight that joins two campaigns. */
  minTie: number;
}

export const DEFAULTS: OperationOptions = { exclusiveShare: 0.5, minMembersEach: 2, rareAddressLimit: 40, addressesPerTie: 3, minTie: 1 };

export interface OperationInput {
  campaignId: string;
  /** Account indexes of reported members. */
  members: readonly number[];
  /** The issuer the campaign concentrates on (issuer_concentration), or null. */
  issuer: string | null;
}

export interface Operation {
  operationId: string;
  /** Indexes into the input campaigns, ascending. */
  campaigns: number[];
  /** What ties its campaigns, e.g. `prompt:<key>`, `payment:<key>`, `issuer:<bin>`, `ip:<key>` (at most ten). */
  ties: string[];
}

export interface OperationResult {
  operations: Operation[];
  /** Operation index of each input campaign. */
  operationOf: number[];
}

function find(parents: number[], item: number): number {
  let root = item;
  while (parents[root] !== root) root = parents[root] as number;
  while (parents[item] !== root) {
    const next = parents[item] as number;
    parents[item] = root;
    item = next;
  }
  return root;
}

export function groupOperations(
  data: LinkageData,
  campaigns: readonly OperationInput[],
  previousOperationOf: ReadonlyMap<string, string>,
  runId: string,
  options: Partial<OperationOptions> = {},
): OperationResult {
  const settings = withDefaults(DEFAULTS, options);
  const campaignOf = new Map<number, number>();
  campaigns.forEach((campaign, index) => campaign.members.forEach((member) => campaignOf.set(member, index)));

  // Tie weight and evidence per pair of campaigns, keyed low*count+high.
  const pairWeight = new Map<number, number>();
  const pairTies = new Map<number, string[]>();
  const addTie = (left: number, right: number, weight: number, tie: string) => {
    const key = Math.min(left, right) * campaigns.length + Math.max(left, right);
    pairWeight.set(key, (pairWeight.get(key) ?? 0) + weight);
    const ties = pairTies.get(key) ?? [];
    if (ties.length < 10) ties.push(tie);
    pairTies.set(key, ties);
  };
  const membersPerCampaign = (entity: Entity) => {
    const counts = new Map<number, number>();
    for (const member of entity.members) {
      const campaign = campaignOf.get(member);
      if (campaign !== undefined) counts.set(campaign, (counts.get(campaign) ?? 0) + 1);
    }
    return counts;
  };
  for (let entityIndex = 0; entityIndex < data.entities.count; entityIndex += 1) {
    if (accountsOn(data.entities, entityIndex) < 2 || data.entities.kinds[entityIndex] === KIND_CODES.network) continue;
    const entity = entityAt(data.entities, entityIndex);
    const counts = membersPerCampaign(entity);
    if (counts.size < 2) continue;
    const inReported = [...counts.values()].reduce((sum, value) => sum + value, 0);
    const involved = [...counts.entries()].filter(([, count]) => entity.kind === 'payment' || count >= settings.minMembersEach).map(([campaign]) => campaign);
    let weight = 0;
    if (entity.kind === 'payment') weight = 1;
    else if (entity.kind === 'prompt' && inReported / entity.members.length >= settings.exclusiveShare) weight = 1;
    else if (entity.kind === 'ip' && entity.members.length <= settings.rareAddressLimit && inReported / entity.members.length >= settings.exclusiveShare) weight = 1 / settings.addressesPerTie;
    if (weight === 0) continue;
    for (let i = 0; i < involved.length; i += 1) for (let j = i + 1; j < involved.length; j += 1) addTie(involved[i] as number, involved[j] as number, weight, `${entity.kind}:${entity.key}`);
  }
  const byIssuer = new Map<string, number[]>();
  campaigns.forEach((campaign, index) => {
    if (campaign.issuer) byIssuer.set(campaign.issuer, [...(byIssuer.get(campaign.issuer) ?? []), index]);
  });
  for (const [issuer, sharing] of byIssuer)
    for (let i = 0; i < sharing.length; i += 1) for (let j = i + 1; j < sharing.length; j += 1) addTie(sharing[i] as number, sharing[j] as number, settings.minTie, `issuer:${issuer}`);

  const parents = campaigns.map((_campaign, index) => index);
  const groupTies = new Map<number, string[]>();
  for (const [key, weight] of [...pairWeight.entries()].sort((left, right) => left[0] - right[0])) {
    if (weight < settings.minTie) continue;
    const left = Math.floor(key / campaigns.length);
    const right = key % campaigns.length;
    const a = find(parents, left);
    const b = find(parents, right);
    const merged = [...(groupTies.get(a) ?? []), ...(groupTies.get(b) ?? []), ...(pairTies.get(key) ?? [])];
    const root = Math.min(a, b);
    parents[Math.max(a, b)] = root;
    groupTies.set(root, [...new Set(merged)].slice(0, 10));
  }

  const rootIndex = new Map<number, number>();
  const operations: Operation[] = [];
  const operationOf = campaigns.map((_campaign, index) => {
    const root = find(parents, index);
    let operation = rootIndex.get(root);
    if (operation === undefined) {
      operation = operations.length;
      rootIndex.set(root, operation);
      operations.push({ operationId: '', campaigns: [], ties: groupTies.get(root) ?? [] });
    }
    (operations[operation] as Operation).campaigns.push(index);
    return operation;
  });

  // Stable ids: the id most of an operation's campaigns (by members) had, each old id used once.
  const claimed = new Set<string>();
  const order = operations
    .map((operation, index) => ({ index, members: operation.campaigns.reduce((sum, campaign) => sum + (campaigns[campaign]?.members.length ?? 0), 0) }))
    .sort((left, right) => right.members - left.members || left.index - right.index);
  for (const { index } of order) {
    const operation = operations[index] as Operation;
    const votes = new Map<string, number>();
    for (const campaign of operation.campaigns) {
      const previous = previousOperationOf.get((campaigns[campaign] as OperationInput).campaignId);
      if (previous && !claimed.has(previous)) votes.set(previous, (votes.get(previous) ?? 0) + (campaigns[campaign]?.members.length ?? 0));
    }
    const inherited = [...votes.entries()].sort((left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : 1))[0]?.[0];
    const smallest = operation.campaigns.map((campaign) => (campaigns[campaign] as OperationInput).campaignId).sort()[0] ?? '';
    operation.operationId = inherited ?? `op-${createHash('sha256').update(`${runId}\u0000${smallest}`).digest('hex').slice(0, 12)}`;
    claimed.add(operation.operationId);
  }
  return { operations, operationOf };
}
