// Online families: the closest known family representative within `maxDistance` bits
// (candidates from a 4 x 16-bit block index, pigeonhole LSH) gives the id; otherwise the prompt
// founds a family `sp:<simhash hex>`. The index is LRU-bounded.
import { classifyPromptIntent, PROMPT_INTENTS, type PromptIntent } from '../prompt-intent.js';
import { withDefaults } from '../../shared/options.js';
import { differingBits, parseSimhash, simhashToHex } from './hashing.js';
import { foldCase } from './normalise.js';
import { DEFAULTS, sketchScheme, type PromptFingerprint, type PromptFingerprinterOptions } from './options.js';
import { PACKED_SKETCH_SIZE, PREFIX, PromptSketcher, SKETCH_KINDS, SUFFIX, WHOLE, type PromptSketches } from './sketches.js';

export interface PromptFingerprinterCounters {
  prompts: number;
  familiesCreated: number;
  /** Prompts that joined an existing family, in total and by the sketch that matched. */
  hits: number;
  wholeHits: number;
  segmentHits: number;
  evictions: number;
  /** Families preloaded by `warm`. */
  warmed: number;
}

const BLOCKS = 4;
const BUCKETS = 65536;
const NONE = -1;
const INITIAL_SLOTS = 1024;

/**
 * Assigns prompts to families online. Deterministic: the same sequence of calls (warm, then
 * prompts) gives the same ids. Memory is bounded by `maxFamilies` (about 150 bytes of typed
 * arrays per family plus its id string, so about 100 MB at 500,000); beyond it the least recently
 * matched family is evicted, and a later prompt of that template founds a new family.
 */
export class PromptFingerprinter {
  readonly options: Readonly<PromptFingerprinterOptions>;
  /** How this fingerprinter's SimHashes are computed (sketchScheme of its options), stamped on the families it founds. */
  readonly scheme: string;
  private readonly sketcher: PromptSketcher;
  /** One prompt's sketches, packed, for fingerprintSketched. */
  private readonly scratch = new Uint32Array(PACKED_SKETCH_SIZE);
  /** The distance of the family the last `closest` call found. */
  private closestDistance = 65;
  private readonly counters: PromptFingerprinterCounters = { prompts: 0, familiesCreated: 0, hits: 0, wholeHits: 0, segmentHits: 0, evictions: 0, warmed: 0 };

  // Families live in slots of parallel typed arrays, grown by doubling up to maxFamilies.
  private slots = 0;
  private used = 0;
  /** Sketches by kind (whole, prefix, suffix); `present` says which segment sketches a family has. */
  private high: Uint32Array[] = [];
  private low: Uint32Array[] = [];
  private present = new Uint8Array(0);
  private ids: string[] = [];
  // Centroid votes of the whole-text sketch: members per family and, per family and bit,
  // members with that bit set.
  private members = new Uint8Array(0);
  /** Family intent as 1 + its index in PROMPT_INTENTS; 0 = not classified yet (warmed). */
  private intents = new Uint8Array(0);
  private votes = new Uint8Array(0);
  // Least recently used order: a doubly linked list through the slots, head = most recent.
  private newer = new Int32Array(0);
  private older = new Int32Array(0);
  private mostRecent = NONE;
  private leastRecent = NONE;
  // The block index, one table per sketch kind and 16-bit block: buckets of slots whose block has
  // that value, as doubly linked lists through the slots.
  private readonly bucketHeads: Int32Array[] = [];
  private bucketNext: Int32Array[] = [];
  private bucketPrevious: Int32Array[] = [];

  constructor(options: Partial<PromptFingerprinterOptions> = {}) {
    this.options = Object.freeze(withDefaults(DEFAULTS, options));
    this.scheme = sketchScheme(this.options);
    if (!(this.options.maxFamilies >= 1)) throw new RangeError('maxFamilies must be at least 1');
    if (!(this.options.centroidMembers >= 1 && this.options.centroidMembers <= 255)) throw new RangeError('centroidMembers must be within 1..255');
    if (!(this.options.maxDistance >= 0 && this.options.maxDistance <= 64)) throw new RangeError('maxDistance must be within 0..64');
    this.sketcher = new PromptSketcher(this.options);
    for (let table = 0; table < SKETCH_KINDS * BLOCKS; table += 1) this.bucketHeads.push(new Int32Array(BUCKETS).fill(NONE));
  }

