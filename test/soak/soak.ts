// `npm run test:soak`: a bounded, repeatable soak and fuzz run of the API against a real Neo4j.
// Loads a scenario (its own local Neo4j, restored from a snapshot after the first run), starts the
// API in a child process, then runs load phases: autocannon on the dashboard routes while
// refreshes run through POST /api/v1/runs and, in one phase, a second batch is ingested. After
// each phase the API process's heap and RSS are read after a forced GC. Then the API contract is
// fuzzed from its OpenAPI document (test/soak/soak-fuzz.ts). Fails (exit 1) on any 5xx but the
// documented 503, any socket error or timeout, a failed refresh, an ingest that does not
// reconcile, memory growth over the thresholds, or a contract failure. Writes
// test/soak/results/soak.json and test/soak/results/fuzz.json. Options: --help.
import { fork, type ChildProcess } from 'node:child_process';
import { closeSync, createReadStream, openSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateApiKey } from '../../src/api/auth.js';
import { readConfig, type Neo4jConnectionConfig } from '../../src/config/config.js';
import { scenarioFolder } from '../../src/evaluation/cached-scenarios.js';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { openGraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { isScaleName, type ScaleName } from '../../src/scenario/scales.js';
import { compiledModuleUrl, PROJECT_ROOT } from '../../src/shared/project-paths.js';
import { eventLoopDelaySummary } from '../support/event-loop-delay.js';
import type { SoakApiMemory, SoakApiMessage, SoakApiRequest } from './soak-api.js';
import { openSoakDatabase, prepareExtraBatch, type ExtraBatch } from './soak-database.js';
import { ensureSchemathesis, runContractProbes, runSchemathesis, SCHEMATHESIS_VERSION, type FuzzResult } from './soak-fuzz.js';
import { ingestInChildProcess, loadRoutes, refreshWhile, ROUTES, shareConnections, type IngestRun, type RefreshRecord, type RouteResult, type SoakTargets } from './soak-load.js';

const HELP = `Usage: npm run test:soak -- [options]      (npm run test:fuzz runs only the fuzzing)

Soak: load phases of autocannon on the API's dashboard routes while refreshes run (and, in one
phase, a second batch is ingested), memory of the API process after each phase, then API contract
fuzzing (schemathesis ${SCHEMATHESIS_VERSION} and contract probes) from the served OpenAPI document.
Exit code 1 on any failure. Results: test/soak/results/soak.json and test/soak/results/fuzz.json.

Database: its own local Neo4j under <state dir>/soak/neo4j (never a developer's), or NEO4J_URI.
The first run loads the base scenario and keeps the stopped server's data as a snapshot; later
runs restore it, so every run starts from the same graph.

Options:
  --scale tiny|small|medium     base scenario (default small)
  --seed N                      base scenario seed (default 1)
  --seconds N                   length of each load phase (default 60)
  --connections N               concurrent connections over all routes (default 100)
  --rounds N                    load phases (default 3); memory growth is checked from the 2nd to the last
  --timeout N                   per-request timeout in seconds; a timeout fails the run (default 10)
  --ingest-scale S              scale of the second batch (default tiny)
  --ingest-seed N               seed of the second batch (default 2)
  --ingest-round N              load phase that ingests the second batch (default 1; 0: none)
  --max-heap-growth-mb N        allowed heap growth (after GC) from the 2nd to the last phase (default 16)
  --max-rss-growth-mb N         allowed RSS growth from the 2nd to the last phase (default 128; RSS keeps
                                the allocator's pages after a refresh's peak, so it is looser than heap)
  --fuzz-seconds N              schemathesis time budget (default 120)
  --fuzz-seed N                 schemathesis seed (default 1)
  --fuzz-workers N              schemathesis workers (default 2)
  --no-fuzz                     skip the fuzzing
  --fuzz-only                   only the fuzzing (no load phases)
  --results NAME                name of the load phases' results file, test/soak/results/NAME.json (default soak;
                                give a variant run its own, e.g. soak-medium-ingest)
  --no-validate-responses       the API skips checking its JSON responses against their schemas
                                (on by default: a response that drifts from the schema is a 500)
  --reuse                       run on the database as it is (no snapshot restore, no load)
  --allow-wipe                  with NEO4J_URI: allow wiping and reloading that database
  --keep-neo4j                  leave the soak Neo4j running afterwards
  --bolt-port N / --http-port N soak Neo4j ports (default HYDRASCOPE_SOAK_BOLT_PORT or 17841,
                                HYDRASCOPE_SOAK_HTTP_PORT or 17628)
  --neo4j-heap S / --neo4j-pagecache S   soak Neo4j memory (default 1g / 1g)
  -h, --help                    this text

Environment: HYDRASCOPE_SOAK_CPU_PROFILE=<folder> writes V8 CPU profiles of the API process (and
its refresh workers); HYDRASCOPE_SOAK_REFRESH_IN_THREAD=1 runs refreshes on the API's own event
loop, as before they moved to worker threads, for comparison.
`;

interface SoakOptions {
  scale: ScaleName;
  seed: number;
  seconds: number;
  connections: number;
  rounds: number;
  timeoutSeconds: number;
  ingestScale: ScaleName;
  ingestSeed: number;
  ingestRound: number;
  maxHeapGrowthMb: number;
  maxRssGrowthMb: number;
  fuzz: boolean;
  fuzzOnly: boolean;
  fuzzSeconds: number;
  fuzzSeed: number;
  fuzzWorkers: number;
  validateResponses: boolean;
  /** test/soak/results/<resultsName>.json receives the load phases' results. */
  resultsName: string;
  reuse: boolean;
  allowWipe: boolean;
  keepNeo4j: boolean;
  boltPort: number;
  httpPort: number;
  neo4jHeap: string;
  neo4jPageCache: string;
}

class UsageError extends Error {}

/** A plain file name: the results land in test/soak/results, nowhere else. */
function resultsName(value: string): string {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(value)) throw new UsageError(`--results must be a short name of lowercase letters, digits and dashes (got ${JSON.stringify(value)})`);
  return value;
}

