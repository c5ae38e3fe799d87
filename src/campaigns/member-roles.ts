// Who in a campaign is a member and who is associated (docs/scoring.md, "Members, associated
// accounts and member scores"): an account's role from its own ties and evidence, households whose
// cards and addresses lead nowhere in the operation, recruits taken from groups left unreported,
// and an account two campaigns took kept in one.
import type { MemberEvidence, MemberRole, ScoredCommunity, ScoringOptions } from './scoring-model.js';

/**
 * A member carries a quarter of the campaign's evidence itself and shares something of the
 * operator's own (an instrument or its templates), strongly or together with a second kind of tie
 * (an odd issuer, rare addresses, the sign-up burst); addresses and sign-up timing alone are what
 * VPN users and sign-up cohorts share too (benign users of a campaign's VPN exits hold the same
 * rare addresses), so those accounts are associated.
 */
export function roleOf(
  ties: readonly string[],
  sharedInstrument: boolean,
  templateShare: number,
  templateEvents: number,
  carriedShare: number,
  groupHasTemplates: boolean,
  settings: ScoringOptions,
): MemberRole {
  if (carriedShare < settings.minCarriedShare) return 'associated';
  const kinds = tieKinds(ties);
  // An issuer is no resource of the operator's own: benign prepaid users buy from the same ones.
  const ownResource = kinds.has('payment') || kinds.has('prompt');
  const strong = sharedInstrument || (templateShare >= settings.strongTemplateShare && templateEvents >= settings.strongTemplateEvents);
  // Three independent kinds of tie (an odd issuer, rare addresses and the burst) are no accident either.
  if ((ownResource && (strong || kinds.size >= 2)) || kinds.size >= 3) return 'member';
  // Created in the operation's wave and acting like its members on most of the evidence by itself:
  // an operation whose templates land in everyday fingerprints and whose cards are each account's
  // own leaves its accounts nothing else to share, while a cohort student or a VPN user who signed
  // up that night carries the burst and little of the rest. Only where the group shows templates
  // of its own (`groupHasTemplates`): a group of VPN users who share a campaign's exits and clock
  // has no operation in it whose accounts the rule would find, and each carries all of its traits.
  return settings.waveMemberShare > 0 && groupHasTemplates && kinds.has('burst') && carriedShare >= settings.waveMemberShare ? 'member' : 'associated';
}

/**
 * Whether an account shows enough of its own to join a group that did not gather it on the
 * group's evidence alone (an account another group linked, a repeat sender chosen for its
 * templates): one of the operator's instruments, or three independent kinds of tie.
 */
export function takenOnItsOwnTies(ties: readonly string[], sharedInstrument: boolean): boolean {
  return sharedInstrument || tieKinds(ties).size >= 3;
}

/**
 * Members whose cards and addresses lead nowhere in the operation: the members joined by the
 * group's shared cards and rarely used addresses (`entities`: the member positions on each entity
 * behind `payment:` and `ip:` ties) fall into households, and a household none of whose accounts sends the group's templates or
 * signed up in its wave, and none of whose cards pays for more accounts than nearly any card of the
 * data (a fan-out fully unusual, `fanOutPerMember` 1: no family's), is detached (1). A family or a
 * small team on one card and one home address that Louvain put beside a campaign holds those
 * between themselves only; a campaign's card or proxy exit reaches accounts that carry its
 * templates or its wave. No size limit: what decides is whether the household touches the
 * operation, not how large it is. A group none of whose accounts is anchored so (a family alone, a
 * ring on cards and devices only) detaches nobody.
 */