  get size(): number {
    return this.used;
  }

  stats(): PromptFingerprinterCounters & { families: number } {
    return { ...this.counters, families: this.used };
  }

  /**
   * The family, SimHash and intent of one prompt. The intent is the family's: classified on the
   * prompt that founds it (or the first one after a warm start) and reused for every member, so
   * one fingerprint never carries two intents and most campaign prompts skip the rule scan.
   */
  fingerprint(text: string): PromptFingerprint {
    const folded = foldCase(text);
    return this.fingerprintSketched(this.sketcher.sketch(folded), folded, true);
  }

  /**
   * The same as `fingerprint(text)` for a prompt sketched elsewhere (a worker thread, with the
   * same options): only the family assignment, which depends on every prompt before it, runs here.
   * The text is read only when the family's intent is not known yet.
   */
  fingerprintSketched(sketches: PromptSketches, text: string, textIsFolded = false): PromptFingerprint {
    const scratch = this.scratch;
    scratch[0] = sketches.whole.high;
    scratch[1] = sketches.whole.low;
    const segments = sketches.prefix !== undefined && sketches.suffix !== undefined;
    scratch[2] = segments ? (sketches.prefix?.high ?? 0) : 0;
    scratch[3] = segments ? (sketches.prefix?.low ?? 0) : 0;
    scratch[4] = segments ? (sketches.suffix?.high ?? 0) : 0;
    scratch[5] = segments ? (sketches.suffix?.low ?? 0) : 0;
    scratch[6] = segments ? 1 : 0;
    return this.fingerprintAt(scratch, 0, text, textIsFolded);
  }

  /**
   * The same as `fingerprintSketched` for prompt `index` of a packed sketch array (see
   * sketchPromptsPacked), read in place: the sketch pool's results need no object per prompt.
   */
  fingerprintPacked(packed: Uint32Array, index: number, text: string): PromptFingerprint {
    return this.fingerprintAt(packed, index * PACKED_SKETCH_SIZE, text, false);
  }

  private fingerprintAt(packed: Uint32Array, offset: number, text: string, textIsFolded: boolean): PromptFingerprint {
    this.counters.prompts += 1;
    const slot = this.assign(packed, offset);
    let intent = this.intents[slot] as number;
    if (intent === 0) {
      intent = PROMPT_INTENTS.indexOf(classifyPromptIntent(textIsFolded ? text : foldCase(text))) + 1;
      this.intents[slot] = intent;
    }
    return { fingerprint: this.ids[slot] as string, simhash: simhashToHex(packed[offset] as number, packed[offset + 1] as number), intent: PROMPT_INTENTS[intent - 1] as PromptIntent };
  }