function parseOptions(argv: string[]): SoakOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      scale: { type: 'string', default: 'small' },
      seed: { type: 'string', default: '1' },
      seconds: { type: 'string', default: '60' },
      connections: { type: 'string', default: '100' },
      rounds: { type: 'string', default: '3' },
      timeout: { type: 'string', default: '10' },
      'ingest-scale': { type: 'string', default: 'tiny' },
      'ingest-seed': { type: 'string', default: '2' },
      'ingest-round': { type: 'string', default: '1' },
      'max-heap-growth-mb': { type: 'string', default: '16' },
      'max-rss-growth-mb': { type: 'string', default: '128' },
      'fuzz-seconds': { type: 'string', default: '120' },
      'fuzz-seed': { type: 'string', default: '1' },
      'fuzz-workers': { type: 'string', default: '2' },
      'no-fuzz': { type: 'boolean', default: false },
      'fuzz-only': { type: 'boolean', default: false },
      'no-validate-responses': { type: 'boolean', default: false },
      results: { type: 'string', default: 'soak' },
      reuse: { type: 'boolean', default: false },
      'allow-wipe': { type: 'boolean', default: false },
      'keep-neo4j': { type: 'boolean', default: false },
      'bolt-port': { type: 'string', default: process.env['HYDRASCOPE_SOAK_BOLT_PORT'] ?? '17841' },
      'http-port': { type: 'string', default: process.env['HYDRASCOPE_SOAK_HTTP_PORT'] ?? '17628' },
      'neo4j-heap': { type: 'string', default: '1g' },
      'neo4j-pagecache': { type: 'string', default: '1g' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  const integer = (name: keyof typeof values, min: number, max: number): number => {
    const number = Number(values[name]);
    if (!Number.isInteger(number) || number < min || number > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
    return number;
  };
  const scale = (name: 'scale' | 'ingest-scale'): ScaleName => {
    const value = values[name] as string;
    if (!isScaleName(value) || value === 'seed') throw new UsageError(`--${name} must be tiny, small or medium`);
    return value;
  };
  const size = (name: 'neo4j-heap' | 'neo4j-pagecache'): string => {
    const value = values[name] as string;
    if (!/^\d+[kmg]$/i.test(value)) throw new UsageError(`--${name} must be a size such as 512m or 1g`);
    return value;
  };
  const rounds = integer('rounds', 1, 50);
  return {
    scale: scale('scale'),
    seed: integer('seed', 0, 2 ** 31 - 1),
    seconds: integer('seconds', 1, 3600),
    connections: integer('connections', ROUTES.length, 2000),
    rounds,
    timeoutSeconds: integer('timeout', 1, 600),
    ingestScale: scale('ingest-scale'),
    ingestSeed: integer('ingest-seed', 0, 2 ** 31 - 1),
    ingestRound: integer('ingest-round', 0, rounds),
    maxHeapGrowthMb: integer('max-heap-growth-mb', 0, 100_000),
    maxRssGrowthMb: integer('max-rss-growth-mb', 0, 100_000),
    fuzz: !values['no-fuzz'],
    fuzzOnly: values['fuzz-only'] as boolean,
    fuzzSeconds: integer('fuzz-seconds', 1, 86_400),
    fuzzSeed: integer('fuzz-seed', 0, 2 ** 31 - 1),
    fuzzWorkers: integer('fuzz-workers', 1, 64),
    validateResponses: !values['no-validate-responses'],
    resultsName: resultsName(values.results as string),
    reuse: values.reuse as boolean,
    allowWipe: values['allow-wipe'] as boolean,
    keepNeo4j: values['keep-neo4j'] as boolean,
    boltPort: integer('bolt-port', 1, 65535),
    httpPort: integer('http-port', 1, 65535),
    neo4jHeap: size('neo4j-heap'),
    neo4jPageCache: size('neo4j-pagecache'),
  };
}

const log = (message: string) => process.stderr.write(`[soak] ${message}\n`);
const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

// ---- the API process ------------------------------------------------------------------------------

interface SoakApi {
  url: string;
  logFile: string;
  memory(): Promise<SoakApiMemory>;
  resetPeak(): void;
  /** Waits (at most timeoutSeconds) until the refreshes the API process started have ended. */
  refreshesIdle(timeoutSeconds: number): Promise<void>;
  /** Set when the process ended on its own. */
  exited(): string | null;
  stop(): Promise<void>;
}

function connectionEnvironment(connection: Neo4jConnectionConfig): NodeJS.ProcessEnv {
  return { NEO4J_URI: connection.uri, NEO4J_USER: connection.user, NEO4J_PASSWORD: connection.password, ...(connection.database ? { NEO4J_DATABASE: connection.database } : {}) };
}

async function startSoakApi(connection: Neo4jConnectionConfig, key: string, options: { validateResponses: boolean; logFile: string }): Promise<SoakApi> {
  const output = openSync(options.logFile, 'w');
  const child: ChildProcess = fork(fileURLToPath(compiledModuleUrl(import.meta.url, './soak-api.js')), [], {
    // HYDRASCOPE_SOAK_CPU_PROFILE=<folder> writes a V8 CPU profile of the API process (to find what holds its event loop).
    execArgv: ['--expose-gc', ...(process.env['HYDRASCOPE_SOAK_CPU_PROFILE'] ? ['--cpu-prof', `--cpu-prof-dir=${process.env['HYDRASCOPE_SOAK_CPU_PROFILE']}`] : [])],
    stdio: ['ignore', output, output, 'ipc'],
    env: {
      ...process.env,
      ...connectionEnvironment(connection),
      HYDRASCOPE_API_KEYS: `soak:admin:${key}`,
      HYDRASCOPE_API_KEYS_FILE: '',
      HYDRASCOPE_MODE: 'production',
      HYDRASCOPE_SOAK_VALIDATE_RESPONSES: options.validateResponses ? '1' : '0',
      // The load is the point: no per-key limit in its way.
      HYDRASCOPE_RATE_LIMIT_PER_MINUTE: '1000000000',
      // warn: also requests the client gave up on ('request aborted', with the server's time).
      HYDRASCOPE_LOG_LEVEL: 'warn',
      HYDRASCOPE_REFRESH_CRON: '',
    },
  });
  closeSync(output);
  let exitReason: string | null = null;
  let stopping = false;
  const waiting: Array<(message: SoakApiMessage) => void> = [];
  child.on('message', (message: SoakApiMessage) => waiting.shift()?.(message));
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exitReason = `the API process exited (code ${code}, signal ${signal})`;
      if (!stopping) log(`${exitReason}; log: ${options.logFile}`);
      resolve();
    }),
  );
  const next = (timeoutMs: number) =>
    new Promise<SoakApiMessage>((resolve, reject) => {
      const waiter = (message: SoakApiMessage) => {
        clearTimeout(timer);
        resolve(message);
      };
      const timer = setTimeout(() => {
        // A late answer must not be taken for the answer to the next request.
        waiting.splice(waiting.indexOf(waiter), 1);
        reject(new Error(`the API process did not answer within ${timeoutMs / 1000}s (log: ${options.logFile})`));
      }, timeoutMs);
      waiting.push(waiter);
      void exited.then(() => reject(new Error(`${exitReason}; log: ${options.logFile}\n${readFileSync(options.logFile, 'utf8').slice(-2000)}`)));
    });
  const send = (request: SoakApiRequest) => child.send(request);
  const listening = await next(120_000);
  if (listening.type !== 'listening') throw new Error(`unexpected first message from the API process: ${listening.type}`);
  return {
    url: listening.url,
    logFile: options.logFile,
    async memory() {
      send({ type: 'memory' });
      const reply = await next(60_000);
      if (reply.type !== 'memory') throw new Error(`unexpected answer from the API process: ${reply.type}`);
      const { type: _type, ...memory } = reply;
      return memory;
    },
    resetPeak: () => send({ type: 'peak-reset' }),
    async refreshesIdle(timeoutSeconds) {
      send({ type: 'idle' });
      const reply = await next(timeoutSeconds * 1000);
      if (reply.type !== 'idle') throw new Error(`unexpected answer from the API process: ${reply.type}`);
    },
    exited: () => exitReason,
    async stop() {
      if (exitReason !== null) return;
      stopping = true;
      send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
      exitReason = null;
    },
  };
}

