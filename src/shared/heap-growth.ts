// How far V8 lets the old generation grow past what survived the last full collection before it
// collects again. V8 picks the factor from the allocation rate, up to several times the live
// heap; a refresh allocates many short-lived structures per community, so most of its peak RSS
// was garbage waiting for that collection (docs/gds-engine.md, memory). A smaller factor makes
// V8 collect sooner: the same work in less memory, for a little more collecting.
import { setFlagsFromString } from 'node:v8';

let holders = 0;

/**
 * Caps the growth factor at 1 + percent/100 until the returned function is called (0: V8's own
 * choice, nothing changed). The flag is process-wide, so overlapping callers share it and the
 * last one to finish restores V8's default.
 */
export function limitHeapGrowth(percent: number): () => void {
  if (!Number.isInteger(percent) || percent < 0) throw new RangeError(`heap growth must be a whole percentage of 0 or more (got ${percent})`);
  if (percent === 0) return () => undefined;
  holders += 1;
  setFlagsFromString(`--heap-growing-percent=${percent}`);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holders -= 1;
    if (holders === 0) setFlagsFromString('--heap-growing-percent=0');
  };
}
