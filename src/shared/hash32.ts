// The murmur3 32-bit finalizer, shared by the prompt sketches and the event-id ledger: a
// bijection with full avalanche, so differently seeded inputs give independent 32-bit hashes.
export function fmix32(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