// ---- targets --------------------------------------------------------------------------------------

async function getJson<T>(url: string, key: string): Promise<T> {
  const response = await fetch(url, { headers: { 'X-API-Key': key } });
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return (await response.json()) as T;
}

/** Every current campaign, their first members, and (unless reusing unknown data) a sample of all accounts. */
async function readTargets(url: string, key: string, accountsFile: string | null): Promise<SoakTargets & { runIds: string[] }> {
  const campaigns = await getJson<{ items: Array<{ id: string }> }>(`${url}/api/v1/campaigns?limit=200`, key);
  const campaignIds = campaigns.items.map((item) => item.id);
  const accountIds = new Set<string>();
  for (const id of campaignIds) {
    const members = await getJson<{ items: Array<{ accountId: string }> }>(`${url}/api/v1/campaigns/${encodeURIComponent(id)}/accounts?limit=50`, key);
    for (const member of members.items) accountIds.add(member.accountId);
  }
  if (accountsFile) {
    // Every 25th account of the scenario: mostly benign accounts, outside any campaign.
    let line = 0;
    for await (const text of createInterface({ input: createReadStream(accountsFile), crlfDelay: Infinity })) {
      if (line++ % 25 === 0 && text.trim() !== '') accountIds.add((JSON.parse(text) as { account_id: string }).account_id);
    }
  }
  const runs = await getJson<{ items: Array<{ runId: string }> }>(`${url}/api/v1/runs?limit=20`, key);
  return { campaignIds, accountIds: [...accountIds].sort(), runIds: runs.items.map((run) => run.runId) };
}

