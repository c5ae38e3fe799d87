// Scores every account community as a suspected campaign by how unusual it is against the same
// data's background (docs/scoring.md). Each signal (signals.ts) compares what the members show
// with what random accounts of this refresh show: a sign-up day a fifth of all accounts share,
// a VPN exit used by thousands or a template everyone sends scores near zero, whatever the
// dataset. Strengths are summed by family, each family capped below the threshold, so one kind
// of evidence never makes a campaign alone; a signal the data cannot support adds nothing.
// Then every member gets its own score and ties: an account whose only tie is a busy shared
// entity is `associated` (context), not a `member` (reported).
import type { LinkView } from '../linkage/link-table.js';
import erfc from '@stdlib/math-base-special-erfc';
import { KIND_BITS } from '../linkage/project-linkage-graph.js';
import { accountsOn, kindOf, KIND_CODES, membersOf, usageAt, type EntityKind, type EntityTable, type LinkageData } from '../linkage/linkage-data.js';
import { derivedSeed, seededRandom, type RandomSource } from '../shared/random.js';
import { withDefaults } from '../shared/options.js';
import { median } from '../shared/statistics.js';
import { detectSubcommunities } from '../communities/detect-communities.js';
import { buildBackground, countBetween, createdBetween, isFresh, instrumentsWithFanOut, pairMeasures, type AccountIncidence, type Background, type MeasureBackground } from './background.js';
import { SIGNAL_FAMILIES, SIGNAL_NAMES, SIGNALS, type SignalFamily, type SignalName } from './signals.js';
import { binomialUpperTail, excessShare, shareOutside, surpriseOf, type ExcessShareOptions } from './surprise.js';
import { linkedClusters } from './linked-clusters.js';
import { findTemplateSets } from './template-sets.js';
import { GroupTallies } from './group-tallies.js';
import { detachedHouseholds, keepOutsidersOnce, recruitFromUnreportedGroups, roleOf, takenOnItsOwnTies, tieKinds } from './member-roles.js';
import { memberAccounts, oneGroupPerSet, repeatSendersOf, reportSiblings, sampledPairShift } from './sibling-groups.js';
import { DEFAULTS, type FamilyExplanation, type GroupOrigin, type MemberEvidence, type ScoredCommunity, type ScoringOptions, type SignalExplanation } from './scoring-model.js';

export { SIGNALS, SIGNAL_FAMILIES, type SignalName } from './signals.js';
export {
  DEFAULTS,
  type EvidenceItem,
  type FamilyExplanation,
  type GroupOrigin,
  type MemberEvidence,
  type MemberRole,
  type ScoredCommunity,
  type ScoringOptions,
  type SignalExplanation,
} from './scoring-model.js';

interface Candidate {
  community: number;
  origin: GroupOrigin;
  /** The community a piece was divided from (step 4), or null for a community itself. */
  parent: number | null;
  members: number[];
  peripheral: number[];
}

/**
 * What an account outside a group's core must carry to be recruited, beyond a member's rule: the
 * group's own loosely attached edge nothing more; an account no community holds templates and a
 * second kind of tie; an account another (unreported) group holds an instrument or three kinds.
 */
type RecruitBar = 'core-edge' | 'unlinked' | 'other-group';

/** Members an account outside the core is compared with for the pair measures (active days, hours). */
const OUTSIDER_PAIR_SAMPLES = 8;

const clamp = (value: number) => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);
const round = (value: number) => Math.round(value * 10_000) / 10_000;

/** Which signals the data can support: a batch without payments cannot speak about payments. */
export function availableSignals(data: LinkageData): Record<SignalName, boolean> {
  const present = new Set<EntityKind>();
  for (let entity = 0; entity < data.entities.count; entity += 1) {
    const kind = kindOf(data.entities, entity);
    if (kind !== 'ip' || accountsOn(data.entities, entity) >= 2) present.add(kind);
  }
  return Object.fromEntries(SIGNAL_NAMES.map((name) => [name, SIGNALS[name].needs === null || present.has(SIGNALS[name].needs)])) as Record<SignalName, boolean>;
}

/** Largest number of the sign-up times within any window of the given length, and where it starts. */
export function densestWindow(createdAt: readonly number[], windowMs: number): { count: number; start: number } {
  return densestSortedWindow(
    [...createdAt].sort((a, b) => a - b),
    windowMs,
  );
}

/** The same over times already ascending: sign-up waves sort once, not once per wave. */
function densestSortedWindow(sorted: readonly number[], windowMs: number): { count: number; start: number } {
  let best = { count: 0, start: 0 };
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] as number) - (sorted[start] as number) > windowMs) start += 1;
    if (end - start + 1 > best.count) best = { count: end - start + 1, start: sorted[start] as number };
  }
  return best;
}

/**
 * Sign-up waves: the densest window, then up to `maxWaves - 1` more among the sign-ups outside
 * the windows taken so far, each kept only while `isWave(count, start)` accepts it. Operations
 * often create their accounts in two or three waves days apart; one window sees only one of them.
 */
export function signupWaves(createdAt: readonly number[], windowMs: number, maxWaves: number, isWave: (count: number, start: number) => boolean): Array<{ count: number; start: number }> {
  let remaining = [...createdAt].sort((a, b) => a - b);
  const waves: Array<{ count: number; start: number }> = [];
  while (waves.length < maxWaves && remaining.length > 0) {
    const window = densestSortedWindow(remaining, windowMs);
    if (waves.length > 0 && !isWave(window.count, window.start)) break;
    waves.push(window);
    remaining = remaining.filter((value) => value < window.start || value > window.start + windowMs);
  }
  return waves;
}

/** Drops members only loosely attached to their community (a benign account on one shared proxy address). */
export function corePeripheralSplit(graph: LinkView, memberKeys: string[], peripheralShare: number, peripheralQuantile = 0.5): { core: string[]; peripheral: string[] } {
  const inside = new Set(memberKeys);
  const internal = new Map<string, number>();
  for (const member of memberKeys) {
    let weight = 0;
    graph.forEachEdge(member, (_edge, attributes, source, target) => {
      const other = source === member ? target : source;
      if (inside.has(other)) weight += attributes.weight;
    });
    internal.set(member, weight);
  }
  const weights = [...internal.values()].sort((a, b) => a - b);
  const cut = (weights[Math.min(weights.length - 1, Math.floor(peripheralQuantile * weights.length))] ?? 0) * peripheralShare;
  const core: string[] = [];
  const peripheral: string[] = [];
  for (const member of memberKeys) ((internal.get(member) ?? 0) >= cut ? core : peripheral).push(member);
  return { core, peripheral };
}

interface Measured {
  value: number;
  background: number;
  surprise: number;
  strength: number;
  /** Each member's own strength in this signal, in member order. */
  perMember: Float64Array;
}

/** A group's mean of a per-account measure against the population: effect size, with a z-test for surprise. */
function meanShift(members: readonly number[], measure: MeasureBackground, settings: ScoringOptions): Measured {
  const perMember = new Float64Array(members.length);
  let sum = 0;
  let count = 0;
  members.forEach((member, position) => {
    const value = measure.values[member] as number;
    if (Number.isNaN(value)) return;
    sum += value;
    count += 1;
    if (measure.sd > 0) perMember[position] = clamp((value - measure.mean) / measure.sd / settings.fullEffect);
  });
  return shiftResult(count === 0 ? measure.mean : sum / count, count, measure.mean, measure.sd, perMember, settings);
}

function shiftResult(value: number, count: number, mean: number, sd: number, perMember: Float64Array, settings: ScoringOptions): Measured {
  if (count < 2 || sd <= 0) return { value, background: mean, surprise: 0, strength: 0, perMember: perMember.fill(0) };
  const effect = (value - mean) / sd;
  const z = effect * Math.sqrt(count);
  const surprise = surpriseOf(erfc(z / Math.SQRT2) / 2);
  return { value, background: mean, surprise, strength: surprise >= settings.minSurprise ? clamp(effect / settings.fullEffect) : 0, perMember };
}

