// Prompt-profile similarity links: every account's promptNeighbors most similar accounts by
// cosine of TF-IDF vectors over prompt fingerprints (the component for a fingerprint is the
// account's share of its prompt events there times the fingerprint's inverse document
// frequency). On a fingerprint with more than promptCandidateWindow accounts, an account is
// compared only with the accounts nearest to it in sign-up order.
//
// This is the refresh's hot loop (billions of multiply-adds at seed scale), so it is built for
// speed while giving exactly the links of the plain definition (a test compares the two):
// - everything the scan touches is a flat typed array, laid out once (PromptScanLayout), and the
//   layout can live in shared memory, so worker threads scan disjoint rank ranges of it;
// - accounts are renumbered by sign-up rank, and every fingerprint lists its members in rank
//   order, which is the sign-up order the candidate window needs;
// - each pair is computed once, from its lower-ranked account, with two accumulators: the lower
//   account's view of the higher and the higher's view of the lower, which differ only where the
//   candidate window is not symmetric (the first promptCandidateWindow places of a fingerprint);
// - sums run over each account's fingerprints in fingerprint order on both sides, the order the
//   plain definition sums in, so every similarity is the same floating-point number.
import { accountsOn, entityAt, KIND_CODES, type Entity, type LinkageData } from './linkage-data.js';

export interface PromptSimilarityOptions {
  promptNeighbors: number;
  minPromptSimilarity: number;
  /** Fingerprints on more accounts than this share of all accounts carry no linkage signal. */
  maxPromptShare: number;
  promptCandidateWindow: number;
}

/** A pair of accounts (indexes into LinkageData.accounts, low < high) and their similarity. */
export type PromptLink = [low: number, high: number, similarity: number];

/** The arrays the scan reads; all plain typed arrays, so they can sit on SharedArrayBuffers. */
export interface PromptScanLayout {
  accountCount: number;
  promptNeighbors: number;
  minPromptSimilarity: number;
  promptCandidateWindow: number;
  /** Account index of each sign-up rank. */
  accountAtRank: Int32Array;
  /** Rank r's memberships are [rankStart[r], rankStart[r + 1]), in fingerprint order. */
  rankStart: Int32Array;
  rankFingerprint: Int32Array;
  /** Where the membership sits in scanMembers. */
  rankScanIndex: Int32Array;
  rankWeight: Float64Array;
  /** Fingerprint f's members are scanMembers[scanStart[f] .. scanStart[f + 1]), ranks ascending. */
  scanStart: Int32Array;
  scanMembers: Int32Array;
  scanWeights: Float64Array;
  /** Euclidean norm of each rank's vector. */
  norm: Float64Array;
}