/** The API's own counters (/metrics): answers by route and status, and Neo4j errors by kind. */
async function scrapeCounters(url: string, key: string): Promise<Record<string, number>> {
  const response = await fetch(`${url}/metrics`, { headers: { 'X-API-Key': key } });
  const counters: Record<string, number> = {};
  if (response.status !== 200) return counters;
  for (const line of (await response.text()).split('\n')) {
    const request = /^hydrascope_http_requests_total\{method="[^"]*",route="([^"]*)",status="(\d+)"\} (\d+)/.exec(line);
    if (request) counters[`${request[1]} ${request[2]}`] = (counters[`${request[1]} ${request[2]}`] ?? 0) + Number(request[3]);
    const neo4j = /^hydrascope_neo4j_errors_total\{kind="([^"]*)"\} (\d+)/.exec(line);
    if (neo4j) counters[`neo4j ${neo4j[1]}`] = Number(neo4j[2]);
  }
  return counters;
}

const difference = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(after)
      .map(([name, value]) => [name, value - (before[name] ?? 0)])
      .filter(([, value]) => (value as number) > 0),
  );

// ---- ingest reconciliation ------------------------------------------------------------------------

interface IngestCheck {
  round: number;
  seconds: number;
  exitCode: number | null;
  status: string;
  files: Array<{ file: string; expected: number; read: number; loaded: number; rejected: number; duplicates: number }>;
  accountsBefore: number;
  accountsAfter: number;
  reconciled: boolean;
  problems: string[];
}

