// Shared pieces of the benchmarks: their command lines (--help, strict options), the store
// (NEO4J_* or the local server), a peak-RSS sampler, a CPU sampler (this process and the local
// Neo4j), scenario folders cached under .hydrascope/bench (src/evaluation/cached-scenarios.ts),
// the untimed load that warms Neo4j up,
// the results file writer, and when a measured route meets its goal.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../src/config/config.js';
import { scenarioFolder } from '../src/evaluation/cached-scenarios.js';
import { connectGraphStore } from '../src/graph-store/connect.js';
import { localNeo4jSettings, localStatus, localStoreFolder, type LocalNeo4jSettings } from '../src/graph-store/local-neo4j.js';
import type { GraphStore } from '../src/graph-store/neo4j-adapter.js';
import { wipeDatabase } from '../src/graph-store/schema.js';
import { ingestBatch } from '../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../src/ingest/prompt-fingerprint/index.js';
import { isScaleName, SCALE_NAMES, type ScaleName } from '../src/scenario/scales.js';
import { PROJECT_ROOT } from '../src/shared/project-paths.js';

/** The value shown for a --scale option in usage texts: every scale the generator knows. */
export const SCALE_CHOICES = SCALE_NAMES.join('|');

export interface BenchOption {
  type: 'string' | 'boolean';
  /** What the option does, with its default: one line of the usage text. */
  description: string;
  /** Shown in the usage text after the option name, e.g. N or small|medium|seed. */
  value?: string;
}

export interface BenchCommand {
  /** The npm script that runs it, e.g. bench:ingest. */
  name: string;
  /** What it measures and where the results go. */
  summary: string;
  options: Record<string, BenchOption>;
}

export type BenchValues = Record<string, string | boolean | undefined>;

export type BenchArguments = { kind: 'run'; values: BenchValues } | { kind: 'help'; text: string } | { kind: 'error'; message: string };

export function benchUsage(command: BenchCommand): string {
  const entries: Array<[string, string]> = [
    ...Object.entries(command.options).map(([name, option]): [string, string] => [`--${name}${option.value ? ` ${option.value}` : ''}`, option.description]),
    ['-h, --help', 'this text'],
  ];
  const width = Math.max(...entries.map(([flag]) => flag.length)) + 2;
  return `Usage: npm run ${command.name} -- [options]\n\n${command.summary}\n\nOptions:\n${entries.map(([flag, description]) => `  ${flag.padEnd(width)}${description}`).join('\n')}\n`;
}

/**
 * Reads a benchmark's command line strictly: an unknown option, a stray word or a missing value
 * is an error naming it, so a typo (or --help) never starts a long run that overwrites results.
 */
export function parseBenchArguments(command: BenchCommand, argv: readonly string[]): BenchArguments {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: { ...Object.fromEntries(Object.entries(command.options).map(([name, option]) => [name, { type: option.type }])), help: { type: 'boolean', short: 'h' } },
    });
    if (values.help === true) return { kind: 'help', text: benchUsage(command) };
    delete values.help;
    return { kind: 'run', values };
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * The command line of this process: prints the usage and exits 0 on --help; exits 2 with the
 * reason on a bad option, or on a value `interpret` rejects (it reads and checks the values).
 */
export function readBenchArguments(command: BenchCommand): BenchValues;
export function readBenchArguments<T>(command: BenchCommand, interpret: (values: BenchValues) => T): T;
export function readBenchArguments<T>(command: BenchCommand, interpret?: (values: BenchValues) => T): T | BenchValues {
  const parsed = parseBenchArguments(command, process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(parsed.text);
    process.exit(0);
  }
  let message = parsed.kind === 'error' ? parsed.message : '';
  if (parsed.kind === 'run') {
    try {
      return interpret ? interpret(parsed.values) : parsed.values;
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
  }
  process.stderr.write(`${command.name}: ${message}\n(see --help)\n`);
  process.exit(2);
}

/** A whole number option at or above `minimum`, or `fallback` when not given. */
export function integerOption(values: BenchValues, name: string, fallback: number, minimum = 1): number {
  const value = values[name];
  if (value === undefined) return fallback;
  const parsed = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < minimum) throw new Error(`--${name} must be a whole number of at least ${minimum} (got ${JSON.stringify(value)})`);
  return parsed;
}

/** A scenario scale option, or `fallback` when not given. */
export function scaleOption(values: BenchValues, fallback: ScaleName): ScaleName;
export function scaleOption(values: BenchValues, fallback?: undefined): ScaleName | undefined;
export function scaleOption(values: BenchValues, fallback?: ScaleName): ScaleName | undefined {
  const value = values.scale;
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !isScaleName(value)) throw new Error(`--scale must be one of ${SCALE_NAMES.join(', ')} (got ${JSON.stringify(value)})`);
  return value;
}

/** --scale and --seed of the benchmarks that load a generated scenario (read with loadedScenarioOptions). */
export const LOADED_SCENARIO_OPTIONS: Record<'scale' | 'seed', BenchOption> = {
  scale: { type: 'string', value: SCALE_CHOICES, description: 'scenario size (default small; seed is read gzipped)' },
  seed: { type: 'string', value: 'N', description: 'scenario seed (default 1)' },
};

