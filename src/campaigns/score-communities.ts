// Scores every account community as a suspected campaign, from explainable signals. Each signal
// is a strength in [0, 1] with a weight; the score is the weighted sum (weights add up to 1), so
// no single signal can reach the campaign threshold alone: a carrier NAT, a university cohort,
// a family card or an enterprise pipeline is strong in one signal and stays below it.
// An organisation signal (members of one declared team or enterprise org) damps the score.
// Signals the data cannot support (no payments in the graph at all, no shared addresses) are
// marked unavailable and the other weights renormalised, so a missing source is not read as
// innocence.
import type { UndirectedGraph } from 'graphology';
import type { LinkAttributes } from '../linkage/project-linkage-graph.js';
import type { EntityKind, LinkageData } from '../linkage/linkage-data.js';
import type { RandomSource } from '../shared/random.js';
import { withDefaults } from '../shared/options.js';
import { median } from '../shared/statistics.js';

export const SIGNALS = {
  shared_payment: { weight: 0.17, description: 'share of members paying with an instrument shared inside the community, or with a card from an issuer (BIN) that is mostly used inside this community' },
  shared_rare_addresses: { weight: 0.15, description: 'share of members sharing at least two rarely used addresses with other members' },
  address_rotation: { weight: 0.12, description: 'distinct addresses the median member used (strength log2(n)/5: 1 address is 0, 32 or more is 1)' },
  extraction_prompts: { weight: 0.15, description: 'share of events whose prompts look like extraction (agent transcripts, reasoning traces, hidden chain of thought, rewrites)' },
  fingerprint_concentration: { weight: 0.1, description: 'share of prompt events on the community’s five most used prompt fingerprints' },
  lockstep_activity: { weight: 0.08, description: 'how much more members’ active days overlap than random accounts’ do' },
  creation_burst: { weight: 0.07, description: 'largest share of members created within one 48-hour window' },
  output_token_share: { weight: 0.08, description: 'share of output tokens above the usual half' },
  fresh_accounts: { weight: 0.08, description: 'share of members whose first request came within two days of sign-up' },
} as const;

export type SignalName = keyof typeof SIGNALS;

export interface ScoringOptions {
  minAccounts: number;
  threshold: number;
  /**
   * A member stays in a community only with at least peripheralShare of the internal link weight
   * of the member at peripheralQuantile (a high quantile: benign accounts hanging on a campaign
   * through shared proxies can be half of its community, and must not set the bar).
   */
  peripheralShare: number;
  peripheralQuantile: number;
  /** Communities smaller than this use the median (quantile 0.5) and a share of 0.25 instead. */
  largeCommunity: number;
  cliqueDegreeLimit: number;
  evidencePerKind: number;
  organisationDamping: number;
}

export const DEFAULTS: ScoringOptions = {
  minAccounts: 5,
  threshold: 0.5,
  peripheralShare: 0.2,
  peripheralQuantile: 0.8,
  largeCommunity: 100,
  cliqueDegreeLimit: 40,
  evidencePerKind: 5,
  organisationDamping: 0.8,
};

export interface SignalExplanation {
  name: SignalName | 'organisation';
  value: number;
  strength: number;
  /** The signal's weight after renormalising over the signals the data can support. */
  weight: number;
  contribution: number;
  description: string;
  /** False when the graph holds no data for this signal at all (e.g. a batch without payments). */
  available: boolean;
}

/** Which signals the data can support: a batch without payments cannot speak about payments. */
export function availableSignals(data: LinkageData): Record<SignalName, boolean> {
  const sharedAddresses = data.entities.some((entity) => entity.kind === 'ip' && entity.members.length >= 2);
  const payments = data.entities.some((entity) => entity.kind === 'payment');
  const prompts = data.entities.some((entity) => entity.kind === 'prompt');
  return {
    shared_payment: payments,
    shared_rare_addresses: sharedAddresses,
    address_rotation: sharedAddresses,
    extraction_prompts: prompts,
    fingerprint_concentration: prompts,
    lockstep_activity: true,
    creation_burst: true,
    output_token_share: true,
    fresh_accounts: true,
  };
}