  /** The family slot for a prompt's packed sketches: the closest family within the thresholds, or a new one. */
  private assign(packed: Uint32Array, offset: number): number {
    const wholeHigh = packed[offset] as number;
    const wholeLow = packed[offset + 1] as number;
    const segments = packed[offset + 6] === 1;
    const prefixHigh = packed[offset + 2] as number;
    const prefixLow = packed[offset + 3] as number;
    const suffixHigh = packed[offset + 4] as number;
    const suffixLow = packed[offset + 5] as number;
    let slot = this.closest(WHOLE, wholeHigh, wholeLow, this.options.maxDistance);
    const byWhole = slot !== NONE;
    if (!byWhole && segments) {
      // Segment matches rank by distance; the prefix wins ties (instructions usually come first).
      const byPrefix = this.closest(PREFIX, prefixHigh, prefixLow, this.options.maxSegmentDistance);
      const prefixDistance = this.closestDistance;
      // Only a suffix match closer than the prefix's can win, so the search for it stops sooner.
      const bySuffix = this.closest(SUFFIX, suffixHigh, suffixLow, Math.min(this.options.maxSegmentDistance, prefixDistance - 1));
      slot = this.closestDistance < prefixDistance ? bySuffix : byPrefix;
    }
    if (slot !== NONE) {
      this.counters.hits += 1;
      if (byWhole) this.counters.wholeHits += 1;
      else this.counters.segmentHits += 1;
      this.touch(slot);
      if ((this.members[slot] as number) < this.options.centroidMembers) this.vote(slot, wholeHigh, wholeLow);
      // A warmed family learns its segment sketches from its first member.
      const present = this.present[slot] as number;
      if (segments && !(present & (1 << PREFIX))) this.setSketch(slot, PREFIX, prefixHigh, prefixLow);
      if (segments && !(present & (1 << SUFFIX))) this.setSketch(slot, SUFFIX, suffixHigh, suffixLow);
      return slot;
    }
    const id = `sp:${simhashToHex(wholeHigh, wholeLow)}`;
    const founded = this.allocate(id);
    this.setSketch(founded, WHOLE, wholeHigh, wholeLow);
    if (segments) {
      this.setSketch(founded, PREFIX, prefixHigh, prefixLow);
      this.setSketch(founded, SUFFIX, suffixHigh, suffixLow);
    }
    this.counters.familiesCreated += 1;
    return founded;
  }

  /**
   * Preloads known families (for example from the graph on an ingest restart), most important
   * first: when there are more than maxFamilies, the first ones are kept and end up the most
   * recently used. Only the whole-text sketch is known; a family learns its segment sketches
   * from its first member. Malformed simhashes and repeated fingerprints are skipped.
   */
  warm(families: ReadonlyArray<{ fingerprint: string; simhash: string }>): void {
    const seen = new Set<string>();
    const accepted: Array<{ fingerprint: string; high: number; low: number }> = [];
    for (const family of families) {
      if (accepted.length >= this.options.maxFamilies) break;
      const parsed = parseSimhash(family.simhash);
      if (!parsed || seen.has(family.fingerprint)) continue;
      seen.add(family.fingerprint);
      accepted.push({ fingerprint: family.fingerprint, ...parsed });
    }
    for (let index = accepted.length - 1; index >= 0; index -= 1) {
      const family = accepted[index] as { fingerprint: string; high: number; low: number };
      this.setSketch(this.allocate(family.fingerprint), WHOLE, family.high, family.low);
      this.counters.warmed += 1;
    }
  }

  /** The closest family of `kind` within maxDistance (NONE if none); its distance (65 for none) is left in closestDistance. */
  private closest(kind: number, high: number, low: number, maxDistance: number): number {
    const probes = this.options.probeRadius === 1 ? 17 : 1;
    const highs = this.high[kind] as Uint32Array;
    const lows = this.low[kind] as Uint32Array;
    const ids = this.ids;
    // As int32: the XORs below then need no conversion from a number beyond 2^31.
    const queryHigh = high | 0;
    const queryLow = low | 0;
    let best = NONE;
    let bestDistance = maxDistance + 1;
    for (let block = 0; block < BLOCKS; block += 1) {
      const table = kind * BLOCKS + block;
      const key = blockOf(high, low, block);
      const heads = this.bucketHeads[table] as Int32Array;
      const next = this.bucketNext[table] as Int32Array;
      for (let probe = 0; probe < probes; probe += 1) {
        const probeKey = probe === 0 ? key : key ^ (1 << (probe - 1));
        for (let slot = heads[probeKey] as number; slot !== NONE; slot = next[slot] as number) {
          const distance = differingBits(queryHigh ^ (highs[slot] as number), queryLow ^ (lows[slot] as number));
          // Ties go to the smallest id: independent of slot reuse and recency order. A family
          // found again through another block ties with itself, without comparing ids.
          if (distance < bestDistance || (distance === bestDistance && best !== NONE && slot !== best && (ids[slot] as string) < (ids[best] as string))) {
            best = slot;
            bestDistance = distance;
          }
        }
      }
      // A family not found in blocks 0..block differs from the prompt by more than probeRadius bits
      // in each of them, so by at least (probeRadius + 1) * (block + 1) bits: when the best so far
      // is closer than that, no later block can hold a closer family or an equally close one.
      if (bestDistance < (this.options.probeRadius + 1) * (block + 1)) break;
    }
    this.closestDistance = best === NONE ? 65 : bestDistance;
    return best;
  }

