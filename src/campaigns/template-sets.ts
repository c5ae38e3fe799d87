// Template sets: prompt fingerprints the same accounts send together. An operation's accounts
// send a handful of templates again and again, so its fingerprints share their senders far more
// than their popularity explains; a popular benign prompt is sent beside everything else and
// shares its senders with nothing in particular. Scoring asks for them because Louvain may
// scatter a low-volume operation over many groups (its accounts linked more strongly by a proxy
// pool other operations use too): no group then holds its templates, but the union of a set's
// senders does (docs/scoring.md, "Template sets").
import { accountsOn, KIND_CODES, membersOf, type LinkageData } from '../linkage/linkage-data.js';
import { withDefaults } from '../shared/options.js';

export interface TemplateSetOptions {
  /** A fingerprint needs at least this many senders to be in a set. */
  minSenders: number;
  /**
   * Two fingerprints are co-sent when they share at least this many times the senders that
   * independent popularity predicts (|A∩B|·N / (|A|·|B|)); a fingerprint more than 1/minLift of
   * all prompt senders send can never reach it and is left out.
   */
  minLift: number;
  /** …and the shared senders are at least this share of the smaller fingerprint's senders. */
  minOverlap: number;
  /**
   * Each account counts co-sending among its this-many most used fingerprints only: an operation's
   * account spends its traffic on its templates, and a heavy benign user's hundreds of distinct
   * prompts would otherwise cost pairs by the square for nothing.
   */
  promptsPerAccount: number;
}

export const DEFAULTS: TemplateSetOptions = {
  minSenders: 5,
  minLift: 20,
  minOverlap: 0.2,
  promptsPerAccount: 8,
};

export interface TemplateSet {
  /** Entity indexes of the fingerprints, ascending. */
  fingerprints: number[];
  /** Account indexes of everyone who sent any of them, ascending. */
  senders: number[];
}

export interface TemplateSetResult {
  sets: TemplateSet[];
  /** Fingerprints that could be in a set (enough senders, not too popular). */
  eligibleFingerprints: number;
  /** Fingerprint pairs found co-sent. */
  coSentPairs: number;
  elapsedMs: number;
}

