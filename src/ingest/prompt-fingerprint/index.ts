// Prompt fingerprints: turns raw prompt text into a near-duplicate robust family id, so accounts
// sending prompts from one template (different slot content, a few paraphrased words) share a
// `PromptFingerprint` node. Pure core, no I/O; the raw text is never kept. Method and measured
// numbers: docs/prompt-fingerprints.md.
//
// 1. Normalisation (one hand-written pass, no regex chain): lowercase, NFKC, then numbers, URLs,
//    e-mails, hex/uuids, quoted strings and code-ish tokens become placeholders; punctuation goes.
// 2. SimHash-64 (Charikar 2002; Manku et al. 2007) over content words (function words left out,
//    each placeholder kind counted once; stop-words.ts says why).
// 3. Online families: the closest known family representative within `maxDistance` bits
//    (candidates from a 4 x 16-bit block index, pigeonhole LSH) gives the id; otherwise the prompt
//    founds a family `sp:<simhash hex>`. The index is LRU-bounded.
//
// One module per stage: options.ts (settings, placeholders), hashing.ts (token hashes, SimHash
// values), normalise.ts (1), simhash.ts (2), sketches.ts (whole-text and segment sketches,
// packed for worker threads) and family-index.ts (3). This index is the public API.
export { createPromptFingerprinter, PromptFingerprinter, type PromptFingerprinterCounters } from './family-index.js';
export { differingBits, hammingDistance, parseSimhash, popcount32, simhashToHex } from './hashing.js';
export { normalizePrompt } from './normalise.js';
export { DEFAULTS, PLACEHOLDERS, sketchScheme, type Placeholder, type PromptFingerprint, type PromptFingerprinterOptions, type SimhashOptions } from './options.js';
export { PACKED_SKETCH_SIZE, simhashPrompt, sketchPrompt, sketchPromptsPacked, unpackSketches, type PromptSketches } from './sketches.js';