export interface EvidenceItem {
  kind: EntityKind;
  key: string;
  /** Members of the community on this entity. */
  members: number;
  /** All accounts on this entity. */
  accounts: number;
  detail: string | null;
}

export interface ScoredCommunity {
  community: number;
  members: number[];
  peripheralAccounts: number;
  score: number;
  isCampaign: boolean;
  signals: SignalExplanation[];
  evidence: EvidenceItem[];
  firstActivityAt: number | null;
  lastActivityAt: number | null;
}

const DAY_MS = 86_400_000;
const clamp = (value: number) => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);

function jaccard(left: number[], right: number[]): number {
  if (left.length === 0 || right.length === 0) return 0;
  const set = new Set(left);
  let shared = 0;
  for (const value of right) if (set.has(value)) shared += 1;
  return shared / (left.length + right.length - shared);
}

/** Mean Jaccard overlap of active days over sampled pairs (all pairs for small groups). */
export function meanDayOverlap(data: LinkageData, members: number[], rng: RandomSource, samples = 300): number {
  if (members.length < 2) return 0;
  let total = 0;
  let count = 0;
  const allPairs = (members.length * (members.length - 1)) / 2;
  if (allPairs <= samples) {
    for (let i = 0; i < members.length; i += 1)
      for (let j = i + 1; j < members.length; j += 1) {
        total += jaccard(data.accounts[members[i] as number]?.activeDays ?? [], data.accounts[members[j] as number]?.activeDays ?? []);
        count += 1;
      }
  } else {
    for (let sample = 0; sample < samples; sample += 1) {
      const i = Math.floor(rng() * members.length);
      let j = Math.floor(rng() * (members.length - 1));
      if (j >= i) j += 1;
      total += jaccard(data.accounts[members[i] as number]?.activeDays ?? [], data.accounts[members[j] as number]?.activeDays ?? []);
      count += 1;
    }
  }
  return count === 0 ? 0 : total / count;
}

/** Largest share of members created within any window of the given length. */
export function creationBurstShare(createdAt: number[], windowMs = 2 * DAY_MS): number {
  if (createdAt.length === 0) return 0;
  const sorted = [...createdAt].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] as number) - (sorted[start] as number) > windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best / createdAt.length;
}