/** Mean of a pair measure over the group's pairs (sampled when many), against random pairs. */
function pairShift(members: readonly number[], pairValue: (left: number, right: number) => number, background: { mean: number; sd: number }, settings: ScoringOptions, rng: RandomSource): Measured {
  const perMemberSum = new Float64Array(members.length);
  const perMemberCount = new Float64Array(members.length);
  let total = 0;
  let pairs = 0;
  const add = (i: number, j: number) => {
    const value = pairValue(members[i] as number, members[j] as number);
    total += value;
    pairs += 1;
    perMemberSum[i] = (perMemberSum[i] ?? 0) + value;
    perMemberSum[j] = (perMemberSum[j] ?? 0) + value;
    perMemberCount[i] = (perMemberCount[i] ?? 0) + 1;
    perMemberCount[j] = (perMemberCount[j] ?? 0) + 1;
  };
  if ((members.length * (members.length - 1)) / 2 <= settings.pairSamples) {
    for (let i = 0; i < members.length; i += 1) for (let j = i + 1; j < members.length; j += 1) add(i, j);
  } else {
    // Every member in at least one pair, then random pairs up to the budget.
    for (let i = 0; i < members.length; i += 1) add(i, (i + 1 + Math.floor(rng() * (members.length - 1))) % members.length);
    for (let sample = members.length; sample < settings.pairSamples; sample += 1) {
      const i = Math.floor(rng() * members.length);
      let j = Math.floor(rng() * (members.length - 1));
      if (j >= i) j += 1;
      add(i, j);
    }
  }
  const perMember = new Float64Array(members.length);
  if (background.sd > 0)
    for (let i = 0; i < members.length; i += 1) perMember[i] = clamp(((perMemberSum[i] ?? 0) / Math.max(1, perMemberCount[i] ?? 0) - background.mean) / background.sd / settings.fullEffect);
  // Pairs are not independent: the group's size, not its pair count, is the sample size.
  return shiftResult(pairs === 0 ? background.mean : total / pairs, members.length, background.mean, background.sd, perMember, settings);
}

function shareResult(k: number, n: number, p: number, perMember: Float64Array, settings: ExcessShareOptions): Measured {
  const share = excessShare(k, n, p, settings);
  return { value: share.observed, background: share.background, surprise: share.surprise, strength: share.strength, perMember: share.strength > 0 ? perMember : perMember.fill(0) };
}

/** Chance that a random group of `size` holds a fingerprint with `accounts` users to itself (at least the exclusive share, and two). */
function exclusivityBackgroundFor(background: Background, data: LinkageData, size: number, settings: ScoringOptions, cache: Map<number, number>): number {
  // Cached per size band (powers of two): the background changes slowly with size.
  const band = Math.max(0, Math.round(Math.log2(Math.max(1, size))));
  const cached = cache.get(band);
  if (cached !== undefined) return cached;
  const representative = 2 ** band;
  const inclusion = Math.min(1, representative / Math.max(1, background.accounts));
  let expected = 0;
  let total = 0;
  const table = data.entities;
  for (let index = 0; index < table.count; index += 1) {
    if (table.kinds[index] !== KIND_CODES.prompt) continue;
    const events = background.promptEvents[index] ?? 0;
    total += events;
    const senders = accountsOn(table, index);
    const needed = Math.max(2, Math.ceil(settings.exclusiveShare * senders));
    // Far below the needed count the tail is negligible; skip the incomplete beta.
    if (senders * inclusion < needed * 0.02) continue;
    expected += events * binomialUpperTail(senders, inclusion, needed);
  }
  const value = total > 0 ? expected / total : 0;
  cache.set(band, value);
  return value;
}

