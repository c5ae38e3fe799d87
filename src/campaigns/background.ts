// What the whole refresh's data looks like, measured once: the background every community is
// compared with. Sign-up times, fresh accounts, how many accounts an instrument or an issuer
// usually pays for, who shares rare addresses, and per-account behaviour (address count,
// template monotony, extraction share, output share) with their means and spreads.
import { KIND_CODES, membersOf, paymentIssuer, usageAt, type LinkageData } from '../linkage/linkage-data.js';
import type { RandomSource } from '../shared/random.js';

/** Every (entity, position) an account appears at, as compressed rows: account a's are [start[a], start[a + 1]). */
export interface AccountIncidence {
  start: Int32Array;
  entity: Int32Array;
  position: Int32Array;
}

export interface MeasureBackground {
  /** Per account, NaN where the measure does not apply (no prompts, no tokens). */
  values: Float64Array;
  mean: number;
  sd: number;
}

export interface Background {
  accounts: number;
  incidence: AccountIncidence;
  /** Sign-up times, ascending. */
  createdSorted: Float64Array;
  /** Accounts with a known sign-up and first request, and those whose first request came within the fresh window. */
  freshEligible: number;
  freshAccounts: number;
  /** Accounts per payment instrument, ascending. */
  instrumentFanOut: Int32Array;
  /** Accounts per issuer (BIN), and each account's issuers. */
  issuerAccounts: Map<string, number>;
  accountIssuers: Array<string[] | undefined>;
  /** 1 for an account sharing at least two rare addresses with anyone, and how many do. */
  rareAddressSharer: Uint8Array;
  rareAddressSharers: number;
  /** 1 for an account sharing at least one rare address with anyone, and how many do. */
  rareAddressCoUser: Uint8Array;
  rareAddressCoUsers: number;
  addressLog: MeasureBackground;
  monotony: MeasureBackground;
  extraction: MeasureBackground;
  outputShare: MeasureBackground;
  dayOverlap: { mean: number; sd: number };
  hourSimilarity: { mean: number; sd: number };
  /** Prompt entities' total events, for the exclusivity background. */
  promptEvents: Float64Array;
  /** Each account's prompt events. */
  accountPromptEvents: Float64Array;
}

export interface BackgroundOptions {
  freshWindowMs: number;
  /** Addresses with at most this many accounts are rare. */
  rareAddressLimit: number;
  /** Accounts need this many prompt events before their monotony counts. */
  monotonyMinEvents: number;
  /** Random pairs sampled for the pair measures' background. */
  pairSamples: number;
}

export function buildIncidence(data: LinkageData): AccountIncidence {
  const table = data.entities;
  const counts = new Int32Array(data.accounts.length + 1);
  for (let slot = 0; slot < table.members.length; slot += 1) {
    const member = table.members[slot] as number;
    counts[member + 1] = (counts[member + 1] as number) + 1;
  }
  for (let account = 0; account < data.accounts.length; account += 1) counts[account + 1] = (counts[account + 1] ?? 0) + (counts[account] ?? 0);
  const total = counts[data.accounts.length] ?? 0;
  const entity = new Int32Array(total);
  const position = new Int32Array(total);
  const cursor = counts.slice(0, data.accounts.length);
  for (let entityIndex = 0; entityIndex < table.count; entityIndex += 1) {
    const first = table.start[entityIndex] as number;
    for (let slot = first; slot < (table.start[entityIndex + 1] as number); slot += 1) {
      const member = table.members[slot] as number;
      const at = cursor[member] as number;
      entity[at] = entityIndex;
      position[at] = slot - first;
      cursor[member] = at + 1;
    }
  }
  return { start: counts, entity, position };
}

function meanAndSpread(values: Float64Array): { mean: number; sd: number } {
  let count = 0;
  let sum = 0;
  let squares = 0;
  for (const value of values) {
    if (Number.isNaN(value)) continue;
    count += 1;
    sum += value;
    squares += value * value;
  }
  if (count === 0) return { mean: 0, sd: 0 };
  const mean = sum / count;
  return { mean, sd: Math.sqrt(Math.max(0, squares / count - mean * mean)) };
}

