// A typed array that grows in fixed-size chunks: for rows streamed in from Neo4j whose count is
// not known until the stream ends (usage rows of the linkage read, links handed over by the gds
// engine). Chunks are never copied as rows arrive and only the last is part-filled; an array that
// doubled held up to twice its rows and needed the old and the new copy at once at each step.
export class GrowableArray<T extends Int32Array | Uint32Array | Float64Array | Uint8Array> {
  length = 0;
  private chunks: T[] = [];
  private readonly shift: number;
  private readonly mask: number;

  constructor(
    private readonly make: (length: number) => T,
    /** Values per chunk, a power of two. */
    private readonly chunkLength = 1 << 16,
  ) {
    if (!Number.isInteger(Math.log2(chunkLength))) throw new RangeError(`chunk length must be a power of two (given ${chunkLength})`);
    this.shift = Math.log2(chunkLength);
    this.mask = chunkLength - 1;
  }

  push(value: number): void {
    const offset = this.length & this.mask;
    if (offset === 0) this.chunks.push(this.make(this.chunkLength));
    (this.chunks[this.chunks.length - 1] as T)[offset] = value;
    this.length += 1;
  }

  at(index: number): number {
    return (this.chunks[index >>> this.shift] as T)[index & this.mask] as number;
  }

  /** The values pushed, in one array of their own length. */
  trimmed(): T {
    const values = this.make(this.length);
    this.chunks.forEach((chunk, index) => {
      const from = index * this.chunkLength;
      values.set(from + this.chunkLength <= this.length ? chunk : chunk.subarray(0, this.length - from), from);
    });
    return values;
  }

  /** Lets the values go (the builder that pushed them has copied what it keeps). */
  release(): void {
    this.chunks = [];
    this.length = 0;
  }
}