type ArrayAllocator = <T extends Int32Array | Float64Array>(kind: { new (buffer: ArrayBuffer | SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, length: number) => T;

const localArrays: ArrayAllocator = (kind, length) => new kind(new ArrayBuffer(length * kind.BYTES_PER_ELEMENT));
export const sharedArrays: ArrayAllocator = (kind, length) => new kind(new SharedArrayBuffer(length * kind.BYTES_PER_ELEMENT));

/**
 * Events of one membership, at least 1: a usage row always stands for at least one event, and a
 * zero weight would make the scan's "first touch" test (a zero sum) count a member twice.
 */
function eventsOf(usage: number | undefined): number {
  return Math.max(1, usage ?? 1);
}

export function buildPromptScanLayout(data: LinkageData, settings: PromptSimilarityOptions, allocate: ArrayAllocator = localArrays): PromptScanLayout {
  const accountCount = data.accounts.length;
  const maxDegree = Math.max(2, Math.floor(settings.maxPromptShare * accountCount));
  const table = data.entities;
  const prompts: Entity[] = [];
  for (let entity = 0; entity < table.count; entity += 1) {
    if (table.kinds[entity] !== KIND_CODES.prompt) continue;
    const senders = accountsOn(table, entity);
    if (senders >= 2 && senders <= maxDegree) prompts.push(entityAt(table, entity));
  }
  // Per account: its total prompt events (over all fingerprints, shared or not) for the shares.
  const promptEvents = new Float64Array(accountCount);
  for (let entity = 0; entity < table.count; entity += 1) {
    if (table.kinds[entity] !== KIND_CODES.prompt) continue;
    for (let slot = table.start[entity] as number; slot < (table.start[entity + 1] as number); slot += 1) {
      const member = table.members[slot] as number;
      promptEvents[member] = (promptEvents[member] as number) + eventsOf(table.usage[slot]);
    }
  }

  // Sign-up rank: creation time, then account index.
  const accountAtRank = allocate(Int32Array, accountCount);
  for (let account = 0; account < accountCount; account += 1) accountAtRank[account] = account;
  const createdAt = Float64Array.from(data.accounts, (account) => account.createdAt ?? 0);
  accountAtRank.sort((left, right) => (createdAt[left] as number) - (createdAt[right] as number) || left - right);
  const rankOf = new Int32Array(accountCount);
  accountAtRank.forEach((account, rank) => {
    rankOf[account] = rank;
  });

  // Memberships grouped by rank, each rank's in fingerprint order.
  const rankStart = allocate(Int32Array, accountCount + 1);
  for (const entity of prompts) for (const member of entity.members) rankStart[(rankOf[member] as number) + 1] = (rankStart[(rankOf[member] as number) + 1] as number) + 1;
  for (let rank = 0; rank < accountCount; rank += 1) rankStart[rank + 1] = (rankStart[rank + 1] as number) + (rankStart[rank] as number);
  const totalMemberships = rankStart[accountCount] as number;
  const rankFingerprint = allocate(Int32Array, totalMemberships);
  const rankWeight = allocate(Float64Array, totalMemberships);
  const filled = rankStart.slice(0, accountCount);
  prompts.forEach((entity, fingerprint) => {
    const inverseFrequency = Math.log(accountCount / entity.members.length);
    for (let position = 0; position < entity.members.length; position += 1) {
      const member = entity.members[position] as number;
      const rank = rankOf[member] as number;
      const slot = filled[rank] as number;
      rankFingerprint[slot] = fingerprint;
      rankWeight[slot] = (eventsOf(entity.usage[position]) / Math.max(1, promptEvents[member] as number)) * inverseFrequency;
      filled[rank] = slot + 1;
    }
  });

  // Fingerprints' member lists, filled rank by rank so that they come out sorted by rank.
  const scanStart = allocate(Int32Array, prompts.length + 1);
  prompts.forEach((entity, fingerprint) => {
    scanStart[fingerprint + 1] = (scanStart[fingerprint] as number) + entity.members.length;
  });
  const scanMembers = allocate(Int32Array, totalMemberships);
  const scanWeights = allocate(Float64Array, totalMemberships);
  const rankScanIndex = allocate(Int32Array, totalMemberships);
  const norm = allocate(Float64Array, accountCount);
  const cursor = scanStart.slice(0, prompts.length);
  for (let rank = 0; rank < accountCount; rank += 1) {
    let squaredNorm = 0;
    for (let slot = rankStart[rank] as number; slot < (rankStart[rank + 1] as number); slot += 1) {
      const fingerprint = rankFingerprint[slot] as number;
      const weight = rankWeight[slot] as number;
      const index = cursor[fingerprint] as number;
      cursor[fingerprint] = index + 1;
      scanMembers[index] = rank;
      scanWeights[index] = weight;
      rankScanIndex[slot] = index;
      squaredNorm += weight * weight;
    }
    norm[rank] = Math.sqrt(squaredNorm);
  }
  return {
    accountCount,
    promptNeighbors: settings.promptNeighbors,
    minPromptSimilarity: settings.minPromptSimilarity,
    promptCandidateWindow: settings.promptCandidateWindow,
    accountAtRank,
    rankStart,
    rankFingerprint,
    rankScanIndex,
    rankWeight,
    scanStart,
    scanMembers,
    scanWeights,
    norm,
  };
}

/**
 * Each account's `capacity` most similar accounts, best first; ties go to the lower account
 * index. The kept set does not depend on the order of offers, so tables filled by different
 * threads merge into exactly the table one thread would have filled.
 */
export class NeighborTable {
  readonly members: Int32Array;
  readonly scores: Float64Array;
  readonly sizes: Int32Array;

  constructor(
    readonly accountCount: number,
    readonly capacity: number,
    arrays?: { members: Int32Array; scores: Float64Array; sizes: Int32Array },
  ) {
    this.members = arrays?.members ?? new Int32Array(accountCount * capacity);
    this.scores = arrays?.scores ?? new Float64Array(accountCount * capacity);
    this.sizes = arrays?.sizes ?? new Int32Array(accountCount);
  }

  offer(owner: number, member: number, score: number): void {
    const size = this.sizes[owner] as number;
    const base = owner * this.capacity;
    let place = size;
    while (place > 0) {
      const held = this.scores[base + place - 1] as number;
      if (score > held || (score === held && member < (this.members[base + place - 1] as number))) place -= 1;
      else break;
    }
    if (place >= this.capacity) return;
    for (let moving = Math.min(size, this.capacity - 1); moving > place; moving -= 1) {
      this.members[base + moving] = this.members[base + moving - 1] as number;
      this.scores[base + moving] = this.scores[base + moving - 1] as number;
    }
    this.members[base + place] = member;
    this.scores[base + place] = score;
    if (size < this.capacity) this.sizes[owner] = size + 1;
  }

  mergeFrom(other: NeighborTable): void {
    for (let owner = 0; owner < this.accountCount; owner += 1) {
      const base = owner * other.capacity;
      for (let place = 0; place < (other.sizes[owner] as number); place += 1) this.offer(owner, other.members[base + place] as number, other.scores[base + place] as number);
    }
  }
}

/** Work of each rank (members it scans), for splitting ranks evenly between threads. */
export function scanCostByRank(layout: PromptScanLayout): Float64Array {
  const cost = new Float64Array(layout.accountCount);
  for (let rank = 0; rank < layout.accountCount; rank += 1) {
    let total = 0;
    for (let slot = layout.rankStart[rank] as number; slot < (layout.rankStart[rank + 1] as number); slot += 1) total += windowEnd(layout, slot) - (layout.rankScanIndex[slot] as number);
    cost[rank] = total;
  }
  return cost;
}

/**
 * End (exclusive) of the slot's candidate window in scanMembers. The window of the member at
 * place p of a big fingerprint is [max(start, p - h), that + 2h + 1) clipped to the fingerprint
 * (h = half the window); a small fingerprint is scanned whole.
 */
function windowEnd(layout: PromptScanLayout, slot: number): number {
  const fingerprint = layout.rankFingerprint[slot] as number;
  const start = layout.scanStart[fingerprint] as number;
  const end = layout.scanStart[fingerprint + 1] as number;
  if (end - start <= layout.promptCandidateWindow) return end;
  const halfWindow = Math.floor(layout.promptCandidateWindow / 2);
  return Math.min(end, Math.max(start, (layout.rankScanIndex[slot] as number) - halfWindow) + 2 * halfWindow + 1);
}

const NEARLY_ONE = 1 - 1e-9;

/**
 * Scans the ranks [rankFrom, rankTo) against every higher rank in their windows and offers both
 * views of each pair to `table`. A higher member at place q of a big fingerprint sees the lower
 * one at place p exactly when q - p <= h; the lower one sees it whenever it is in its window.
 */
export function scanPromptSimilarities(layout: PromptScanLayout, rankFrom: number, rankTo: number, table: NeighborTable): void {
  const { accountCount, norm, accountAtRank, minPromptSimilarity, promptCandidateWindow, rankStart, rankFingerprint, rankScanIndex, rankWeight, scanStart, scanMembers, scanWeights } = layout;
  const halfWindow = Math.floor(layout.promptCandidateWindow / 2);
  const lowerView = new Float64Array(accountCount);
  const higherView = new Float64Array(accountCount);
  const touched = new Int32Array(accountCount);
  for (let rank = rankFrom; rank < rankTo; rank += 1) {
    const ownNorm = norm[rank] as number;
    if (ownNorm === 0) continue;
    let touchedCount = 0;
    for (let slot = rankStart[rank] as number; slot < (rankStart[rank + 1] as number); slot += 1) {
      const place = rankScanIndex[slot] as number;
      const fingerprint = rankFingerprint[slot] as number;
      const isBig = (scanStart[fingerprint + 1] as number) - (scanStart[fingerprint] as number) > promptCandidateWindow;
      const to = windowEnd(layout, slot);
      const mutualTo = isBig ? Math.min(to, place + halfWindow + 1) : to;
      const weight = rankWeight[slot] as number;
      touchedCount = accumulateMutual(scanMembers, scanWeights, place + 1, mutualTo, weight, lowerView, higherView, touched, touchedCount);
      touchedCount = accumulateOneWay(scanMembers, scanWeights, mutualTo, to, weight, lowerView, touched, touchedCount);
    }
    const owner = accountAtRank[rank] as number;
    for (let index = 0; index < touchedCount; index += 1) {
      const other = touched[index] as number;
      const denominator = ownNorm * (norm[other] as number);
      // Most pairs are far below the bar: a multiplication (with a margin far above rounding
      // error) rules them out before the exact division decides.
      const bar = minPromptSimilarity * denominator * NEARLY_ONE;
      const lowerDot = lowerView[other] as number;
      if (lowerDot >= bar) {
        const higherDot = higherView[other] as number;
        const lower = lowerDot / denominator;
        if (lower >= minPromptSimilarity) table.offer(owner, accountAtRank[other] as number, lower);
        const higher = higherDot / denominator;
        if (higher >= minPromptSimilarity) table.offer(accountAtRank[other] as number, owner, higher);
      }
      lowerView[other] = 0;
      higherView[other] = 0;
    }
  }
}

// The two inner loops: kept small and monomorphic so that V8 compiles them to tight code.
function accumulateMutual(
  members: Int32Array,
  weights: Float64Array,
  from: number,
  to: number,
  ownWeight: number,
  lowerView: Float64Array,
  higherView: Float64Array,
  touched: Int32Array,
  touchedCount: number,
): number {
  let count = touchedCount;
  for (let index = from; index < to; index += 1) {
    const member = members[index] as number;
    const sum = lowerView[member] as number;
    if (sum === 0) touched[count++] = member;
    const product = ownWeight * (weights[index] as number);
    lowerView[member] = sum + product;
    higherView[member] = (higherView[member] as number) + product;
  }
  return count;
}

function accumulateOneWay(members: Int32Array, weights: Float64Array, from: number, to: number, ownWeight: number, lowerView: Float64Array, touched: Int32Array, touchedCount: number): number {
  let count = touchedCount;
  for (let index = from; index < to; index += 1) {
    const member = members[index] as number;
    const sum = lowerView[member] as number;
    if (sum === 0) touched[count++] = member;
    lowerView[member] = sum + ownWeight * (weights[index] as number);
  }
  return count;
}

/** The links of a filled table, in the order the projection adds them: by account, best first. */
export function linksFromTable(table: NeighborTable): PromptLink[] {
  const links: PromptLink[] = [];
  const linked = new Set<number>();
  const { accountCount, capacity } = table;
  for (let account = 0; account < accountCount; account += 1) {
    for (let place = 0; place < (table.sizes[account] as number); place += 1) {
      const member = table.members[account * capacity + place] as number;
      const low = Math.min(account, member);
      const high = Math.max(account, member);
      const key = low * accountCount + high;
      if (linked.has(key)) continue;
      linked.add(key);
      links.push([low, high, Math.min(1, table.scores[account * capacity + place] as number)]);
    }
  }
  return links;
}

/** Every link of a layout, scanned on the calling thread. */
export function scanAllOnThisThread(layout: PromptScanLayout): PromptLink[] {
  const table = new NeighborTable(layout.accountCount, layout.promptNeighbors);
  scanPromptSimilarities(layout, 0, layout.accountCount, table);
  return linksFromTable(table);
}

/** All prompt similarity links, on the calling thread. */
export function promptSimilarityLinks(data: LinkageData, settings: PromptSimilarityOptions): PromptLink[] {
  return scanAllOnThisThread(buildPromptScanLayout(data, settings));
}