export function detachedHouseholds(entities: ReadonlyArray<Iterable<number> & ArrayLike<number>>, ties: ReadonlyArray<readonly string[]>, fanOutPerMember: Float64Array): Uint8Array {
  const size = ties.length;
  const parent = Int32Array.from({ length: size }, (_, position) => position);
  const find = (position: number): number => {
    let root = position;
    while (parent[root] !== root) root = parent[root] as number;
    for (let at = position; parent[at] !== root;) {
      const next = parent[at] as number;
      parent[at] = root;
      at = next;
    }
    return root;
  };
  const onHouseholdEntity = new Uint8Array(size);
  for (const positions of entities) {
    const first = positions[0] as number;
    for (const position of positions) {
      onHouseholdEntity[position] = 1;
      const left = find(first);
      const right = find(position);
      if (left !== right) parent[right] = left;
    }
  }
  const anchored = new Uint8Array(size);
  ties.forEach((memberTies, position) => {
    if ((fanOutPerMember[position] ?? 0) >= 1 || memberTies.some((tie) => tie === 'burst' || tie.startsWith('prompt:'))) anchored[find(position)] = 1;
  });
  const detached = new Uint8Array(size);
  // A group with no such account at all shows no operation to be detached from: its evidence as a whole decides.
  if (!anchored.includes(1)) return detached;
  for (let position = 0; position < size; position += 1) if (onHouseholdEntity[position] === 1 && anchored[find(position)] === 0) detached[position] = 1;
  return detached;
}

/** The kinds of an account's ties: `payment`, `issuer`, `ip`, `prompt`, `burst`. */
export function tieKinds(ties: readonly string[]): Set<string> {
  return new Set(ties.map((tie) => tie.split(':')[0] as string));
}

/**
 * 6. Louvain, and the division of what a group leaves unreported, may leave part of an operation
 * in a group that does not clear the bar: a dozen of its accounts in a piece beside VPN users.
 * Those accounts are no more benign for it: each reported campaign recruits, from the groups not
 * reported, the accounts that carry its own resources: an instrument it holds, or three kinds of
 * tie (templates and a sign-up night alone are what a class in such a group shares with it too).
 */
export function recruitFromUnreportedGroups(results: ScoredCommunity[], recruiters: ReadonlyArray<((free: Uint8Array) => MemberEvidence[]) | null>, inCandidate: Uint8Array): ScoredCommunity[] {
  const free = Uint8Array.from(inCandidate);
  for (const result of results) if (result.isCampaign) for (const entry of result.memberEvidence) free[entry.account] = 0;
  return results.map((result, index) => {
    const recruit = recruiters[index];
    if (!result.isCampaign || !recruit) return result;
    const recruits = recruit(free);
    if (recruits.length === 0) return result;
    const memberEvidence = [...result.memberEvidence, ...recruits].sort((left, right) => right.score - left.score || left.account - right.account);
    return { ...result, memberEvidence, members: memberEvidence.map((entry) => entry.account), memberCount: result.memberCount + recruits.length, membersFromOtherGroups: recruits.length };
  });
}

/**
 * An account outside every community may be recruited by several campaigns (it sent two
 * operations' templates, or holds an address both used); it stays a member of the reported
 * campaign where its own score is highest (then the larger campaign), and leaves the others.
 */
export function keepOutsidersOnce(results: ScoredCommunity[], inCandidate: Uint8Array, minAccounts: number): ScoredCommunity[] {
  const best = new Map<number, { result: ScoredCommunity; score: number }>();
  for (const result of results) {
    if (!result.isCampaign) continue;
    for (const entry of result.memberEvidence) {
      if (entry.role !== 'member') continue;
      const held = best.get(entry.account);
      if (!held || entry.score > held.score || (entry.score === held.score && result.memberCount > held.result.memberCount)) best.set(entry.account, { result, score: entry.score });
    }
  }
  return results.map((result) => {
    if (!result.isCampaign) return result;
    const memberEvidence = result.memberEvidence.filter((entry) => entry.role !== 'member' || best.get(entry.account)?.result === result);
    if (memberEvidence.length === result.memberEvidence.length) return result;
    const memberCount = memberEvidence.filter((entry) => entry.role === 'member').length;
    const kept = new Set(memberEvidence.map((entry) => entry.account));
    const left = result.memberEvidence.filter((entry) => !kept.has(entry.account));
    const leftUnlinked = left.filter((entry) => inCandidate[entry.account] === 0).length;
    const unlinkedMembers = result.unlinkedMembers - leftUnlinked;
    const membersFromOtherGroups = result.membersFromOtherGroups - (left.length - leftUnlinked);
    return { ...result, memberEvidence, members: memberEvidence.map((entry) => entry.account), memberCount, unlinkedMembers, membersFromOtherGroups, isCampaign: memberCount >= minAccounts };
  });
}