function reconcileIngest(round: number, run: IngestRun, batch: ExtraBatch, accountsBefore: number, accountsAfter: number): IngestCheck {
  const problems: string[] = [];
  const summary = run.summary;
  if (run.exitCode !== 0) problems.push(`hydrascope ingest exited with ${run.exitCode}: ${run.stderrTail}`);
  if (!summary) problems.push('no JSON summary on stdout');
  else if (summary.status !== 'loaded') problems.push(`status ${summary.status}: ${summary.error ?? ''}`);
  const files: IngestCheck['files'] = [];
  for (const kind of ['accounts', 'payments', 'events'] as const) {
    const file = summary?.files.find((entry) => entry.kind === kind);
    if (!file) {
      if (summary) problems.push(`no ${kind} file in the summary`);
      continue;
    }
    files.push({ file: file.file, expected: batch.rows[kind], read: file.read, loaded: file.loaded, rejected: file.rejected, duplicates: file.duplicates });
    if (file.read !== batch.rows[kind]) problems.push(`${file.file}: read ${file.read} of ${batch.rows[kind]} lines`);
    if (file.read !== file.loaded + file.rejected + file.duplicates)
      problems.push(`${file.file}: read ${file.read} ≠ loaded ${file.loaded} + rejected ${file.rejected} + duplicates ${file.duplicates}`);
    // A generated batch with fresh ids holds only valid, new rows.
    if (file.rejected > 0) problems.push(`${file.file}: ${file.rejected} rows rejected (see ${summary?.quarantinePath})`);
    if (file.duplicates > 0) problems.push(`${file.file}: ${file.duplicates} rows counted as duplicates`);
  }
  if (summary) {
    for (const field of ['read', 'loaded', 'rejected', 'duplicates'] as const) {
      const sum = summary.files.reduce((total, file) => total + file[field], 0);
      if (summary.totals[field] !== sum) problems.push(`totals.${field} ${summary.totals[field]} ≠ sum over files ${sum}`);
    }
    const loadedAccounts = files.find((file) => file.file.startsWith('accounts'))?.loaded ?? 0;
    if (accountsAfter - accountsBefore !== loadedAccounts) problems.push(`the graph gained ${accountsAfter - accountsBefore} accounts, the summary says ${loadedAccounts} loaded`);
  }
  return { round, seconds: run.seconds, exitCode: run.exitCode, status: summary?.status ?? 'no summary', files, accountsBefore, accountsAfter, reconciled: problems.length === 0, problems };
}

// ---- one load phase -------------------------------------------------------------------------------

interface RoundResult {
  round: number;
  seconds: number;
  routes: RouteResult[];
  refreshes: RefreshRecord[];
  ingest: IngestCheck | null;
  memory: { heapUsedMb: number; heapTotalMb: number; rssMb: number; externalMb: number; peakRssMb: number; gcForced: boolean };
  eventLoopDelayMs: SoakApiMemory['eventLoopDelayMs'];
  /**
   * The load generator's own event-loop delay: when it stalls, due timers run before waiting
   * answers are read, so a stall near the timeout shows as client timeouts the server did not cause.
   */
  loadGeneratorDelayMs: SoakApiMemory['eventLoopDelayMs'];
  /** What the API itself counted during the phase (answers by route and status, Neo4j errors by kind). */
  serverCounts: Record<string, number>;
}

async function loadPhase(
  round: number,
  api: SoakApi,
  key: string,
  targets: SoakTargets,
  options: SoakOptions,
  extra: { batch: ExtraBatch; connection: Neo4jConnectionConfig } | null,
): Promise<RoundResult> {
  const started = performance.now();
  const loadGeneratorDelay = monitorEventLoopDelay({ resolution: 20 });
  loadGeneratorDelay.enable();
  const countersBefore = await scrapeCounters(api.url, key);
  api.resetPeak();
  const refresher = refreshWhile(api.url, key, { timeoutSeconds: 900 });
  let ingest: Promise<IngestCheck> | null = null;
  if (extra) {
    const store = openGraphStore(extra.connection);
    const countAccounts = async () => (await store.read<{ accounts: number }>(cypher('read-account-count')))[0]?.accounts ?? 0;
    ingest = (async () => {
      try {
        const before = await countAccounts();
        const run = await ingestInChildProcess(extra.batch.directory, { ...process.env, ...connectionEnvironment(extra.connection), HYDRASCOPE_LOG_LEVEL: 'error' });
        return reconcileIngest(round, run, extra.batch, before, await countAccounts());
      } finally {
        await store.close();
      }
    })();
  }
  const routes = await loadRoutes(api.url, key, targets, { connections: options.connections, seconds: options.seconds, timeoutSeconds: options.timeoutSeconds });
  loadGeneratorDelay.disable();
  const refreshes = await refresher.stop();
  const ingestResult = ingest ? await ingest : null;
  const memory = await api.memory();
  const serverCounts = difference(await scrapeCounters(api.url, key), countersBefore);
  return {
    serverCounts,
    round,
    seconds: Math.round((performance.now() - started) / 100) / 10,
    routes,
    refreshes,
    ingest: ingestResult,
    memory: {
      heapUsedMb: megabytes(memory.heapUsedBytes),
      heapTotalMb: megabytes(memory.heapTotalBytes),
      rssMb: megabytes(memory.rssBytes),
      externalMb: megabytes(memory.externalBytes),
      peakRssMb: megabytes(memory.peakRssBytes),
      gcForced: memory.gcForced,
    },
    eventLoopDelayMs: memory.eventLoopDelayMs,
    loadGeneratorDelayMs: eventLoopDelaySummary(loadGeneratorDelay),
  };
}