export function scoreCommunities(
  data: LinkageData,
  graph: LinkView,
  communityMembers: string[][],
  accountIndexOf: (accountId: string) => number,
  rng: RandomSource,
  options: Partial<ScoringOptions> = {},
): ScoredCommunity[] {
  const settings = withDefaults(DEFAULTS, options);
  const excessOptions: ExcessShareOptions = { minSurprise: settings.minSurprise, fullRarity: settings.fullRarity, rarityFloor: settings.rarityFloor };
  // 1. Core members of every community large enough to matter.
  const coreCandidate = (community: number, parent: number | null, keys: string[]): Candidate | null => {
    if (keys.length < settings.minAccounts) return null;
    // Dilution by benign hangers-on is a large-community problem; small ones keep the median bar.
    const large = keys.length >= settings.largeCommunity;
    const { core, peripheral } = corePeripheralSplit(graph, keys, large ? settings.peripheralShare : 0.25, large ? settings.peripheralQuantile : 0.5);
    if (core.length < settings.minAccounts) return null;
    return {
      community,
      origin: parent === null ? 'community' : 'piece',
      parent,
      members: core.map(accountIndexOf).sort((a, b) => a - b),
      peripheral: peripheral.map(accountIndexOf).sort((a, b) => a - b),
    };
  };
  const candidates: Candidate[] = [];
  communityMembers.forEach((keys, community) => {
    const candidate = coreCandidate(community, null, keys);
    if (candidate) candidates.push(candidate);
  });
  if (candidates.length === 0) return [];
  // Accounts no community holds (no link strong enough, or a group too small to score): a
  // campaign's low-volume accounts often end up here, each tied to the operation only by one
  // proxy address or a few templated prompts. Reported campaigns recruit them (step 3) when they
  // carry the operator's own resources themselves.
  const inCandidate = new Uint8Array(data.accounts.length);
  for (const candidate of candidates) for (const account of [...candidate.members, ...candidate.peripheral]) inCandidate[account] = 1;
  // Sign-up times of the accounts communities hold: who else, linked elsewhere, shares a wave.
  const candidateCreatedSorted = Float64Array.from(data.accounts.flatMap((account, index) => (inCandidate[index] === 1 && account.createdAt !== null ? [account.createdAt] : []))).sort();

  // 2. The background, once.
  const background = buildBackground(
    data,
    { freshWindowMs: settings.freshWindowMs, rareAddressLimit: settings.cliqueDegreeLimit, monotonyMinEvents: settings.monotonyMinEvents, pairSamples: settings.backgroundPairSamples },
    rng,
  );
  // Each group samples pairs from its own stream, seeded by the refresh and the group's members:
  // a group's sampled signals then never shift because another group drew more or fewer numbers.
  const streamSeed = Math.floor(rng() * 2 ** 31);
  const available = availableSignals(data);
  const accountsOnShared = background.instrumentFanOut.length === 0 ? 0 : accountsOnSharedInstruments(background);
  const exclusivityCache = new Map<number, number>();
  // Louvain may cut an operation along its templates: a fingerprint whose senders are (almost)
  // all one cluster of prompt-linked accounts is held by that cluster, whichever piece asks.
  const clusters = linkedClusters(
    graph,
    data.accounts.map((account) => account.accountId),
    KIND_BITS.prompt,
  );
  const clusterSizes = new Map<number, number>();
  const linkedHolders = (entityIndex: number): number => {
    let size = clusterSizes.get(entityIndex);
    if (size === undefined) {
      size = clusters.largest(membersOf(data.entities, entityIndex));
      clusterSizes.set(entityIndex, size);
    }
    return size;
  };
  const inGraphAccount = clusters.inGraph;
  const inGraph = new Map<number, number>();
  const sendersInGraph = (entityIndex: number): number => {
    let count = inGraph.get(entityIndex);
    if (count === undefined) {
      count = 0;
      for (const member of membersOf(data.entities, entityIndex)) count += inGraphAccount[member] as number;
      // Never fewer than the largest linked cluster, which counts a lone sender as one.
      count = Math.max(1, count);
      inGraph.set(entityIndex, count);
    }
    return count;
  };
  const outsideGraph = new Map<number, Int32Array>();
  const sendersOutsideGraph = (entityIndex: number): Int32Array => {
    let list = outsideGraph.get(entityIndex);
    if (!list) {
      list = membersOf(data.entities, entityIndex).filter((account) => inGraphAccount[account] === 0);
      outsideGraph.set(entityIndex, list);
    }
    return list;
  };
  const noClaims = () => 0;
  // Per group: how many of a fingerprint's senders are outside the linkage graph and send at least
  // unlinkedClaimShare of their prompts on fingerprints the group sends (at least minMembers of it)
  // and holds most of the linked senders of: a fingerprint every kind of user sends is held by no
  // one group, so sending it claims nobody.
  const unlinkedClaims = (tallies: GroupTallies, minMembers: number) => {
    if (settings.unlinkedClaimShare <= 0 || settings.unlinkedClaimShare > 1) return { claimed: noClaims, claimedBesides: () => noClaims, claimsAccount: () => false };
    const counts = new Map<number, number>();
    const shares = new Map<number, number>();
    const groupShare = (account: number) => {
      let share = shares.get(account);
      if (share === undefined) {
        let onGroup = 0;
        for (let at = background.incidence.start[account] as number; at < (background.incidence.start[account + 1] as number); at += 1) {
          const entityIndex = background.incidence.entity[at] as number;
          if (data.entities.kinds[entityIndex] !== KIND_CODES.prompt) continue;
          const inside = tallies.countOf(entityIndex);
          if (inside >= minMembers && inside >= CLAIM_MAJORITY * sendersInGraph(entityIndex)) onGroup += usageAt(data.entities, entityIndex, background.incidence.position[at] as number);
        }
        const total = background.accountPromptEvents[account] as number;
        share = total > 0 ? onGroup / total : 0;
        shares.set(account, share);
      }
      return share;
    };
    const claimsAccount = (account: number) => inGraphAccount[account] === 0 && groupShare(account) >= settings.unlinkedClaimShare;
    const claimed = (entityIndex: number): number => {
      let count = counts.get(entityIndex);
      if (count === undefined) {
        // On a fingerprint thousands send, an even sample of its senders outside the graph tells the
        // share as well as all of them (ownership asks for 80 %, not an exact count) at a bounded cost.
        const outside = sendersOutsideGraph(entityIndex);
        const step = Math.max(1, outside.length / CLAIM_SAMPLE);
        let sampled = 0;
        let claims = 0;
        for (let at = 0; at < outside.length; at += step) {
          sampled += 1;
          if (claimsAccount(outside[Math.floor(at)] as number)) claims += 1;
        }
        count = sampled === outside.length ? claims : Math.round((claims * outside.length) / Math.max(1, sampled));
        counts.set(entityIndex, count);
      }
      return count;
    };
    // An account weighed for joining is counted among the holders, so not among the claimed too.
    const claimedBesidesOne = (entityIndex: number) => Math.max(0, claimed(entityIndex) - 1);
    const claimedBesides = (account: number) => (claimsAccount(account) ? claimedBesidesOne : claimed);
    return { claimed, claimedBesides, claimsAccount };
  };
  // A declared organisation or an invoice (a billing contract with a known business).
  // Asked for every member and every account weighed for recruiting, several times at `seed`: flagged once.
  const businessAccount = new Uint8Array(data.accounts.length);
  data.accounts.forEach((account, index) => (businessAccount[index] = account.orgId ? 1 : 0));
  for (let entity = 0; entity < data.entities.count; entity += 1) if (isInvoice(data.entities, entity)) for (const account of membersOf(data.entities, entity)) businessAccount[account] = 1;
  const isBusiness = (account: number): boolean => businessAccount[account] === 1;
  const pairs = pairMeasures(data);
  const unusualFanOut = (accounts: number) => clamp(surpriseOf(instrumentsWithFanOut(background, accounts)) / settings.fullFanOutSurprise);

  // 3. Signals, score and member evidence per candidate; the fingerprints a group owns depend on
  // the other groups of the same pass (an operation Louvain cut in pieces shares its staples).
  // Per scored group, in the order of the results: how it recruits from a given set of accounts
  // later (kept for groups that reach the threshold; step 5).
  const recruiters: Array<((free: Uint8Array) => MemberEvidence[]) | null> = [];
  // Repeat-sender groups (step 5), by id: the id of the template set they were drawn from.
  const setOfRepeatSenders = new Map<number, number>();
  const scorePass = (passCandidates: readonly Candidate[], stapleGroups: readonly Candidate[] = passCandidates): ScoredCommunity[] => {
    const stapleHolders = stapleAccounts(data, background, stapleGroups, settings);
    /** Whether the group holds the fingerprint when `senders` of its accounts count (fewer: easier). */
    const holds = (entityIndex: number, inside: number, groupSize: number, senders: number) => {
      if (inside / groupSize < settings.stapleShare) return inside / senders >= settings.exclusiveShare;
      if (Math.max(inside, stapleHolders.get(entityIndex) ?? 0) / senders >= settings.exclusiveShare) return true;
      // A linked cluster of the senders holds no more of them than the graph does: counting those
      // first spares most walks through the graph (a widely used prompt's senders are mostly unlinked).
      return sendersInGraph(entityIndex) / senders >= settings.exclusiveShare && linkedHolders(entityIndex) / senders >= settings.exclusiveShare;
    };
    const ownedBy = (entityIndex: number, inside: number, groupSize: number, minMembers: number, claimed: (entityIndex: number) => number = noClaims) => {
      if (inside < minMembers) return false;
      const senders = accountsOn(data.entities, entityIndex);
      if (holds(entityIndex, inside, groupSize, senders)) return true;
      // Senders outside the linkage graph that send mostly the group's fingerprints are the group's
      // too: an operation's low-volume accounts often have no link strong enough to be in any
      // community, and counting them against it would leave nobody holding its templates. Claims
      // only ever lower the count to the senders in the graph, no further: a fingerprint few
      // members send needs the members to be most of those.
      const linkedSenders = sendersInGraph(entityIndex);
      if (claimed === noClaims || linkedSenders >= senders) return false;
      if (inside / groupSize < settings.stapleShare && inside / linkedSenders < settings.exclusiveShare) return false;
      // Holding gets easier with fewer senders: if even every sender outside the graph claimed would
      // not do, counting the claims (the costly part of scoring) cannot change the answer.
      if (!holds(entityIndex, inside, groupSize, linkedSenders)) return false;
      return holds(entityIndex, inside, groupSize, senders - claimed(entityIndex));
    };
    return passCandidates.map((candidate) => {
      const members = candidate.members;
      const size = members.length;
      const groupRandom = seededRandom(derivedSeed(streamSeed, members));
      const tallies = new GroupTallies(members, background.incidence, data.entities);
      const facts = members.map((member) => data.accounts[member] as LinkageData['accounts'][number]);
      const exclusiveMinMembers = Math.max(2, Math.ceil(settings.exclusiveMinShare * size));
      const { claimed, claimedBesides, claimsAccount } = unlinkedClaims(tallies, exclusiveMinMembers);

      // Instruments: fan-out of instruments shared among members, and the most over-represented issuer.
      const fanOutPerMember = new Float64Array(size);
      const rareAddressTies = new Int32Array(size);
      const onHeldAddress = new Float64Array(size);
      let heldAddresses = 0;
      const exclusivePromptEvents = new Float64Array(size);
      const promptEventsPerMember = new Float64Array(size);
      const ties: string[][] = members.map(() => []);
      /** Member positions on each card and rare address that gave `payment:` or `ip:` ties (for detachedHouseholds). */
      const householdEntities: Int32Array[] = [];
      let exclusiveEvents = 0;
      let promptEvents = 0;
      for (let slot = 0; slot < tallies.size; slot += 1) {
        const entityIndex = tallies.entity(slot);
        const kind = kindOf(data.entities, entityIndex);
        const accounts = accountsOn(data.entities, entityIndex);
        const inside = tallies.count(slot);
        const first = tallies.firstOf(slot);
        if (kind === 'prompt') {
          promptEvents += tallies.events(slot);
          const exclusive = ownedBy(entityIndex, inside, size, exclusiveMinMembers, claimed);
          if (exclusive) exclusiveEvents += tallies.events(slot);
          for (let at = first; at < first + inside; at += 1) {
            const position = tallies.positionAt(at);
            const used = usageAt(data.entities, entityIndex, positionOfEntity(data.entities, entityIndex, members[position] as number));
            promptEventsPerMember[position] = (promptEventsPerMember[position] ?? 0) + used;
            if (exclusive) exclusivePromptEvents[position] = (exclusivePromptEvents[position] ?? 0) + used;
          }
          continue;
        }
        if (inside < 2) continue;
        if (kind === 'payment') {
          const unusual = unusualFanOut(accounts);
          const positions = tallies.positionsOf(slot);
          householdEntities.push(positions);
          for (const position of positions) {
            if (unusual > (fanOutPerMember[position] ?? 0)) fanOutPerMember[position] = unusual;
            (ties[position] as string[]).push(`payment:${data.entities.keys[entityIndex] as string}`);
          }
        } else if (kind === 'ip' && accounts <= settings.cliqueDegreeLimit) {
          // An address most of whose few users are members is the group's own (a proxy exit it rents).
          const held = inside / accounts >= settings.exclusiveShare;
          if (held) heldAddresses += 1;
          const positions = tallies.positionsOf(slot);
          householdEntities.push(positions);
          for (const position of positions) {
            if (held) onHeldAddress[position] = 1;
            rareAddressTies[position] = (rareAddressTies[position] ?? 0) + 1;
            if ((rareAddressTies[position] ?? 0) <= 2) (ties[position] as string[]).push(`ip:${data.entities.keys[entityIndex] as string}`);
          }
        }
      }

      const measured = {} as Record<SignalName, Measured>;
      let topIssuer: string | null = null;
      const overRepresented = new Set<string>();
      let burstWaves: Array<{ start: number; end: number; owned: boolean }> = [];
      {
        // instrument_fan_out: members on shared instruments must be unusual for this data first.
        let onShared = 0;
        for (const value of fanOutPerMember) if (value > 0) onShared += 1;
        const sharedBackground = shareOutside(accountsOnShared, background.accounts, onShared, size);
        const significance = excessShare(onShared, size, sharedBackground, excessOptions);
        const mean = fanOutPerMember.reduce((sum, value) => sum + value, 0) / size;
        measured.instrument_fan_out = {
          value: onShared / size,
          background: sharedBackground,
          surprise: significance.surprise,
          strength: significance.surprise >= settings.minSurprise ? mean : 0,
          perMember: significance.surprise >= settings.minSurprise ? fanOutPerMember : new Float64Array(size),
        };
      }
      {
        // Every issuer the group uses far more than the population does counts (an operation may
        // buy from two or three odd issuers); the strongest one names the group for operations.
        const issuerCounts = new Map<string, number>();
        for (const member of members) for (const issuer of background.accountIssuers[member] ?? []) issuerCounts.set(issuer, (issuerCounts.get(issuer) ?? 0) + 1);
        let populationShare = 0;
        let strongest = 0;
        for (const [issuer, count] of issuerCounts) {
          if (count < 3) continue;
          const issuerShare = shareOutside(background.issuerAccounts.get(issuer) ?? 0, background.accounts, count, size);
          const share = excessShare(count, size, issuerShare, excessOptions);
          if (share.strength <= 0) continue;
          overRepresented.add(issuer);
          populationShare += issuerShare;
          if (share.strength > strongest || (share.strength === strongest && (topIssuer === null || issuer < topIssuer))) {
            strongest = share.strength;
            topIssuer = issuer;
          }
        }
        const perMember = new Float64Array(size);
        let onThem = 0;
        members.forEach((member, position) => {
          const issuer = (background.accountIssuers[member] ?? []).find((candidate) => overRepresented.has(candidate));
          if (issuer === undefined) return;
          perMember[position] = 1;
          onThem += 1;
          (ties[position] as string[]).push(`issuer:${issuer}`);
        });
        measured.issuer_concentration = shareResult(onThem, size, Math.min(1, populationShare), perMember, excessOptions);
      }
      {
        const perMember = new Float64Array(size);
        let sharers = 0;
        let sharersAnywhere = 0;
        for (const member of members) sharersAnywhere += background.rareAddressSharer[member] as number;
        rareAddressTies.forEach((count, position) => {
          if (count >= 2) {
            sharers += 1;
            perMember[position] = 1;
          }
        });
        measured.shared_rare_addresses = shareResult(sharers, size, shareOutside(background.rareAddressSharers, background.accounts, sharersAnywhere, size), perMember, excessOptions);
      }
      {
        // A household holds its home address too: one or two addresses are no operation's pool.
        let onHeld = 0;
        let coUsersAnywhere = 0;
        for (const value of onHeldAddress) onHeld += value;
        for (const member of members) coUsersAnywhere += background.rareAddressCoUser[member] as number;
        // Under the null of a random group, a member is on an address the group holds when it shares
        // a rare address with anyone (a share of all accounts) and its co-users happen to be members
        // too (about the group's share of all accounts, for one co-user; less for more).
        const coUserShare = shareOutside(background.rareAddressCoUsers, background.accounts, coUsersAnywhere, size);
        const result = shareResult(onHeld, size, coUserShare * Math.min(1, size / Math.max(1, background.accounts)), onHeldAddress, excessOptions);
        measured.held_addresses = heldAddresses >= settings.minHeldAddresses ? result : { ...result, strength: 0, perMember: new Float64Array(size) };
      }
      measured.address_rotation = meanShift(members, background.addressLog, settings);
      {
        const value = promptEvents > 0 ? exclusiveEvents / promptEvents : 0;
        const expected = exclusivityBackgroundFor(background, data, size, settings, exclusivityCache);
        const perMember = new Float64Array(size);
        promptEventsPerMember.forEach((total, position) => {
          perMember[position] = total > 0 ? clamp((exclusivePromptEvents[position] ?? 0) / total / settings.fullMemberExclusivity) : 0;
        });
        const strength = value > expected ? clamp((value - expected) / (1 - expected) / settings.fullExclusivity) : 0;
        // The chance that random accounts' traffic is this exclusive: a fingerprint held to itself by chance is rare.
        measured.template_exclusivity = { value, background: expected, surprise: surpriseOf(expected > 0 && value > 0 ? Math.min(1, expected / value) ** 2 : value > 0 ? 0 : 1), strength, perMember };
      }
      measured.template_monotony = meanShift(members, background.monotony, settings);
      measured.extraction_prompts = meanShift(members, background.extraction, settings);
      {
        const created = facts.map((account) => account.createdAt).filter((value): value is number => value !== null);
        const windowShare = (count: number, start: number) => shareOutside(createdBetween(background, start, start + settings.burstWindowMs), background.createdSorted.length, count, created.length);
        // A later wave must be surprising on its own, more so the more windows the data's sign-ups
        // span (the densest of many windows is always somewhat dense).
        const windowsInData = Math.max(1, ((background.createdSorted.at(-1) ?? 0) - (background.createdSorted[0] ?? 0)) / settings.burstWindowMs);
        const waves = signupWaves(
          created,
          settings.burstWindowMs,
          settings.burstWaves,
          (count, start) => count >= 3 && surpriseOf(binomialUpperTail(created.length, windowShare(count, start), count)) >= settings.minSurprise + Math.log10(windowsInData),
        );
        const inWaves = (createdAt: number | null) => createdAt !== null && waves.some((wave) => createdAt >= wave.start && createdAt <= wave.start + settings.burstWindowMs);
        const perMember = Float64Array.from(facts, (account) => (inWaves(account.createdAt) ? 1 : 0));
        const inWaveCount = waves.reduce((sum, wave) => sum + wave.count, 0);
        const populationShare = Math.min(
          1,
          waves.reduce((sum, wave) => sum + windowShare(wave.count, wave.start), 0),
        );
        measured.creation_burst = shareResult(inWaveCount, created.length, populationShare, perMember, excessOptions);
        // Being created in a wave ties an account only when the waves are the group's own burst.
        if (measured.creation_burst.strength > 0 && measured.creation_burst.value >= settings.burstTieShare)
          burstWaves = waves.map((wave) => ({
            start: wave.start,
            end: wave.start + settings.burstWindowMs,
            // Like an address or a card, a wave is the operator's when members are at least as many
            // as the accounts of other communities created in it: a class signing up the same night
            // shares it, it is not theirs. Accounts no community holds do not count against it:
            // they are what recruiting looks for (an operation's faintly linked accounts).
            owned: wave.count * 2 >= countBetween(candidateCreatedSorted, wave.start, wave.start + settings.burstWindowMs),
          }));
        if (burstWaves.length > 0) perMember.forEach((value, position) => (value > 0 ? (ties[position] as string[]).push('burst') : 0));
        const freshFlags = Float64Array.from(facts, (account) => (isFresh(account.createdAt, account.firstEventAt, settings.freshWindowMs) ? 1 : 0));
        const fresh = freshFlags.reduce((sum, value) => sum + value, 0);
        const eligible = facts.filter((account) => account.createdAt !== null && account.firstEventAt !== null).length;
        measured.fresh_accounts = shareResult(fresh, eligible, shareOutside(background.freshAccounts, background.freshEligible, fresh, eligible), freshFlags, excessOptions);
      }
      measured.lockstep_activity = pairShift(members, pairs.dayOverlap, background.dayOverlap, settings, groupRandom);
      measured.output_token_share = meanShift(members, background.outputShare, settings);
      measured.behaviour_uniformity = pairShift(members, pairs.hourSimilarity, background.hourSimilarity, settings, groupRandom);

      // Family sums, each capped; unavailable signals add nothing (no renormalising).
      const signals: SignalExplanation[] = SIGNAL_NAMES.map((name) => {
        const declaration = SIGNALS[name];
        const result = measured[name];
        const strength = available[name] ? result.strength : 0;
        return {
          name,
          family: declaration.family,
          value: round(result.value),
          background: round(result.background),
          surprise: round(result.surprise),
          strength: round(strength),
          weight: round(declaration.weight * settings.familyWeights[declaration.family]),
          contribution: round(strength * round(declaration.weight * settings.familyWeights[declaration.family])),
          description: declaration.description,
          available: available[name],
        };
      });
      const families: FamilyExplanation[] = (Object.keys(SIGNAL_FAMILIES) as SignalFamily[]).map((family) => {
        const sum = signals.filter((signal) => signal.family === family).reduce((total, signal) => total + signal.contribution, 0);
        const cap = round(SIGNAL_FAMILIES[family].cap * settings.familyWeights[family]);
        return { family, cap, contribution: round(Math.min(cap, sum)) };
      });
      let score = families.reduce((sum, family) => sum + family.contribution, 0);

      // A declared organisation, or an invoice (a billing contract with a known business), is a
      // legitimate reason for accounts to share everything: a team, an enterprise pipeline fleet.
      const business = new Set<number>();
      members.forEach((member, position) => (isBusiness(member) ? business.add(position) : 0));
      const businessShare = business.size / size;
      if (businessShare > 0) {
        const damping = settings.organisationDamping * businessShare;
        signals.push({
          name: 'organisation',
          family: 'damping',
          value: round(businessShare),
          background: 0,
          surprise: 0,
          strength: round(businessShare),
          weight: -settings.organisationDamping,
          contribution: round(-score * damping),
          description: 'share of members in a declared organisation or paying by invoice (legitimate teams and enterprise pipelines): damps the score',
          available: true,
        });
        score *= 1 - damping;
      }
      score = round(clamp(score));

      // A member's share of its prompt events that are of a kind (0 without prompts).
      const promptShare = (events: Float64Array, position: number) => ((promptEventsPerMember[position] ?? 0) > 0 ? (events[position] ?? 0) / (promptEventsPerMember[position] as number) : 0);
      const templateShares = members.map((_, position) => promptShare(exclusivePromptEvents, position));
      // What the operation sends: the fingerprints its template senders (members with a template
      // tie) send, their templates in its own families and in families too scattered or too widely
      // shared to be its own, and the cover traffic they mix in. A member sends mostly that; a
      // pipeline fleet on the campaign's cloud addresses sends its own prompts and little of it.
      const templateSender = templateShares.map((share) => share >= settings.templateTieShare);
      const sendersOn = new Map<number, number>();
      for (let slot = 0; slot < tallies.size; slot += 1) {
        if (data.entities.kinds[tallies.entity(slot)] !== KIND_CODES.prompt) continue;
        let senders = 0;
        for (const position of tallies.positionsOf(slot)) if (templateSender[position]) senders += 1;
        if (senders > 0) sendersOn.set(tallies.entity(slot), senders);
      }
      // Per member: its prompt events on fingerprints another template sender sends.
      const operationEvents = new Float64Array(size);
      for (const [entityIndex, senders] of sendersOn) {
        for (const position of tallies.positionsOf(tallies.slotOf(entityIndex))) {
          if (senders - (templateSender[position] ? 1 : 0) < 1) continue;
          operationEvents[position] = (operationEvents[position] ?? 0) + usageAt(data.entities, entityIndex, positionOfEntity(data.entities, entityIndex, members[position] as number));
        }
      }
      // Half the members' median share: a member may mix in other traffic (cover prompts, a second
      // operation's templates) up to half of what a typical member spends on this operation's.
      const referenceShare = median(members.flatMap((_, position) => ((promptEventsPerMember[position] ?? 0) > 0 ? [promptShare(operationEvents, position)] : []))) / 2;
      // Too few of an account's prompts are the operation's when an account sending the reference
      // share would send that few with at most offTemplateChance: P(X <= k) for X ~ Binomial(prompts, share).
      const offTemplate = (eventsLikeOperation: number, prompts: number) =>
        prompts > 0 && referenceShare > 0 && binomialUpperTail(prompts, 1 - referenceShare, prompts - eventsLikeOperation) <= settings.offTemplateChance;
      // Member evidence: the share of the campaign's evidence each account carries itself.
      const contributionOf = (name: SignalName) => Math.max(0, signals.find((signal) => signal.name === name)?.contribution ?? 0);
      const totalContribution = signals.reduce((sum, signal) => sum + Math.max(0, signal.contribution), 0);
      members.forEach((member, position) => {
        if ((templateShares[position] as number) >= settings.templateTieShare)
          (ties[position] as string[]).push(
            ...topExclusivePrompts(tallies, data, background.incidence, member, (entityIndex, inside) => ownedBy(entityIndex, inside, size, exclusiveMinMembers, claimed)),
          );
      });
      const detached = detachedHouseholds(householdEntities, ties, fanOutPerMember);
      const groupHasTemplates = contributionOf('template_exclusivity') > 0;
      const memberEvidence: MemberEvidence[] = members.map((member, position) => {
        let carried = 0;
        for (const name of SIGNAL_NAMES) carried += (measured[name].perMember[position] ?? 0) * contributionOf(name);
        const templateShare = templateShares[position] as number;
        const memberTies = ties[position] as string[];
        // A household's own card and home address tie it to nobody in the operation (see detachedHouseholds).
        const roleTies = detached[position] === 1 ? memberTies.filter((tie) => !tie.startsWith('payment:') && !tie.startsWith('ip:')) : memberTies;
        // Without any evidence (a threshold of 0 reports every community) the ties alone decide.
        const carriedShare = totalContribution > 0 ? carried / totalContribution : 1;
        const sharedInstrument = detached[position] !== 1 && (fanOutPerMember[position] ?? 0) > 0;
        return {
          account: member,
          // The legitimate reason to share that damps the group applies to each of its accounts:
          // a pipeline fleet Louvain joined to a campaign on the same cloud addresses is not it.
          role:
            business.has(position) || offTemplate(operationEvents[position] ?? 0, promptEventsPerMember[position] ?? 0)
              ? 'associated'
              : // Repeat senders were chosen for their templates, and a sign-up wave is what a class
                // shares with a reasoning campaign too: like an account taken from another group,
                // one of them takes an instrument or three kinds of tie.
                setOfRepeatSenders.has(candidate.community) && !takenOnItsOwnTies(roleTies, sharedInstrument)
                ? 'associated'
                : roleOf(roleTies, sharedInstrument, templateShare, exclusivePromptEvents[position] ?? 0, carriedShare, groupHasTemplates, settings),
          score: round(score * carriedShare),
          ties: memberTies,
        };
      });
      // Accounts the graph trimmed as loosely attached join as members when they carry the
      // operator's own resources themselves (a campaign account with few links); the rest stay out.
      // An instrument or address ties an account to the campaign when it is the operator's: at
      // least half of the accounts on it are members. A family card that one member brings into
      // the community ties nothing (the rest of the family is no more a campaign than before). A
      // card paying for more accounts than nearly any card of the data is no family's: a quarter
      // will do (operatorCardShare).
      const memberPositions = new Uint8Array(size);
      memberEvidence.forEach((entry, position) => (memberPositions[position] = entry.role === 'member' ? 1 : 0));
      // Accounts recruited so far (rounds before the current one), and how many use each entity.
      const recruitsOn = new Map<number, number>();
      const isOperatorCard = (entityIndex: number) => {
        return (
          settings.operatorCardShare > 0 &&
          data.entities.kinds[entityIndex] === KIND_CODES.payment &&
          !isInvoice(data.entities, entityIndex) &&
          unusualFanOut(accountsOn(data.entities, entityIndex)) >= 1
        );
      };
      let recruitedSoFar = 0;
      const heldByMemberCache = new Map<number, boolean>();
      const heldByMember = (entityIndex: number) => {
        let held = heldByMemberCache.get(entityIndex);
        if (held === undefined) {
          const slot = tallies.slotOf(entityIndex);
          let onIt = recruitsOn.get(entityIndex) ?? 0;
          if (slot !== -1) for (const position of tallies.positionsOf(slot)) if (memberPositions[position] === 1) onIt += 1;
          const accounts = accountsOn(data.entities, entityIndex);
          held = onIt > 0 && (onIt * 2 >= accounts || (isOperatorCard(entityIndex) && onIt >= Math.max(2, settings.operatorCardShare * accounts)));
          heldByMemberCache.set(entityIndex, held);
        }
        return held;
      };
      // Accounts outside the core on the group's own entities: prompts it owns, instruments and rare
      // addresses its members use.
      /** Members and recruits so far on an entity. */
      const onEntity = (entityIndex: number) => tallies.countOf(entityIndex) + (recruitsOn.get(entityIndex) ?? 0);
      const reachable = (eligible: (account: number) => boolean, entities: Iterable<number> = tallies.entities()): Set<number> => {
        const found = new Set<number>();
        for (const entityIndex of entities) {
          const kind = kindOf(data.entities, entityIndex);
          const reaches =
            kind === 'prompt'
              ? ownedBy(entityIndex, onEntity(entityIndex), size + recruitedSoFar, exclusiveMinMembers, claimed)
              : kind !== 'network' && accountsOn(data.entities, entityIndex) <= settings.cliqueDegreeLimit && heldByMember(entityIndex);
          if (!reaches) continue;
          for (const account of membersOf(data.entities, entityIndex)) if (eligible(account)) found.add(account);
        }
        return found;
      };
      const ownPairShift = (account: number, group: readonly number[], pairValue: (left: number, right: number) => number, measure: { mean: number; sd: number }) => {
        if (measure.sd <= 0 || group.length === 0) return 0;
        return clamp(sampledPairShift(OUTSIDER_PAIR_SAMPLES, () => pairValue(account, group[Math.floor(groupRandom() * group.length)] as number), measure) / settings.fullEffect);
      };
      // An account turned down before its pair measures still draws their samples: the accounts
      // weighed after it then compare with the same members whichever bars turned which down.
      const skipPairShift = (group: readonly number[], measure: { mean: number; sd: number }) => {
        if (measure.sd <= 0 || group.length === 0) return;
        for (let sample = 0; sample < OUTSIDER_PAIR_SAMPLES; sample += 1) groupRandom();
      };
      // Whether the group (with the account weighed counted in) holds a fingerprint depends on the
      // account only through whether it is among the claimed senders: asked once per fingerprint each way.
      const ownedWithAccount = [new Map<number, boolean>(), new Map<number, boolean>()] as const;
      /** Members recruited from `pool`, each held to its bar (`RecruitBar`) beyond a member's rule. */
      const recruit = (pool: Iterable<number>, barOf: (account: number) => RecruitBar): MemberEvidence[] => {
        const recruits: MemberEvidence[] = [];
        for (const account of pool) {
          const accountTies: string[] = [];
          let sharedInstrument = false;
          let onOperatorCard = false;
          let addressTies = 0;
          let promptTotal = 0;
          let exclusive = 0;
          let ownedFingerprints = 0;
          let likeOperation = 0;
          // Whatever it shares, a business account is not recruited (as a member is not a member).
          if (isBusiness(account)) continue;
          const claimedForAccount = claimedBesides(account);
          const ownedCache = ownedWithAccount[claimsAccount(account) ? 1 : 0];
          // The account counted among the group's senders of a fingerprint (`inside` + 1).
          const ownedCountingAccount = (entityIndex: number, insideWithAccount: number) => {
            let owned = ownedCache.get(entityIndex);
            if (owned === undefined) {
              owned = ownedBy(entityIndex, insideWithAccount, size + recruitedSoFar + 1, exclusiveMinMembers, claimedForAccount);
              ownedCache.set(entityIndex, owned);
            }
            return owned;
          };
          for (let at = background.incidence.start[account] as number; at < (background.incidence.start[account + 1] as number); at += 1) {
            const entityIndex = background.incidence.entity[at] as number;
            const kind = kindOf(data.entities, entityIndex);
            const inside = onEntity(entityIndex);
            if (kind === 'prompt') {
              const used = usageAt(data.entities, entityIndex, background.incidence.position[at] as number);
              promptTotal += used;
              if (ownedCountingAccount(entityIndex, inside + 1)) {
                exclusive += used;
                ownedFingerprints += 1;
              }
              if (sendersOn.has(entityIndex)) likeOperation += used;
            } else if (inside > 0 && kind === 'payment' && heldByMember(entityIndex)) {
              sharedInstrument = true;
              if (isOperatorCard(entityIndex)) onOperatorCard = true;
              accountTies.push(`payment:${data.entities.keys[entityIndex] as string}`);
            } else if (inside > 0 && kind === 'ip' && accountsOn(data.entities, entityIndex) <= settings.cliqueDegreeLimit && heldByMember(entityIndex)) {
              addressTies += 1;
              if (addressTies <= 2) accountTies.push(`ip:${data.entities.keys[entityIndex] as string}`);
            }
          }
          const issuer = (background.accountIssuers[account] ?? []).find((candidateIssuer) => overRepresented.has(candidateIssuer));
          if (issuer !== undefined) accountTies.push(`issuer:${issuer}`);
          const templateShare = promptTotal > 0 ? exclusive / promptTotal : 0;
          if (templateShare >= settings.templateTieShare) accountTies.push(...topExclusivePrompts(tallies, data, background.incidence, account, ownedCountingAccount, 1));
          const createdAt = data.accounts[account]?.createdAt ?? null;
          if (createdAt !== null && burstWaves.some((wave) => wave.owned && createdAt >= wave.start && createdAt <= wave.end)) accountTies.push('burst');
          // Outside every community, templates alone are too little: a class doing the same homework
          // sends prompts that fall into a reasoning campaign's fingerprints. A second kind of tie
          // (a member's address, the group's issuer or sign-up burst) must come with them, unless
          // they are broad (many of the operation's renders, not a few assignments). A low-volume
          // account may send too few prompts for that (one or two in its life): its template then
          // takes both of the operation's other own kinds, one of its addresses and its sign-up wave
          // (an issuer is no resource of the operator's own).
          const bar = barOf(account);
          const broadTemplates = settings.outsiderTemplateBreadth > 0 && ownedFingerprints >= settings.outsiderTemplateBreadth && templateShare >= settings.strongTemplateShare;
          const kinds = tieKinds(accountTies);
          const templateWithAddressAndWave = kinds.has('prompt') && kinds.has('ip') && kinds.has('burst');
          const turnedDown =
            (bar === 'unlinked' && !sharedInstrument && !broadTemplates && !templateWithAddressAndWave && (exclusive < settings.outsiderTemplateEvents || kinds.size < 2)) ||
            // Another group linked this account for what they share: templates and a sign-up night
            // are what a class in that group shares with a reasoning campaign too. Taking it takes
            // one of the operator's instruments, or three independent kinds of tie.
            (bar === 'other-group' && !takenOnItsOwnTies(accountTies, sharedInstrument)) ||
            offTemplate(likeOperation, promptTotal);
          if (turnedDown) {
            skipPairShift(members, background.dayOverlap);
            skipPairShift(members, background.hourSimilarity);
            continue;
          }
          const accountFacts = data.accounts[account];
          const carried =
            (sharedInstrument ? contributionOf('instrument_fan_out') : 0) +
            (issuer !== undefined ? contributionOf('issuer_concentration') : 0) +
            (addressTies >= 2 ? contributionOf('shared_rare_addresses') : 0) +
            clamp(templateShare / settings.fullMemberExclusivity) * contributionOf('template_exclusivity') +
            (accountTies.includes('burst') ? contributionOf('creation_burst') : 0) +
            (accountFacts && isFresh(accountFacts.createdAt, accountFacts.firstEventAt, settings.freshWindowMs) ? contributionOf('fresh_accounts') : 0) +
            // Acting in step with the members counts as it does for a member; traits a benign
            // population shares (many addresses, reasoning-style prompts, long answers) do not.
            ownPairShift(account, members, pairs.dayOverlap, background.dayOverlap) * contributionOf('lockstep_activity') +
            ownPairShift(account, members, pairs.hourSimilarity, background.hourSimilarity) * contributionOf('behaviour_uniformity');
          const carriedShare = totalContribution > 0 ? carried / totalContribution : 1;
          if (!onOperatorCard && roleOf(accountTies, sharedInstrument, templateShare, exclusive, carriedShare, groupHasTemplates, settings) !== 'member') continue;
          recruits.push({ account, role: 'member', score: round(score * carriedShare), ties: accountTies });
        }
        return recruits;
      };
      // A template set's senders outside every community are its members already, not recruits.
      const ownMembers = candidate.origin === 'template-set' ? new Set(members) : null;
      const isOutsider = (account: number) => inCandidate[account] === 0 && !ownMembers?.has(account);
      const barOfOutside = (account: number): RecruitBar => (isOutsider(account) ? 'unlinked' : 'core-edge');
      const recruits = recruit([...candidate.peripheral, ...reachable(isOutsider)], barOfOutside);
      const peripheral = new Set(candidate.peripheral);
      for (let round = 1, latest = recruits; round < settings.recruitRounds && latest.length > 0; round += 1) {
        // What the latest recruits use now counts for the group: weigh again the accounts on it.
        const touched = new Set<number>();
        for (const { account } of latest) {
          recruitedSoFar += 1;
          // A recruit outside the graph that already claims the group's fingerprints is counted off
          // their senders by the claims; counting it among the holders too would count it twice.
          const claimedAlready = claimsAccount(account);
          for (let at = background.incidence.start[account] as number; at < (background.incidence.start[account + 1] as number); at += 1) {
            const entityIndex = background.incidence.entity[at] as number;
            touched.add(entityIndex);
            if (claimedAlready && data.entities.kinds[entityIndex] === KIND_CODES.prompt) continue;
            recruitsOn.set(entityIndex, (recruitsOn.get(entityIndex) ?? 0) + 1);
          }
        }
        heldByMemberCache.clear();
        for (const cache of ownedWithAccount) cache.clear();
        const taken = new Set(recruits.map((entry) => entry.account));
        latest = recruit(
          reachable((account) => !taken.has(account) && (isOutsider(account) || peripheral.has(account)), touched),
          barOfOutside,
        );
        recruits.push(...latest);
      }
      const promotedOutsiders = recruits.filter((entry) => isOutsider(entry.account)).length;
      const promoted = recruits.length - promotedOutsiders;
      memberEvidence.push(...recruits);
      // The caches hold answers for the state recruiting ended in, and recomputing gives the same
      // ones: a reported group's recruiter (kept until every group is scored) need not carry them.
      heldByMemberCache.clear();
      for (const cache of ownedWithAccount) cache.clear();
      recruiters.push(
        score >= settings.threshold
          ? (free: Uint8Array) =>
              recruit(
                reachable((account) => free[account] === 1),
                () => 'other-group',
              )
          : null,
      );
      memberEvidence.sort((left, right) => right.score - left.score || left.account - right.account);
      const memberCount = memberEvidence.filter((evidence) => evidence.role === 'member').length;

      const evidence = (['payment', 'ip', 'network', 'prompt'] as const).flatMap((kind) =>
        Array.from({ length: tallies.size }, (_, slot) => slot)
          .filter((slot) => tallies.count(slot) >= 2 && kindOf(data.entities, tallies.entity(slot)) === kind)
          .map((slot) => ({
            kind,
            key: data.entities.keys[tallies.entity(slot)] as string,
            members: tallies.count(slot),
            accounts: accountsOn(data.entities, tallies.entity(slot)),
            detail: data.entities.details[tallies.entity(slot)] ?? null,
          }))
          // Most specific first: the most members, then the fewest accounts outside.
          .sort((left, right) => right.members / right.accounts - left.members / left.accounts || right.members - left.members || (left.key < right.key ? -1 : 1))
          .slice(0, settings.evidencePerKind),
      );
      const first = facts.map((account) => account.firstEventAt).filter((value): value is number => value !== null);
      const last = facts.map((account) => account.lastEventAt).filter((value): value is number => value !== null);
      return {
        community: candidate.community,
        members: memberEvidence.map((entry) => entry.account),
        memberEvidence,
        memberCount,
        associatedCount: memberEvidence.length - memberCount,
        peripheralAccounts: candidate.peripheral.length - promoted,
        unlinkedMembers: promotedOutsiders,
        membersFromOtherGroups: 0,
        score,
        // A piece was carved out for being alike, and each is one more chance: it clears a higher bar.
        isCampaign: score >= settings.threshold + (candidate.origin === 'community' ? 0 : settings.pieceMargin) && memberCount >= settings.minAccounts,
        signals,
        families,
        evidence,
        topIssuer: available.issuer_concentration ? topIssuer : null,
        firstActivityAt: first.length ? Math.min(...first) : null,
        lastActivityAt: last.length ? Math.max(...last) : null,
        parentCommunity: candidate.parent,
        origin: candidate.origin,
      };
    });
  };

  const firstPass = scorePass(candidates);
  const stapleGroups: Candidate[] = [...candidates];
  let nextId = communityMembers.length;
  const subdivided = settings.subdivisionDepth < 1 ? firstPass : scorePieces(firstPass);
  const withSets = oneGroupPerSet(
    reportSiblings(data, background, [...subdivided, ...scoreTemplateSets(subdivided)], streamSeed, settings, 'template-set', setOfRepeatSenders),
    setOfRepeatSenders,
    settings,
  );
  return keepOutsidersOnce(recruitFromUnreportedGroups(withSets, recruiters, inCandidate), inCandidate, settings.minAccounts);

  /**
   * 4. Louvain optimises one partition for the whole graph: a campaign can sit inside a larger
   * community (beside benign users of the same proxies) or in the trimmed edge of another
   * campaign's community. What a group leaves unreported is divided again on its own links, and
   * the pieces are scored like communities against the same background, down to subdivisionDepth.
   */
  function scorePieces(firstResults: ScoredCommunity[]): ScoredCommunity[] {
    const subdivide = settings.subdivide ?? ((accountIds: string[]) => detectSubcommunities(graph, accountIds));
    const results = [...firstResults];
    const resultOf = new Map(firstResults.map((result) => [result.community, result]));
    let groups = communityMembers.map((keys, community) => ({ keys, result: resultOf.get(community) }));
    for (let depth = 1; depth <= settings.subdivisionDepth && groups.length > 0; depth += 1) {
      const pieces: Array<{ keys: string[]; candidate: Candidate }> = [];
      for (const { keys, result } of groups) {
        if (keys.length < 2 * settings.minAccounts) continue;
        const reported = new Set(result?.isCampaign ? memberAccounts(result) : []);
        const remainder = keys.filter((key) => !reported.has(accountIndexOf(key)));
        if (remainder.length < 2 * settings.minAccounts) continue;
        for (const piece of subdivide(remainder)) {
          // A piece that is the whole unreported group would only repeat its score.
          if (piece.length < settings.minAccounts || piece.length === keys.length) continue;
          const candidate = coreCandidate(nextId, result?.community ?? null, piece);
          if (!candidate) continue;
          nextId += 1;
          pieces.push({ keys: piece, candidate });
        }
      }
      if (pieces.length === 0) break;
      stapleGroups.push(...pieces.map((piece) => piece.candidate));
      const scored = scorePass(
        pieces.map((piece) => piece.candidate),
        stapleGroups,
      );
      results.push(...scored);
      groups = pieces.map((piece, index) => ({ keys: piece.keys, result: scored[index] }));
    }
    return reportSiblings(data, background, results, streamSeed, settings, 'piece');
  }

  /**
   * 5. Louvain may scatter a low-volume operation over many groups, beside other operations on the
   * same proxy pool: no group then holds its templates, and what each piece shows is too little.
   * The senders of a template set (fingerprints the same accounts send together, template-sets.ts)
   * that no reported campaign has taken are scored as one more group, held to a piece's bar
   * (or excused it as a sibling: reportSiblings); so are its repeat senders (`repeatSenders`).
   */
  function scoreTemplateSets(results: readonly ScoredCommunity[]): ScoredCommunity[] {
    if (settings.templateSetLift <= 0) return [];
    const taken = new Uint8Array(data.accounts.length);
    for (const result of results) if (result.isCampaign) for (const entry of result.memberEvidence) if (entry.role === 'member') taken[entry.account] = 1;
    const { sets } = findTemplateSets(data, { minSenders: settings.minAccounts, minLift: settings.templateSetLift });
    let allPromptEvents = 0;
    for (const events of background.accountPromptEvents) allPromptEvents += events;
    const setCandidates = sets.flatMap((set): Candidate[] => {
      const free = set.senders.filter((account) => taken[account] === 0);
      // A set mostly taken is a reported campaign's: recruiting brings in the rest.
      if (free.length < settings.minAccounts || free.length < settings.exclusiveShare * set.senders.length) return [];
      const whole: Candidate = { community: nextId++, origin: 'template-set', parent: null, members: free, peripheral: [] };
      if (!settings.repeatSenders) return [whole];
      const repeats = repeatSendersOf(data, set.fingerprints, free, background.accountPromptEvents, allPromptEvents, settings.minSurprise);
      if (repeats.length < settings.minAccounts || repeats.length === free.length) return [whole];
      const repeating = new Set(repeats);
      const repeatGroup: Candidate = { community: nextId++, origin: 'template-set', parent: null, members: repeats, peripheral: free.filter((account) => !repeating.has(account)) };
      setOfRepeatSenders.set(repeatGroup.community, whole.community);
      return [whole, repeatGroup];
    });
    if (setCandidates.length === 0) return [];
    stapleGroups.push(...setCandidates);
    return oneGroupPerSet(scorePass(setCandidates, stapleGroups), setOfRepeatSenders, settings);
  }
}