  /** A free slot (evicting the least recently used family when full), linked as most recent. */
  private allocate(id: string): number {
    let slot: number;
    if (this.used < this.options.maxFamilies) {
      if (this.used === this.slots) this.grow();
      slot = this.used;
      this.used += 1;
    } else {
      slot = this.leastRecent;
      this.unlinkRecency(slot);
      for (let kind = 0; kind < SKETCH_KINDS; kind += 1) {
        if (!((this.present[slot] as number) & (1 << kind))) continue;
        for (let block = 0; block < BLOCKS; block += 1) this.unlinkBucket(slot, kind, block);
      }
      this.counters.evictions += 1;
    }
    this.ids[slot] = id;
    this.present[slot] = 0;
    this.members[slot] = 0;
    this.intents[slot] = 0;
    this.linkMostRecent(slot);
    return slot;
  }

  private setSketch(slot: number, kind: number, high: number, low: number): void {
    (this.high[kind] as Uint32Array)[slot] = high;
    (this.low[kind] as Uint32Array)[slot] = low;
    this.present[slot] = (this.present[slot] as number) | (1 << kind);
    for (let block = 0; block < BLOCKS; block += 1) this.linkBucket(slot, kind, block);
    if (kind !== WHOLE) return;
    this.members[slot] = 1;
    const votes = this.votes;
    const base = slot * 64;
    for (let bit = 0; bit < 32; bit += 1) {
      votes[base + bit] = (low >>> bit) & 1;
      votes[base + 32 + bit] = (high >>> bit) & 1;
    }
  }

  /** Adds a member's bits to its family's votes and moves the representative to the majority. */
  private vote(slot: number, high: number, low: number): void {
    const members = (this.members[slot] as number) + 1;
    this.members[slot] = members;
    const votes = this.votes;
    const base = slot * 64;
    const highs = this.high[WHOLE] as Uint32Array;
    const lows = this.low[WHOLE] as Uint32Array;
    const oldHigh = highs[slot] as number;
    const oldLow = lows[slot] as number;
    let newLow = 0;
    let newHigh = 0;
    for (let bit = 0; bit < 32; bit += 1) {
      const lowVotes = (votes[base + bit] as number) + ((low >>> bit) & 1);
      const highVotes = (votes[base + 32 + bit] as number) + ((high >>> bit) & 1);
      votes[base + bit] = lowVotes;
      votes[base + 32 + bit] = highVotes;
      // A tie keeps the current bit, so a representative does not flicker.
      const lowBit = lowVotes * 2 > members ? 1 : lowVotes * 2 < members ? 0 : (oldLow >>> bit) & 1;
      const highBit = highVotes * 2 > members ? 1 : highVotes * 2 < members ? 0 : (oldHigh >>> bit) & 1;
      newLow |= lowBit << bit;
      newHigh |= highBit << bit;
    }
    newLow >>>= 0;
    newHigh >>>= 0;
    if (newLow === oldLow && newHigh === oldHigh) return;
    const changed: number[] = [];
    for (let block = 0; block < BLOCKS; block += 1) {
      if (blockOf(oldHigh, oldLow, block) === blockOf(newHigh, newLow, block)) continue;
      this.unlinkBucket(slot, WHOLE, block);
      changed.push(block);
    }
    highs[slot] = newHigh;
    lows[slot] = newLow;
    for (const block of changed) this.linkBucket(slot, WHOLE, block);
  }