// ---- report ----------------------------------------------------------------------------------------

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  return [header, ...rows].map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number))).join('  ')).join('\n');
}

function roundFailures(result: RoundResult): string[] {
  const failures: string[] = [];
  for (const route of result.routes) {
    if (route.serverErrors > 0) failures.push(`round ${result.round}, ${route.route}: ${route.serverErrors} server errors (5xx other than 503): ${JSON.stringify(route.statusCodes)}`);
    if (route.errors > 0 || route.timeouts > 0) failures.push(`round ${result.round}, ${route.route}: ${route.errors} socket errors, ${route.timeouts} timeouts ${route.errorSamples.join('; ')}`);
  }
  for (const refresh of result.refreshes) {
    if (refresh.status !== 'succeeded' && refresh.startStatus !== 503) failures.push(`round ${result.round}: refresh ${refresh.runId ?? '(not started)'} ${refresh.status}: ${refresh.error ?? ''}`);
  }
  if (result.ingest && !result.ingest.reconciled) failures.push(`round ${result.round}: the second batch's ingest does not reconcile: ${result.ingest.problems.join('; ')}`);
  return failures;
}

function printRound(result: RoundResult): void {
  const rows = result.routes.map((route) => [
    route.route,
    String(route.connections),
    String(route.requests),
    String(route.requestsPerSecond),
    String(route.p50Ms),
    String(route.p95Ms),
    String(route.p99Ms),
    String(route.non2xx),
    String(route.serverErrors),
    String(route.unavailable),
    String(route.errors),
    String(route.timeouts),
  ]);
  process.stdout.write(`\nround ${result.round} (${result.seconds}s)\n`);
  process.stdout.write(`${table(['route', 'conns', 'requests', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'non-2xx', '5xx', '503', 'errors', 'timeouts'], rows)}\n`);
  const refreshes = result.refreshes
    .map((refresh) => `${refresh.status} ${refresh.seconds}s${refresh.unavailable > 0 ? ` after ${refresh.unavailable}× 503` : ''}${refresh.startStatus === 503 ? ' (503 until the load ended)' : ''}`)
    .join(', ');
  process.stdout.write(`refreshes: ${result.refreshes.length} (${refreshes || 'none'})\n`);
  if (result.ingest) {
    const files = result.ingest.files.map((file) => `${file.file} ${file.read}=${file.loaded}+${file.rejected}+${file.duplicates}`).join(', ');
    process.stdout.write(
      `second batch ingested in ${result.ingest.seconds}s while serving: ${result.ingest.reconciled ? 'reconciles' : 'DOES NOT RECONCILE'} (${files}; accounts ${result.ingest.accountsBefore} → ${result.ingest.accountsAfter})\n`,
    );
  }
  const memory = result.memory;
  process.stdout.write(`API process after the phase${memory.gcForced ? ' (after GC)' : ''}: heap ${memory.heapUsedMb} MB, RSS ${memory.rssMb} MB, peak RSS during the phase ${memory.peakRssMb} MB\n`);
  process.stdout.write(
    `the API counted: ${Object.entries(result.serverCounts)
      .map(([name, count]) => `${name.replace('/api/v1', '')}: ${count}`)
      .join(', ')}\n`,
  );
  process.stdout.write(`API event-loop delay during the phase: p50 ${result.eventLoopDelayMs.p50} ms, p99 ${result.eventLoopDelayMs.p99} ms, max ${result.eventLoopDelayMs.max} ms\n`);
  process.stdout.write(`load generator's event-loop delay: p50 ${result.loadGeneratorDelayMs.p50} ms, p99 ${result.loadGeneratorDelayMs.p99} ms, max ${result.loadGeneratorDelayMs.max} ms\n`);
}