/** Drops members only loosely attached to their community (a benign account on one shared proxy address). */
export function corePeripheralSplit(graph: UndirectedGraph<Record<string, never>, LinkAttributes>, memberKeys: string[], peripheralShare: number, peripheralQuantile = 0.5): { core: string[]; peripheral: string[] } {
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

interface CommunityTally {
  paymentShared: Set<number>;
  rareAddressHits: Map<number, number>;
  promptEvents: Map<number, number>;
  promptTotal: number;
  evidence: EvidenceItem[];
}

export function scoreCommunities(
  data: LinkageData,
  graph: UndirectedGraph<Record<string, never>, LinkAttributes>,
  communityMembers: string[][],
  accountIndexOf: (accountId: string) => number,
  rng: RandomSource,
  options: Partial<ScoringOptions> = {},
): ScoredCommunity[] {
  const settings = withDefaults(DEFAULTS, options);
  // 1. Core members of every community large enough to matter.
  const candidates: Array<{ community: number; members: number[]; peripheral: number }> = [];
  const candidateOf = new Int32Array(data.accounts.length).fill(-1);
  communityMembers.forEach((keys, community) => {
    if (keys.length < settings.minAccounts) return;
    // Dilution by benign hangers-on is a large-community problem; small ones keep the median bar.
    const large = keys.length >= settings.largeCommunity;
    const { core, peripheral } = corePeripheralSplit(graph, keys, large ? settings.peripheralShare : 0.25, large ? settings.peripheralQuantile : 0.5);
    if (core.length < settings.minAccounts) return;
    const members = core.map(accountIndexOf);
    for (const member of members) candidateOf[member] = candidates.length;
    candidates.push({ community, members, peripheral: peripheral.length });
  });

  // 2. One pass over shared entities: what each candidate shares, and its strongest evidence.
  const binAccounts = new Map<string, number>();
  const accountBins: Array<string | undefined> = new Array(data.accounts.length);
  for (const entity of data.entities) {
    if (entity.kind !== 'payment') continue;
    const bin = entity.detail?.split('|')[1] ?? '';
    if (!bin) continue;
    binAccounts.set(bin, (binAccounts.get(bin) ?? 0) + entity.members.length);
    for (const member of entity.members) accountBins[member] = bin;
  }
  const tallies: CommunityTally[] = candidates.map(() => ({ paymentShared: new Set(), rareAddressHits: new Map(), promptEvents: new Map(), promptTotal: 0, evidence: [] }));
  data.entities.forEach((entity, entityIndex) => {
    const perCandidate = new Map<number, number[]>();
    entity.members.forEach((member, position) => {
      const candidate = candidateOf[member] as number;
      if (candidate < 0) return;
      let positions = perCandidate.get(candidate);
      if (!positions) {
        positions = [];
        perCandidate.set(candidate, positions);
      }
      positions.push(position);
    });
    for (const [candidate, positions] of perCandidate) {
      const tally = tallies[candidate] as CommunityTally;
      if (entity.kind === 'prompt') {
        let events = 0;
        for (const position of positions) events += entity.usage[position] ?? 0;
        tally.promptEvents.set(entityIndex, events);
        tally.promptTotal += events;
      }
      if (positions.length < 2) continue;
      if (entity.kind === 'payment') for (const position of positions) tally.paymentShared.add(entity.members[position] as number);
      if (entity.kind === 'ip' && entity.members.length <= settings.cliqueDegreeLimit) {
        for (const position of positions) {
          const member = entity.members[position] as number;
          tally.rareAddressHits.set(member, (tally.rareAddressHits.get(member) ?? 0) + 1);
        }
      }
      tally.evidence.push({ kind: entity.kind, key: entity.key, members: positions.length, accounts: entity.members.length, detail: entity.detail });
    }
  });

  // 3. Population baselines, and the signals the data can support: weights are renormalised over
  // those, so a batch without IP or payment data is judged on what it has.
  const available = availableSignals(data);
  const availableWeight = (Object.keys(SIGNALS) as SignalName[]).reduce((sum, name) => sum + (available[name] ? SIGNALS[name].weight : 0), 0);
  const allAccounts = data.accounts.map((_account, index) => index).filter((index) => (data.accounts[index]?.eventCount ?? 0) > 0);
  const baselineOverlap = meanDayOverlap(data, allAccounts, rng, 2000);
  const totalAccounts = Math.max(1, data.accounts.length);

  // 4. Signals and score per candidate.
  return candidates.map((candidate, candidateIndex) => {
    const tally = tallies[candidateIndex] as CommunityTally;
    const members = candidate.members;
    const facts = members.map((member) => data.accounts[member] as NonNullable<(typeof data.accounts)[number]>);
    const size = members.length;

    const binCounts = new Map<string, number>();
    for (const member of members) {
      const bin = accountBins[member];
      if (bin) binCounts.set(bin, (binCounts.get(bin) ?? 0) + 1);
    }
    let rareIssuerMembers = 0;
    for (const member of members) {
      const bin = accountBins[member];
      // An unusual issuer: several members use it, and the community uses it far more often than
      // the population does (most of its accounts anywhere are here, or the lift is large).
      const inCommunity = binCounts.get(bin ?? '') ?? 0;
      const everywhere = binAccounts.get(bin ?? '') ?? 0;
      const lift = bin ? inCommunity / size / Math.max(1e-9, everywhere / totalAccounts) : 0;
      // A campaign split over several communities still shows the lift in each piece.
      if ((inCommunity >= 3 && inCommunity / Math.max(1, everywhere) >= 0.5 && lift >= 3) || (inCommunity >= 5 && lift >= 5)) rareIssuerMembers += 1;
    }
    const paymentValue = Math.max(tally.paymentShared.size, rareIssuerMembers) / size;

    const rareAddressValue = [...tally.rareAddressHits.values()].filter((hits) => hits >= 2).length / size;
    const rotation = median(members.map((member) => data.addressCount[member] ?? 0));
    const events = facts.reduce((sum, account) => sum + account.eventCount, 0);
    const extraction = facts.reduce((sum, account) => sum + account.extractionEvents, 0) / Math.max(1, events);
    const topPromptEvents = [...tally.promptEvents.values()].sort((a, b) => b - a).slice(0, 5).reduce((sum, value) => sum + value, 0);
    const concentration = tally.promptTotal > 0 ? topPromptEvents / tally.promptTotal : 0;
    const overlap = meanDayOverlap(data, members, rng);
    const lockstep = baselineOverlap < 1 ? (overlap - baselineOverlap) / (1 - baselineOverlap) : 0;
    const created = facts.map((account) => account.createdAt).filter((value): value is number => value !== null);
    const burst = creationBurstShare(created);
    const inputTokens = facts.reduce((sum, account) => sum + account.inputTokens, 0);
    const outputTokens = facts.reduce((sum, account) => sum + account.outputTokens, 0);
    const outputShare = outputTokens / Math.max(1, inputTokens + outputTokens);
    const fresh = facts.filter((account) => account.createdAt !== null && account.firstEventAt !== null && account.firstEventAt - account.createdAt <= 2 * DAY_MS).length / Math.max(1, created.length);

    const values: Record<SignalName, { value: number; strength: number }> = {
      shared_payment: { value: paymentValue, strength: clamp(paymentValue) },
      shared_rare_addresses: { value: rareAddressValue, strength: clamp(rareAddressValue) },
      address_rotation: { value: rotation, strength: clamp(Math.log2(Math.max(1, rotation)) / 5) },
      extraction_prompts: { value: extraction, strength: clamp(extraction / 0.6) },
      fingerprint_concentration: { value: concentration, strength: clamp(concentration) },
      lockstep_activity: { value: overlap, strength: clamp(lockstep / 0.5) },
      creation_burst: { value: burst, strength: clamp(burst) },
      output_token_share: { value: outputShare, strength: clamp((outputShare - 0.5) / 0.3) },
      fresh_accounts: { value: fresh, strength: clamp(fresh) },
    };
    const signals: SignalExplanation[] = (Object.keys(SIGNALS) as SignalName[]).map((name) => {
      const weight = available[name] ? SIGNALS[name].weight / availableWeight : 0;
      return {
        name,
        value: round(values[name].value),
        strength: round(values[name].strength),
        weight: round(weight),
        contribution: round(values[name].strength * weight),
        description: SIGNALS[name].description,
        available: available[name],
      };
    });
    let score = signals.reduce((sum, signal) => sum + signal.contribution, 0);

    const orgCounts = new Map<string, number>();
    for (const account of facts) if (account.orgId) orgCounts.set(account.orgId, (orgCounts.get(account.orgId) ?? 0) + 1);
    const largestOrg = Math.max(0, ...orgCounts.values()) / size;
    if (largestOrg > 0) {
      const damping = settings.organisationDamping * largestOrg;
      signals.push({ name: 'organisation', value: round(largestOrg), strength: round(largestOrg), weight: -settings.organisationDamping, contribution: round(-score * damping), description: 'share of members in one declared organisation (a legitimate team or enterprise pipeline): damps the score', available: true });
      score *= 1 - damping;
    }
    score = round(clamp(score));

    const evidence = (['payment', 'ip', 'network', 'prompt'] as const).flatMap((kind) =>
      tally.evidence
        .filter((item) => item.kind === kind)
        .sort((left, right) => right.members - left.members || left.accounts - right.accounts || (left.key < right.key ? -1 : 1))
        .slice(0, settings.evidencePerKind),
    );
    const first = facts.map((account) => account.firstEventAt).filter((value): value is number => value !== null);
    const last = facts.map((account) => account.lastEventAt).filter((value): value is number => value !== null);
    return {
      community: candidate.community,
      members,
      peripheralAccounts: candidate.peripheral,
      score,
      isCampaign: score >= settings.threshold && size >= settings.minAccounts,
      signals,
      evidence,
      firstActivityAt: first.length ? Math.min(...first) : null,
      lastActivityAt: last.length ? Math.max(...last) : null,
    };
  });
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