function measure(values: Float64Array): MeasureBackground {
  return { values, ...meanAndSpread(values) };
}

export function jaccard(left: readonly number[], right: readonly number[]): number {
  if (left.length === 0 || right.length === 0) return 0;
  const set = new Set(left);
  let shared = 0;
  for (const value of right) if (set.has(value)) shared += 1;
  return shared / (left.length + right.length - shared);
}

export function cosine(left: readonly number[], right: readonly number[]): number {
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    const a = left[index] ?? 0;
    const b = right[index] ?? 0;
    dot += a * b;
    leftNorm += a * a;
    rightNorm += b * b;
  }
  return leftNorm === 0 || rightNorm === 0 ? 0 : dot / Math.sqrt(leftNorm * rightNorm);
}

/** Pair measures of two accounts (indexes into LinkageData.accounts). */
export interface PairMeasures {
  dayOverlap: (left: number, right: number) => number;
  hourSimilarity: (left: number, right: number) => number;
}

/**
 * How alike two accounts are in time: their active days (Jaccard) and their hours of the day
 * (cosine of the histograms). One definition for the background and for every group measured
 * against it, so a group's shift is read on the same scale as random pairs.
 */
export function pairMeasures(data: LinkageData): PairMeasures {
  const days = (account: number) => data.accounts[account]?.activeDays ?? [];
  const hours = (account: number) => data.accounts[account]?.hourHistogram ?? [];
  return {
    dayOverlap: (left, right) => jaccard(days(left), days(right)),
    hourSimilarity: (left, right) => cosine(hours(left), hours(right)),
  };
}

/** Mean and spread of a pair measure over random pairs of the given accounts. */
export function pairBackground(accounts: readonly number[], pairValue: (left: number, right: number) => number, samples: number, rng: RandomSource): { mean: number; sd: number } {
  if (accounts.length < 2) return { mean: 0, sd: 0 };
  const values = new Float64Array(samples);
  for (let sample = 0; sample < samples; sample += 1) {
    const i = Math.floor(rng() * accounts.length);
    let j = Math.floor(rng() * (accounts.length - 1));
    if (j >= i) j += 1;
    values[sample] = pairValue(accounts[i] as number, accounts[j] as number);
  }
  return meanAndSpread(values);
}