function printFuzz(fuzz: FuzzResult): void {
  process.stdout.write('\ncontract fuzzing\n');
  if ('unavailable' in fuzz.schemathesis) {
    process.stdout.write(`schemathesis: not run (${fuzz.schemathesis.unavailable})\n`);
  } else {
    const result = fuzz.schemathesis;
    process.stdout.write(
      `schemathesis ${result.version}: ${result.testCases} test cases on ${result.operationsTested} operations in ${result.seconds}s (seed ${result.seed}), ${result.failures.length} failures${result.error ? `, error: ${result.error}` : ''}\n`,
    );
    for (const failure of result.failures) process.stdout.write(`  ${failure.operation}: ${failure.check} (status ${failure.responseStatus}, case ${failure.caseId}) ${failure.message}\n`);
  }
  process.stdout.write(`contract probes: ${fuzz.probes.total} sent, ${fuzz.probes.failed} failed; statuses ${JSON.stringify(fuzz.probes.statusCodes)}\n`);
  for (const failure of fuzz.probes.failures) process.stdout.write(`  ${failure.probe}: ${failure.status} ${failure.reason}\n`);
}

async function writeResult(name: string, result: unknown): Promise<string> {
  const folder = join(PROJECT_ROOT, 'test', 'soak', 'results');
  await mkdir(folder, { recursive: true });
  const path = join(folder, `${name}.json`);
  await writeFile(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}

// ---- main ------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  let options: SoakOptions;
  try {
    const parsed = parseOptions(process.argv.slice(2));
    if (parsed === 'help') {
      process.stdout.write(HELP);
      return;
    }
    options = parsed;
  } catch (error) {
    process.stderr.write(`test:soak: ${error instanceof Error ? error.message : String(error)}\n(see --help)\n`);
    process.exitCode = 2;
    return;
  }
  const config = readConfig();
  const soakFolder = join(config.stateDir, 'soak');
  await mkdir(soakFolder, { recursive: true });
  const startedAt = new Date().toISOString();
  const machine = { cpus: cpus().length, totalMemoryGb: Math.round(totalmem() / 1024 ** 3), loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100) };
  const failures: string[] = [];

  const database = await openSoakDatabase({
    config,
    boltPort: options.boltPort,
    httpPort: options.httpPort,
    heap: options.neo4jHeap,
    pageCache: options.neo4jPageCache,
    scale: options.scale,
    seed: options.seed,
    reuse: options.reuse,
    allowWipe: options.allowWipe,
    log,
  });
  let api: SoakApi | undefined;
  try {
    const extraBatch = !options.fuzzOnly && options.ingestRound > 0 ? await prepareExtraBatch(config.stateDir, options.ingestScale, options.ingestSeed) : null;
    const key = generateApiKey();
    api = await startSoakApi(database.connection, key, { validateResponses: options.validateResponses, logFile: join(soakFolder, 'api.log') });
    log(`API at ${api.url} (log ${api.logFile}); database: ${database.description} (${database.base.source})`);
    const accountsFile = database.base.source === 'reused' ? null : join(await scenarioFolder(options.scale, options.seed), 'accounts.ndjson');
    const targets = await readTargets(api.url, key, accountsFile);
    log(`targets: ${targets.campaignIds.length} campaigns, ${targets.accountIds.length} accounts, ${targets.runIds.length} runs`);

    const rounds: RoundResult[] = [];
    if (!options.fuzzOnly) {
      const shares = shareConnections(options.connections);
      log(
        `load: ${options.rounds} phases of ${options.seconds}s, ${options.connections} connections (${ROUTES.map((route, index) => `${route.name} ${shares[index]}`).join(', ')}), refreshes throughout`,
      );
      for (let round = 1; round <= options.rounds; round += 1) {
        const extra = extraBatch && round === options.ingestRound ? { batch: extraBatch, connection: database.connection } : null;
        log(`phase ${round}/${options.rounds}${extra ? `, ingesting ${extraBatch?.directory}` : ''}`);
        const result = await loadPhase(round, api, key, targets, options, extra);
        rounds.push(result);
        printRound(result);
        failures.push(...roundFailures(result));
        const exited = api.exited();
        if (exited) {
          failures.push(exited);
          break;
        }
      }
      const second = rounds[1];
      const last = rounds[rounds.length - 1];
      const memory = {
        perRound: rounds.map((round) => ({ round: round.round, ...round.memory })),
        heapGrowthMb: second && last ? Math.round((last.memory.heapUsedMb - second.memory.heapUsedMb) * 10) / 10 : null,
        rssGrowthMb: second && last ? Math.round((last.memory.rssMb - second.memory.rssMb) * 10) / 10 : null,
        maxHeapGrowthMb: options.maxHeapGrowthMb,
        maxRssGrowthMb: options.maxRssGrowthMb,
        checked: rounds.length >= 3,
      };
      if (memory.checked && (memory.heapGrowthMb ?? 0) > options.maxHeapGrowthMb)
        failures.push(`API heap grew ${memory.heapGrowthMb} MB from phase 2 to phase ${last?.round} (allowed ${options.maxHeapGrowthMb} MB)`);
      if (memory.checked && (memory.rssGrowthMb ?? 0) > options.maxRssGrowthMb)
        failures.push(`API RSS grew ${memory.rssGrowthMb} MB from phase 2 to phase ${last?.round} (allowed ${options.maxRssGrowthMb} MB)`);
      process.stdout.write(
        `\nmemory of the API process (phase: heap MB / RSS MB): ${memory.perRound.map((entry) => `${entry.round}: ${entry.heapUsedMb} / ${entry.rssMb}`).join(', ')}\n` +
          (memory.checked
            ? `growth from phase 2 to ${last?.round}: heap ${memory.heapGrowthMb} MB (allowed ${options.maxHeapGrowthMb}), RSS ${memory.rssGrowthMb} MB (allowed ${options.maxRssGrowthMb})\n`
            : 'growth not checked: needs at least 3 phases\n'),
      );
      const soak = {
        startedAt,
        finishedAt: new Date().toISOString(),
        node: process.version,
        machine: { ...machine, loadAverageAtEnd: loadavg().map((value) => Math.round(value * 100) / 100) },
        note: 'measured on a shared, loaded 2-core machine: latencies and rates are indicative only',
        options,
        database: { description: database.description, base: database.base },
        targets: { campaigns: targets.campaignIds.length, accounts: targets.accountIds.length },
        routes: ROUTES.map((route, index) => ({ route: route.name, connections: shares[index], paths: route.paths({ campaignIds: ['{id}'], accountIds: ['{id}'] }) })),
        rounds,
        memory,
        passed: failures.length === 0,
        failures: [...failures],
      };
      log(`results: ${await writeResult(options.resultsName, soak)}`);
    }

    if (options.fuzz || options.fuzzOnly) {
      let schemathesis: FuzzResult['schemathesis'];
      try {
        const st = ensureSchemathesis(config.stateDir, log);
        log(`schemathesis ${SCHEMATHESIS_VERSION}: up to ${options.fuzzSeconds}s against ${api.url}/openapi.json`);
        schemathesis = await runSchemathesis({ st, url: api.url, key, stateDir: config.stateDir, seconds: options.fuzzSeconds, seed: options.fuzzSeed, workers: options.fuzzWorkers, targets });
      } catch (error) {
        schemathesis = { unavailable: error instanceof Error ? error.message : String(error) };
      }
      const probes = await runContractProbes(api.url, key, targets);
      // Fuzzing starts refreshes with generated parameters: let them end before the API stops.
      await api.refreshesIdle(900);
      const fuzz: FuzzResult = { schemathesis, probes };
      printFuzz(fuzz);
      if ('unavailable' in schemathesis) failures.push(`schemathesis could not run: ${schemathesis.unavailable}`);
      else {
        if (schemathesis.error) failures.push(`schemathesis: ${schemathesis.error}`);
        for (const failure of schemathesis.failures) failures.push(`fuzz: ${failure.operation}: ${failure.check} (status ${failure.responseStatus})`);
      }
      for (const failure of probes.failures) failures.push(`probe: ${failure.probe}: ${failure.reason}`);
      const exited = api.exited();
      if (exited) failures.push(exited);
      log(
        `results: ${await writeResult('fuzz', { measuredAt: new Date().toISOString(), node: process.version, api: { validateResponses: options.validateResponses }, ...fuzz, passed: failures.filter((failure) => /^(fuzz|probe|schemathesis)/.test(failure)).length === 0 })}`,
      );
    }
  } finally {
    await api?.stop();
    await database.release(options.keepNeo4j);
  }

  if (failures.length > 0) {
    process.stdout.write(`\nFAILED (${failures.length}):\n${failures.map((failure) => `  - ${failure}`).join('\n')}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write('\npassed: no server errors, socket errors or timeouts, refreshes succeeded, the ingest reconciles, memory within bounds, contract holds\n');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`test:soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