/** Per prompt fingerprint, the accounts of the candidate groups it is a staple of (sent by stapleShare of the group), each counted once. */
function stapleAccounts(data: LinkageData, background: Background, candidates: ReadonlyArray<{ members: readonly number[] }>, settings: ScoringOptions): Map<number, number> {
  const holders = new Map<number, Set<number>>();
  // Senders per prompt inside the candidate at hand, in one array reused for every candidate (a
  // map of member lists per candidate was the largest allocation of scoring); -1 marks a staple.
  const senders = new Int32Array(data.entities.count);
  const touched: number[] = [];
  const forEachPrompt = (members: readonly number[], visit: (entityIndex: number, member: number) => void) => {
    for (const member of members) {
      for (let at = background.incidence.start[member] as number; at < (background.incidence.start[member + 1] as number); at += 1) {
        const entityIndex = background.incidence.entity[at] as number;
        if (data.entities.kinds[entityIndex] === KIND_CODES.prompt) visit(entityIndex, member);
      }
    }
  };
  for (const { members } of candidates) {
    forEachPrompt(members, (entityIndex) => {
      if (senders[entityIndex] === 0) touched.push(entityIndex);
      senders[entityIndex] = (senders[entityIndex] as number) + 1;
    });
    const minMembers = Math.max(2, Math.ceil(settings.exclusiveMinShare * members.length));
    let staples = 0;
    for (const entityIndex of touched) {
      const count = senders[entityIndex] as number;
      if (count < minMembers || count / members.length < settings.stapleShare) continue;
      senders[entityIndex] = -1;
      if (!holders.has(entityIndex)) holders.set(entityIndex, new Set());
      staples += 1;
    }
    if (staples > 0) forEachPrompt(members, (entityIndex, member) => senders[entityIndex] === -1 && holders.get(entityIndex)?.add(member));
    for (const entityIndex of touched) senders[entityIndex] = 0;
    touched.length = 0;
  }
  return new Map([...holders].map(([entityIndex, set]) => [entityIndex, set.size]));
}

