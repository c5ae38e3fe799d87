// Function words left out of the sketches. SimHash counts every token alike, so the words every
// prompt shares ("the", "to", "my", "what") push every prompt's bits the same way: measured on
// one render of each generated template, different templates sat 18.8 bits apart instead of
// about 32, and a quarter of their pairs fell within the family threshold. The list is the
// `stopword` package's English one; prompts in other languages keep all their words.
import { eng } from 'stopword';
import { wordHash } from './normalise.js';

/** Token hashes (as the scanner computes them for lower-cased words) of the stop words. */
export const STOP_WORD_HASHES: ReadonlySet<number> = new Set(eng.map((word) => wordHash(word.toLowerCase(), 0, word.length)));
