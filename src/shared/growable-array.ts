// A typed array that grows by doubling: for rows streamed in from Neo4j whose count is not known
// until the stream ends (usage rows of the linkage read, links handed over by the gds engine).
export class GrowableArray<T extends Int32Array | Float64Array | Uint8Array> {
  values: T;
  length = 0;
  constructor(
    private readonly make: (length: number) => T,
    initialLength = 1024,
  ) {
    this.values = make(initialLength);
  }

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = this.make(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length] = value;
    this.length += 1;
  }

  /** The values pushed, in an array of their own length. */
  trimmed(): T {
    return this.values.slice(0, this.length) as T;
  }
}
