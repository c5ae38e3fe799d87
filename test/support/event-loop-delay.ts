// Event-loop delay as the soak test reports it (test/soak: the API process and the load generator).

/** p50, p99 and max of an event-loop delay histogram (perf_hooks, nanoseconds) in milliseconds, one decimal. */
export function eventLoopDelaySummary(histogram: { percentile(share: number): number; max: number }): { p50: number; p99: number; max: number } {
  const milliseconds = (nanoseconds: number) => Math.round(nanoseconds / 1e5) / 10;
  return { p50: milliseconds(histogram.percentile(50)), p99: milliseconds(histogram.percentile(99)), max: milliseconds(histogram.max) };
}