/** An invoice: a billing contract with a known business, a legitimate reason for accounts to share. */
function isInvoice(table: EntityTable, entity: number): boolean {
  return table.kinds[entity] === KIND_CODES.payment && table.details[entity]?.startsWith('invoice|') === true;
}

/** Senders outside the graph sampled on a fingerprint when weighing claims on it. */
const CLAIM_SAMPLE = 1024;
/** …on fingerprints the group holds at least this share of the linked senders of. */
const CLAIM_MAJORITY = 0.5;

/** Position of an account in an entity's (sorted) member list. */
function positionOfEntity(table: EntityTable, entity: number, account: number): number {
  const first = table.start[entity] as number;
  let low = 0;
  let high = accountsOn(table, entity) - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const at = table.members[first + middle] as number;
    if (at === account) return middle;
    if (at < account) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** Accounts on an instrument that pays for at least one other account (an account on two counts twice). */
function accountsOnSharedInstruments(background: Background): number {
  let accountsOnShared = 0;
  for (const fanOut of background.instrumentFanOut) if (fanOut >= 2) accountsOnShared += fanOut;
  return accountsOnShared;
}

/** The member's most used fingerprints among the group's own; `outside` is 1 for an account not counted in the tallies. */
function topExclusivePrompts(tallies: GroupTallies, data: LinkageData, incidence: AccountIncidence, account: number, owned: (entityIndex: number, inside: number) => boolean, outside = 0): string[] {
  const keys: Array<{ key: string; used: number }> = [];
  // The account's own fingerprints, not the group's: a large group's tallies run to thousands.
  for (let at = incidence.start[account] as number; at < (incidence.start[account + 1] as number); at += 1) {
    const entityIndex = incidence.entity[at] as number;
    const inside = data.entities.kinds[entityIndex] === KIND_CODES.prompt ? tallies.countOf(entityIndex) : 0;
    if (inside === 0 || !owned(entityIndex, inside + outside)) continue;
    keys.push({ key: data.entities.keys[entityIndex] as string, used: usageAt(data.entities, entityIndex, incidence.position[at] as number) });
  }
  return keys
    .sort((left, right) => right.used - left.used || (left.key < right.key ? -1 : 1))
    .slice(0, 2)
    .map((entry) => `prompt:${entry.key}`);
}
