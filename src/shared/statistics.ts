// Small statistics shared by scoring and the benchmarks.

/** The middle value (the mean of the two middle ones for an even count); 0 for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The nearest-rank percentile of values already sorted ascending (`share` 0.95 for p95); 0 for no values. */
export function percentileOfSorted(sorted: readonly number[], share: number): number {
  return sorted.length === 0 ? 0 : (sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1))] as number);
}