  private linkBucket(slot: number, kind: number, block: number): void {
    const table = kind * BLOCKS + block;
    const key = blockOf((this.high[kind] as Uint32Array)[slot] as number, (this.low[kind] as Uint32Array)[slot] as number, block);
    const heads = this.bucketHeads[table] as Int32Array;
    const next = this.bucketNext[table] as Int32Array;
    const previous = this.bucketPrevious[table] as Int32Array;
    const head = heads[key] as number;
    next[slot] = head;
    previous[slot] = NONE;
    if (head !== NONE) previous[head] = slot;
    heads[key] = slot;
  }

  private unlinkBucket(slot: number, kind: number, block: number): void {
    const table = kind * BLOCKS + block;
    const next = this.bucketNext[table] as Int32Array;
    const previous = this.bucketPrevious[table] as Int32Array;
    const after = next[slot] as number;
    const before = previous[slot] as number;
    if (before === NONE) (this.bucketHeads[table] as Int32Array)[blockOf((this.high[kind] as Uint32Array)[slot] as number, (this.low[kind] as Uint32Array)[slot] as number, block)] = after;
    else next[before] = after;
    if (after !== NONE) previous[after] = before;
  }

  private touch(slot: number): void {
    if (slot === this.mostRecent) return;
    this.unlinkRecency(slot);
    this.linkMostRecent(slot);
  }

  private linkMostRecent(slot: number): void {
    this.newer[slot] = NONE;
    this.older[slot] = this.mostRecent;
    if (this.mostRecent !== NONE) this.newer[this.mostRecent] = slot;
    this.mostRecent = slot;
    if (this.leastRecent === NONE) this.leastRecent = slot;
  }

  private unlinkRecency(slot: number): void {
    const newer = this.newer[slot] as number;
    const older = this.older[slot] as number;
    if (newer === NONE) this.mostRecent = older;
    else this.older[newer] = older;
    if (older === NONE) this.leastRecent = newer;
    else this.newer[older] = newer;
  }

  private grow(): void {
    const slots = Math.min(this.options.maxFamilies, Math.max(INITIAL_SLOTS, this.slots * 2));
    const resize = <T extends Uint8Array | Uint32Array | Int32Array>(array: T | undefined, make: (size: number) => T, size = slots): T => {
      const bigger = make(size);
      if (array) bigger.set(array);
      return bigger;
    };
    const uint32 = (size: number) => new Uint32Array(size);
    const int32 = (size: number) => new Int32Array(size);
    const uint8 = (size: number) => new Uint8Array(size);
    this.high = Array.from({ length: SKETCH_KINDS }, (_, kind) => resize(this.high[kind], uint32));
    this.low = Array.from({ length: SKETCH_KINDS }, (_, kind) => resize(this.low[kind], uint32));
    this.present = resize(this.present, uint8);
    this.members = resize(this.members, uint8);
    this.intents = resize(this.intents, uint8);
    this.votes = resize(this.votes, uint8, slots * 64);
    this.newer = resize(this.newer, int32);
    this.older = resize(this.older, int32);
    this.bucketNext = Array.from({ length: SKETCH_KINDS * BLOCKS }, (_, table) => resize(this.bucketNext[table], int32));
    this.bucketPrevious = Array.from({ length: SKETCH_KINDS * BLOCKS }, (_, table) => resize(this.bucketPrevious[table], int32));
    this.slots = slots;
  }
}

function blockOf(high: number, low: number, block: number): number {
  switch (block) {
    case 0:
      return high >>> 16;
    case 1:
      return high & 0xffff;
    case 2:
      return low >>> 16;
    default:
      return low & 0xffff;
  }
}

/** Synchronous: the inline hash needs no initialisation. Kept as the factory ingest calls. */
export function createPromptFingerprinter(options: Partial<PromptFingerprinterOptions> = {}): PromptFingerprinter {
  return new PromptFingerprinter(options);
}