/** The scenario a loading benchmark's --scale and --seed name: small and 1 unless given. */
export function loadedScenarioOptions(values: BenchValues): { scale: ScaleName; seed: number } {
  return { scale: scaleOption(values, 'small'), seed: integerOption(values, 'seed', 1, 0) };
}

/** A string option, or `fallback` when not given. */
export function stringOption(values: BenchValues, name: string, fallback: string): string {
  const value = values[name];
  return typeof value === 'string' ? value : fallback;
}

/** A comma-separated list of names, each one of `choices`; `fallback` when the option is not given. */
export function choiceListOption<T extends string>(values: BenchValues, name: string, choices: readonly T[], fallback: readonly T[] = choices): T[] {
  return listItems(values, name, fallback.join(',')).map((item) => {
    if (!(choices as readonly string[]).includes(item)) throw new Error(`--${name} must name some of ${choices.join(', ')} (got ${JSON.stringify(item)})`);
    return item as T;
  });
}

/** A comma-separated list of whole numbers; `fallback` when the option is not given. */
export function wholeNumberListOption(values: BenchValues, name: string, fallback: readonly number[]): number[] {
  return listItems(values, name, fallback.join(',')).map((item) => {
    if (!/^\d+$/.test(item)) throw new Error(`--${name} must be whole numbers separated by commas (got ${JSON.stringify(item)})`);
    return Number(item);
  });
}

function listItems(values: BenchValues, name: string, fallback: string): string[] {
  return stringOption(values, name, fallback).split(',');
}

/** A boolean flag: true when given. */
export function flagOption(values: BenchValues, name: string): boolean {
  return values[name] === true;
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

/** The local server's settings, when the benchmarks use it (not with NEO4J_URI). */
export function localNeo4jBenchSettings(): LocalNeo4jSettings | undefined {
  const config = readConfig();
  return config.externalNeo4j ? undefined : localNeo4jSettings(config);
}

/** The local server's process and store folder, when the benchmarks use it (not with NEO4J_URI). */
export async function localNeo4jProcess(): Promise<{ pid: number | undefined; storeFolder: string } | undefined> {
  const settings = localNeo4jBenchSettings();
  return settings ? { pid: (await localStatus(settings)).pid, storeFolder: localStoreFolder(settings) } : undefined;
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
 * CPU used from now until `stop`, by this process and by the local Neo4j (`neo4jPid`, from
 * localNeo4jProcess; null for a server elsewhere): tells a benchmark bound by the machine's cores
 * (both busy) from one waiting on something (I/O, a lock).
 */
export function sampleCpu(options: { neo4jPid: number | null }): { stop(wallSeconds: number): CpuUse } {
  const neo4jPid = options.neo4jPid ?? undefined;
  const nodeStart = process.cpuUsage();
  const neo4jStart = neo4jPid === undefined ? undefined : processCpuSeconds(neo4jPid);
  return {
    stop(wallSeconds) {
      const used = process.cpuUsage(nodeStart);
      const nodeSeconds = (used.user + used.system) / 1e6;
      const neo4jEnd = neo4jPid === undefined ? undefined : processCpuSeconds(neo4jPid);
      const neo4jSeconds = neo4jStart === undefined || neo4jEnd === undefined ? null : neo4jEnd - neo4jStart;
      const round = (value: number) => Math.round(value * 10) / 10;
      return {
        nodeSeconds: round(nodeSeconds),
        neo4jSeconds: neo4jSeconds === null ? null : round(neo4jSeconds),
        cores: availableParallelism(),
        coresBusy: Math.round(((nodeSeconds + (neo4jSeconds ?? 0)) / wallSeconds) * 100) / 100,
      };
    },
  };
}

export { scenarioFolder, type ScenarioKind } from '../src/evaluation/cached-scenarios.js';

/** The folder a loading benchmark reads: `seed` is generated and read gzipped, the smaller scales plain. */
export function loadedScenarioFolder(scale: ScaleName, seed: number): Promise<string> {
  return scenarioFolder(scale, seed, scale === 'seed');
}

// A freshly started Neo4j compiles its write path while it loads (its JIT threads doubled its CPU
// time in the first small load after a start, which took half again as long). Benchmarks that
// load first run an untimed tiny load, so results compare the loader, not the server's age.
export const WARM_UP_SCALE = 'tiny';
const WARM_UP_SEED = 2;

/** Wipes the database and loads the tiny warm-up scenario, untimed; leaves the database wiped. */
export async function warmUpNeo4j(store: GraphStore): Promise<void> {
  process.stderr.write(`warming Neo4j up with an untimed ${WARM_UP_SCALE} load\n`);
  await wipeDatabase(store);
  await ingestBatch(store, await scenarioFolder(WARM_UP_SCALE, WARM_UP_SEED), { fingerprinter: createPromptFingerprinter() });
  await wipeDatabase(store);
}

const resultsPath = (name: string) => join(PROJECT_ROOT, 'bench', 'results', `${name}.json`);

/** bench/results/<name>.json as written so far, by key (empty when there is none yet). */
export async function readResults(name: string): Promise<Record<string, unknown>> {
  const path = resultsPath(name);
  return existsSync(path) ? (JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>) : {};
}

/** Merges this run's numbers into bench/results/<name>.json under `key`. */
export async function writeResults(name: string, key: string, result: unknown): Promise<string> {
  const path = resultsPath(name);
  await mkdir(dirname(path), { recursive: true });
  const existing = await readResults(name);
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