/** Sets of two fingerprints or more, connected by co-sent pairs; ordered by their first fingerprint. */
export function findTemplateSets(data: LinkageData, options: Partial<TemplateSetOptions> = {}): TemplateSetResult {
  const started = performance.now();
  const settings = withDefaults(DEFAULTS, options);
  const accountCount = data.accounts.length;
  const sendsPrompts = new Uint8Array(accountCount);
  const table = data.entities;
  for (let entity = 0; entity < table.count; entity += 1) if (table.kinds[entity] === KIND_CODES.prompt) for (const account of membersOf(table, entity)) sendsPrompts[account] = 1;
  let promptSenders = 0;
  for (const flag of sendsPrompts) promptSenders += flag;
  const eligible = (entity: number) => table.kinds[entity] === KIND_CODES.prompt && accountsOn(table, entity) >= settings.minSenders && accountsOn(table, entity) * settings.minLift <= promptSenders;

  // Pairs among each account's most used eligible fingerprints, as numeric keys in one typed array
  // sorted once (millions of pairs at `seed`: far cheaper than a map's hashing).
  const entityCount = table.count;
  const isEligible = new Uint8Array(entityCount);
  for (let entity = 0; entity < entityCount; entity += 1) isEligible[entity] = eligible(entity) ? 1 : 0;
  let eligibleFingerprints = 0;
  for (const flag of isEligible) eligibleFingerprints += flag;
  // Each account's most used eligible fingerprints, ranked by insertion into a short list per
  // account; walking the fingerprints (not each account's incidence) reads memory in order, which
  // is what costs at `seed`. Among equally used fingerprints the rarer first: a template's renders
  // are rarer than everyday prompts.
  const slots = settings.promptsPerAccount;
  const topEntity = new Int32Array(accountCount * slots);
  const topUsed = new Float64Array(accountCount * slots);
  const topSenders = new Int32Array(accountCount * slots);
  const topCount = new Int32Array(accountCount);
  for (let entityIndex = 0; entityIndex < entityCount; entityIndex += 1) {
    if (isEligible[entityIndex] !== 1) continue;
    const first = table.start[entityIndex] as number;
    const senders = accountsOn(table, entityIndex);
    for (let memberAt = 0; memberAt < senders; memberAt += 1) {
      const account = table.members[first + memberAt] as number;
      const used = table.usage[first + memberAt] as number;
      const base = account * slots;
      const count = topCount[account] as number;
      // Entities arrive in ascending order, so an equal rank never goes before one already kept.
      let position = count;
      while (position > 0 && (used > (topUsed[base + position - 1] as number) || (used === topUsed[base + position - 1] && senders < (topSenders[base + position - 1] as number)))) position -= 1;
      if (position >= slots) continue;
      const last = Math.min(count, slots - 1);
      for (let at = last; at > position; at -= 1) {
        topEntity[base + at] = topEntity[base + at - 1] as number;
        topUsed[base + at] = topUsed[base + at - 1] as number;
        topSenders[base + at] = topSenders[base + at - 1] as number;
      }
      topEntity[base + position] = entityIndex;
      topUsed[base + position] = used;
      topSenders[base + position] = senders;
      topCount[account] = Math.min(slots, count + 1);
    }
  }
  let pairCount = 0;
  for (const count of topCount) pairCount += (count * (count - 1)) / 2;
  const pairs = new Float64Array(pairCount);
  let filled = 0;
  for (let account = 0; account < accountCount; account += 1) {
    const chosen = topEntity.subarray(account * slots, account * slots + (topCount[account] as number)).sort();
    for (let left = 0; left < chosen.length; left += 1) {
      for (let right = left + 1; right < chosen.length; right += 1) pairs[filled++] = (chosen[left] as number) * entityCount + (chosen[right] as number);
    }
  }
  pairs.sort();

  // Union-find over co-sent pairs.
  const parent = new Map<number, number>();
  const find = (entityIndex: number): number => {
    let root = entityIndex;
    while ((parent.get(root) ?? root) !== root) root = parent.get(root) as number;
    for (let at = entityIndex; at !== root;) {
      const next = parent.get(at) as number;
      parent.set(at, root);
      at = next;
    }
    return root;
  };
  let coSentPairs = 0;
  for (let at = 0; at < pairs.length;) {
    const key = pairs[at] as number;
    let next = at + 1;
    while (next < pairs.length && pairs[next] === key) next += 1;
    const together = next - at;
    at = next;
    const left = Math.floor(key / entityCount);
    const right = key % entityCount;
    const leftSenders = accountsOn(table, left);
    const rightSenders = accountsOn(table, right);
    if (together < settings.minSenders || together < settings.minOverlap * Math.min(leftSenders, rightSenders)) continue;
    if ((together * promptSenders) / (leftSenders * rightSenders) < settings.minLift) continue;
    coSentPairs += 1;
    if (!parent.has(left)) parent.set(left, left);
    if (!parent.has(right)) parent.set(right, right);
    const leftRoot = find(left);
    const rightRoot = find(right);
    if (leftRoot !== rightRoot) parent.set(Math.max(leftRoot, rightRoot), Math.min(leftRoot, rightRoot));
  }
  const byRoot = new Map<number, number[]>();
  for (const entityIndex of parent.keys()) {
    const root = find(entityIndex);
    let fingerprints = byRoot.get(root);
    if (!fingerprints) {
      fingerprints = [];
      byRoot.set(root, fingerprints);
    }
    fingerprints.push(entityIndex);
  }
  const sets = [...byRoot.values()]
    .filter((fingerprints) => fingerprints.length >= 2)
    .map((fingerprints) => {
      fingerprints.sort((left, right) => left - right);
      const senders = new Set<number>();
      for (const entityIndex of fingerprints) for (const account of membersOf(table, entityIndex)) senders.add(account);
      return { fingerprints, senders: [...senders].sort((left, right) => left - right) };
    })
    .sort((left, right) => (left.fingerprints[0] as number) - (right.fingerprints[0] as number));
  return { sets, eligibleFingerprints, coSentPairs, elapsedMs: performance.now() - started };
}
