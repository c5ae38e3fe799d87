// Shared pieces of the benchmarks: the store (NEO4J_* or the local server), a peak-RSS sampler,
// a CPU sampler (this process and the local Neo4j), scenario folders cached under
// .hydrascope/bench, the results file writer, and when a measured route meets its goal.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../src/config/config.js';
import { connectGraphStore } from '../src/graph-store/connect.js';
import { localNeo4jSettings, localStatus } from '../src/graph-store/local-neo4j.js';
import type { GraphStore } from '../src/graph-store/neo4j-adapter.js';
import type { ScaleName } from '../src/scenario/scales.js';
import { writeScenario } from '../src/scenario/write-scenario.js';
import { PROJECT_ROOT } from '../src/shared/project-paths.js';

export function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

export async function openBenchStore(): Promise<GraphStore> {
  return connectGraphStore(readConfig(), (message) => process.stderr.write(`${message}\n`));
}

export function sampleMemory(intervalMs = 200): { peakRssBytes(): number; stop(): void } {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, intervalMs);
  timer.unref();
  return {
    peakRssBytes: () => Math.max(peak, process.memoryUsage().rss),
    stop: () => clearInterval(timer),
  };
}

/** CPU seconds a process has used so far (user + system, all threads), from /proc; undefined off Linux. */
function processCpuSeconds(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ, 100 on Linux
  } catch {
    return undefined;
  }
}

/** The local Neo4j's process id, when the benchmarks use the local server and it runs. */
async function localNeo4jPid(): Promise<number | undefined> {
  const config = readConfig();
  return config.externalNeo4j ? undefined : (await localStatus(localNeo4jSettings(config))).pid;
}

export interface CpuUse {
  /** This process, all its threads (the sketch workers of an ingest included). */
  nodeSeconds: number;
  /** The local Neo4j's Java process; null with NEO4J_URI or off Linux. */
  neo4jSeconds: number | null;
  /** Cores of the machine, and how many of them the two kept busy on average. */
  cores: number;
  coresBusy: number;
}

/**
 * CPU used from now until `stop`, by this process and by the local Neo4j: tells a benchmark
 * bound by the machine's cores (both busy) from one waiting on something (I/O, a lock).
 */
export async function sampleCpu(options: { neo4jPid?: number | null } = {}): Promise<{ stop(wallSeconds: number): CpuUse }> {
  const neo4jPid = options.neo4jPid !== undefined ? (options.neo4jPid ?? undefined) : await localNeo4jPid();
  const nodeStart = process.cpuUsage();
  const neo4jStart = neo4jPid === undefined ? undefined : processCpuSeconds(neo4jPid);
  return {
    stop(wallSeconds) {
      const used = process.cpuUsage(nodeStart);
      const nodeSeconds = (used.user + used.system) / 1e6;
      const neo4jEnd = neo4jPid === undefined ? undefined : processCpuSeconds(neo4jPid);
      const neo4jSeconds = neo4jStart === undefined || neo4jEnd === undefined ? null : neo4jEnd - neo4jStart;
      const round = (value: number) => Math.round(value * 10) / 10;
      return { nodeSeconds: round(nodeSeconds), neo4jSeconds: neo4jSeconds === null ? null : round(neo4jSeconds), cores: availableParallelism(), coresBusy: Math.round(((nodeSeconds + (neo4jSeconds ?? 0)) / wallSeconds) * 100) / 100 };
    },
  };
}

/** A generated scenario, written once per (scale, seed, gzip) and reused by later runs. */
export async function scenarioFolder(scale: ScaleName, seed: number, gzip = false): Promise<string> {
  const folder = join(PROJECT_ROOT, '.hydrascope', 'bench', `${scale}-seed-${seed}${gzip ? '-gzip' : ''}`);
  if (existsSync(join(folder, 'scenario.json'))) return folder;
  process.stderr.write(`generating ${scale} scenario (seed ${seed}) into ${folder}\n`);
  await mkdir(folder, { recursive: true });
  await writeScenario({ scale, seed, outDir: folder, gzip });
  return folder;
}

/** Merges this run's numbers into bench/results/<name>.json under `key`. */
export async function writeResults(name: string, key: string, result: unknown): Promise<string> {
  const directory = join(PROJECT_ROOT, 'bench', 'results');
  await mkdir(directory, { recursive: true });
  const path = join(directory, `${name}.json`);
  const existing = existsSync(path) ? (JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>) : {};
  existing[key] = { ...(result as object), measuredAt: new Date().toISOString(), node: process.version };
  await writeFile(path, `${JSON.stringify(existing, null, 2)}\n`);
  return path;
}

/** A route with no completed request, or with any failed one, never meets its goal; then p95 must be under the goal, if it has one. */
export function goalMet(result: { requests: number; errors: number; non2xx: number; p95Ms: number }, goalP95Ms: number | null): boolean {
  if (result.requests === 0 || result.errors > 0 || result.non2xx > 0) return false;
  return goalP95Ms === null || result.p95Ms < goalP95Ms;
}

export const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** p50, p99 and max of an event-loop delay histogram (perf_hooks, nanoseconds) in milliseconds, one decimal. */
export function eventLoopDelaySummary(histogram: { percentile(share: number): number; max: number }): { p50: number; p99: number; max: number } {
  const milliseconds = (nanoseconds: number) => Math.round(nanoseconds / 1e5) / 10;
  return { p50: milliseconds(histogram.percentile(50)), p99: milliseconds(histogram.percentile(99)), max: milliseconds(histogram.max) };
}