export function buildBackground(data: LinkageData, options: BackgroundOptions, rng: RandomSource): Background {
  const accountCount = data.accounts.length;
  const incidence = buildIncidence(data);

  const created = data.accounts.map((account) => account.createdAt).filter((value): value is number => value !== null);
  const createdSorted = Float64Array.from(created).sort();
  let freshEligible = 0;
  let fresh = 0;
  for (const account of data.accounts) {
    if (account.createdAt === null || account.firstEventAt === null) continue;
    freshEligible += 1;
    if (isFresh(account.createdAt, account.firstEventAt, options.freshWindowMs)) fresh += 1;
  }

  const fanOuts: number[] = [];
  const issuerAccounts = new Map<string, number>();
  const accountIssuers: Array<string[] | undefined> = new Array(accountCount);
  const rareShared = new Int32Array(accountCount);
  const table = data.entities;
  const promptEvents = new Float64Array(table.count);
  for (let entityIndex = 0; entityIndex < table.count; entityIndex += 1) {
    const kind = table.kinds[entityIndex];
    if (kind === KIND_CODES.prompt) {
      let events = 0;
      for (let slot = table.start[entityIndex] as number; slot < (table.start[entityIndex + 1] as number); slot += 1) events += table.usage[slot] as number;
      promptEvents[entityIndex] = events;
      continue;
    }
    if (kind === KIND_CODES.network) continue;
    const members = membersOf(table, entityIndex);
    if (kind === KIND_CODES.payment) {
      fanOuts.push(members.length);
      const issuer = paymentIssuer({ detail: table.details[entityIndex] ?? null });
      if (!issuer) continue;
      for (const member of members) {
        const issuers = accountIssuers[member] ?? (accountIssuers[member] = []);
        if (issuers.includes(issuer)) continue;
        issuers.push(issuer);
        issuerAccounts.set(issuer, (issuerAccounts.get(issuer) ?? 0) + 1);
      }
    } else if (members.length >= 2 && members.length <= options.rareAddressLimit) {
      for (const member of members) rareShared[member] = (rareShared[member] ?? 0) + 1;
    }
  }
  let rareSharers = 0;
  let rareCoUsers = 0;
  const rareAddressSharer = new Uint8Array(accountCount);
  const rareAddressCoUser = new Uint8Array(accountCount);
  rareShared.forEach((count, account) => {
    if (count < 1) return;
    rareAddressCoUser[account] = 1;
    rareCoUsers += 1;
    if (count < 2) return;
    rareAddressSharer[account] = 1;
    rareSharers += 1;
  });

  const addressLog = new Float64Array(accountCount);
  const monotony = new Float64Array(accountCount).fill(Number.NaN);
  const extraction = new Float64Array(accountCount).fill(Number.NaN);
  const outputShare = new Float64Array(accountCount).fill(Number.NaN);
  const accountPromptEvents = new Float64Array(accountCount);
  for (let account = 0; account < accountCount; account += 1) {
    const facts = data.accounts[account] as LinkageData['accounts'][number];
    addressLog[account] = Math.log2(1 + (data.addressCount[account] ?? 0));
    if (facts.eventCount > 0) extraction[account] = facts.extractionEvents / facts.eventCount;
    const tokens = facts.inputTokens + facts.outputTokens;
    if (tokens > 0) outputShare[account] = facts.outputTokens / tokens;
    let promptTotal = 0;
    let promptTop = 0;
    for (let at = incidence.start[account] as number; at < (incidence.start[account + 1] as number); at += 1) {
      const entity = incidence.entity[at] as number;
      if (table.kinds[entity] !== KIND_CODES.prompt) continue;
      const used = usageAt(table, entity, incidence.position[at] as number);
      promptTotal += used;
      if (used > promptTop) promptTop = used;
    }
    accountPromptEvents[account] = promptTotal;
    if (promptTotal >= options.monotonyMinEvents) monotony[account] = promptTop / promptTotal;
  }

  const active = data.accounts.map((_account, index) => index).filter((index) => (data.accounts[index]?.eventCount ?? 0) > 0);
  const pairs = pairMeasures(data);
  return {
    accounts: accountCount,
    incidence,
    createdSorted,
    freshEligible,
    freshAccounts: fresh,
    instrumentFanOut: Int32Array.from(fanOuts).sort(),
    issuerAccounts,
    accountIssuers,
    rareAddressSharer,
    rareAddressSharers: rareSharers,
    rareAddressCoUser,
    rareAddressCoUsers: rareCoUsers,
    addressLog: measure(addressLog),
    monotony: measure(monotony),
    extraction: measure(extraction),
    outputShare: measure(outputShare),
    dayOverlap: pairBackground(active, pairs.dayOverlap, options.pairSamples, rng),
    hourSimilarity: pairBackground(active, pairs.hourSimilarity, options.pairSamples, rng),
    promptEvents,
    accountPromptEvents,
  };
}

/** First request within the window after sign-up (a request before sign-up is a clock or data error, not freshness). */
export function isFresh(createdAt: number | null, firstEventAt: number | null, windowMs: number): boolean {
  if (createdAt === null || firstEventAt === null) return false;
  const delay = firstEventAt - createdAt;
  return delay >= 0 && delay <= windowMs;
}

/** Accounts created in [from, to], by binary search over the sorted sign-up times. */
export function createdBetween(background: Background, from: number, to: number): number {
  return countBetween(background.createdSorted, from, to);
}

/** Values of an ascending array within [from, to]. */
export function countBetween(sorted: Float64Array, from: number, to: number): number {
  const lowerBound = (value: number, strict: boolean) => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const at = sorted[middle] as number;
      if (at < value || (strict && at === value)) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return lowerBound(to, true) - lowerBound(from, false);
}

/** Share of payment instruments paying for at least `fanOut` accounts. */
export function instrumentsWithFanOut(background: Background, fanOut: number): number {
  const sorted = background.instrumentFanOut;
  if (sorted.length === 0) return 0;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((sorted[middle] as number) < fanOut) low = middle + 1;
    else high = middle;
  }
  return (sorted.length - low) / sorted.length;
}
