// An oracle measure for the evaluation: how many of a true campaign's accounts carry anything of
// the campaign's own at all. A linkage detector finds an account through what it shares; an
// account whose every address, instrument, issuer and prompt fingerprint is shared mostly with
// benign users (cover traffic, templates rendered into ordinary homework wording) looks like them,
// and only its timing and behaviour beside the group's are left to find it by. Knowing the labels,
// this counts the accounts that use at least one entity the campaign holds, so a miss reads as
// "the detector left reachable accounts" or "nothing of the operation's own ties these accounts".
// Pure core.
import { entityList, paymentIssuer, type LinkageData } from '../linkage/linkage-data.js';
import { withDefaults } from '../shared/options.js';

export interface CampaignReachOptions {
  /** An entity is the campaign's when at least this share of its users are the campaign's accounts… */
  heldShare: number;
  /** …and at least this many of them. */
  minAccounts: number;
}

export const DEFAULTS: CampaignReachOptions = { heldShare: 0.8, minAccounts: 2 };

export interface CampaignReach {
  campaign: string;
  accounts: number;
  /** Accounts using at least one entity the campaign holds. */
  reachable: number;
  /** reachable / accounts. */
  share: number;
}

/**
 * `campaignOf[account]` is the true campaign of each account index (null: benign or unlabelled);
 * `entities` lists each entity's users by the same indexes.
 */
export function campaignReach(
  campaignOf: ReadonlyArray<string | null>,
  entities: Iterable<{ members: ArrayLike<number> & Iterable<number> }>,
  options: Partial<CampaignReachOptions> = {},
): CampaignReach[] {
  const settings = withDefaults(DEFAULTS, options);
  const sizes = new Map<string, number>();
  for (const campaign of campaignOf) if (campaign !== null) sizes.set(campaign, (sizes.get(campaign) ?? 0) + 1);
  const reached = new Uint8Array(campaignOf.length);
  const onEntity = new Map<string, number>();
  for (const entity of entities) {
    onEntity.clear();
    for (const account of entity.members) {
      const campaign = campaignOf[account] ?? null;
      if (campaign !== null) onEntity.set(campaign, (onEntity.get(campaign) ?? 0) + 1);
    }
    for (const [campaign, count] of onEntity) {
      if (count < settings.minAccounts || count < settings.heldShare * entity.members.length) continue;
      for (const account of entity.members) if (campaignOf[account] === campaign) reached[account] = 1;
    }
  }
  const reachable = new Map<string, number>();
  campaignOf.forEach((campaign, account) => {
    if (campaign !== null && reached[account] === 1) reachable.set(campaign, (reachable.get(campaign) ?? 0) + 1);
  });
  return [...sizes.entries()]
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
    .map(([campaign, accounts]) => ({ campaign, accounts, reachable: reachable.get(campaign) ?? 0, share: (reachable.get(campaign) ?? 0) / accounts }));
}

/**
 * What an account can be tied by: every entity of the linkage read, and each card issuer (BIN)
 * as the set of accounts paying with a card from it (an operation may buy its cards from one).
 */
export function reachEntities(data: Pick<LinkageData, 'entities'>): Array<{ members: ArrayLike<number> & Iterable<number> }> {
  const issuers = new Map<string, Set<number>>();
  const entities = entityList(data.entities);
  for (const entity of entities) {
    if (entity.kind !== 'payment') continue;
    const issuer = paymentIssuer(entity);
    if (!issuer) continue;
    let accounts = issuers.get(issuer);
    if (!accounts) issuers.set(issuer, (accounts = new Set()));
    for (const account of entity.members) accounts.add(account);
  }
  return [...entities, ...[...issuers.values()].map((accounts) => ({ members: [...accounts] }))];
}

/** Each true campaign's reachable share in a linkage read, from the labels by account id. */
export function reachableShares(campaignOfAccount: ReadonlyMap<string, string | null>, data: Pick<LinkageData, 'accounts' | 'entities'>): Map<string, number> {
  const campaignOf = data.accounts.map((account) => campaignOfAccount.get(account.accountId) ?? null);
  return new Map(campaignReach(campaignOf, reachEntities(data)).map((entry) => [entry.campaign, entry.share]));
}
