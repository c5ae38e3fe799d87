// What a campaign's members share that an operator owns: the evidence whose appearance reopens a
// dismissed campaign ("it gains new shared evidence", src/campaigns/apply-verdicts.ts). For each
// campaign, the sorted keys, written like member ties (`payment:<key>`, `ip:<key>`, `prompt:<key>`):
//
// - a payment instrument two or more of its members pay with;
// - a rare address (at most rareAddressLimit accounts in all: not a carrier NAT or a VPN exit)
//   two or more of its members use;
// - a prompt fingerprint two or more of its members send that is theirs: at least exclusiveShare
//   of all the accounts sending it are members.
//
// Issuers, networks and sign-up timing are left out: benign accounts share those by chance.
// One pass over the entities for all campaigns at once.
import { entityAt, type LinkageData } from '../linkage/linkage-data.js';
import { withDefaults } from '../shared/options.js';

export interface SharedEvidenceOptions {
  /** Addresses used by at most this many accounts are rare (the scorer's cliqueDegreeLimit). */
  rareAddressLimit: number;
  /** A fingerprint is the campaign's when at least this share of its accounts are members (the scorer's exclusiveShare). */
  exclusiveShare: number;
}

export const DEFAULTS: SharedEvidenceOptions = { rareAddressLimit: 40, exclusiveShare: 0.8 };

/** Per campaign (same order as `campaignMembers`, account indexes), its shared evidence keys, sorted. */
export function sharedEvidence(data: LinkageData, campaignMembers: ReadonlyArray<readonly number[]>, options: Partial<SharedEvidenceOptions> = {}): string[][] {
  const settings = withDefaults(DEFAULTS, options);
  const campaignOf = new Map<number, number>();
  campaignMembers.forEach((members, campaign) => {
    for (const member of members) if (!campaignOf.has(member)) campaignOf.set(member, campaign);
  });
  const keys: string[][] = campaignMembers.map(() => []);
  const counts = new Map<number, number>();
  for (let entityIndex = 0; entityIndex < data.entities.count; entityIndex += 1) {
    const entity = entityAt(data.entities, entityIndex);
    if (entity.kind === 'network') continue;
    if (entity.kind === 'ip' && entity.members.length > settings.rareAddressLimit) continue;
    counts.clear();
    for (const account of entity.members) {
      const campaign = campaignOf.get(account);
      if (campaign !== undefined) counts.set(campaign, (counts.get(campaign) ?? 0) + 1);
    }
    for (const [campaign, count] of counts) {
      if (count < 2) continue;
      if (entity.kind === 'prompt' && count / entity.members.length < settings.exclusiveShare) continue;
      (keys[campaign] as string[]).push(`${entity.kind}:${entity.key}`);
    }
  }
  for (const list of keys) list.sort();
  return keys;
}
