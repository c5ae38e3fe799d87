// API benchmark: against a loaded and refreshed database (NEO4J_* or the local server), starts
// the API on a free loopback port and drives GET /campaigns, /campaigns/{id},
// /campaigns/{id}/graph (largest campaign, default limit) and /accounts/{id} (a member of it) with
// autocannon (50 connections, HYDRASCOPE_BENCH_SECONDS per route, default 15; the API runs in a
// process of its own, and requests accept gzip and brotli as browsers do); then `accounts-varied`:
// /accounts/{id} of a different member of the largest campaign on each request, so most pages
// are not cached yet (what an investigator opening account after account costs). Prints
// requests/s, p50/p95/p99, errors and the first (cold) request's time per route, and writes
// bench/results/api.json. A route meets its goal only when it completed requests, none failed,
// and its p95 is under the goal.
// Options: --help.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { generateApiKey, hashKey } from '../src/api/auth.js';
import { API_STORE_OPTIONS } from '../src/api/server.js';
import { listCampaignMembers, listCampaigns, type ListCampaignsInput } from '../src/api/use-cases/campaigns.js';
import { readConfig } from '../src/config/config.js';
import { resolveConnection } from '../src/graph-store/connect.js';
import { cypher } from '../src/graph-store/cypher-files.js';
import { openGraphStore } from '../src/graph-store/neo4j-adapter.js';
import { createLogger } from '../src/shared/logger.js';
import { PROJECT_ROOT } from '../src/shared/project-paths.js';
import { ingestBatch } from '../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../src/ingest/prompt-fingerprint/index.js';
import { runRefresh } from '../src/jobs/refresh-job.js';
import { SCALE_CHOICES, flagOption, goalMet, integerOption, readBenchArguments, scaleOption, scenarioFolder, type BenchCommand } from './support.js';
import type { ScaleName } from '../src/scenario/scales.js';
import type { GraphStore } from '../src/graph-store/neo4j-adapter.js';
import { percentileOfSorted } from '../src/shared/statistics.js';

const LARGEST_CAMPAIGN: ListCampaignsInput = { sort: '-size', limit: 1 };

const CONNECTIONS = 50;
const SECONDS = Number(process.env['HYDRASCOPE_BENCH_SECONDS'] ?? 15);
const GOALS_P95_MS: Record<string, number> = { campaigns: 50, graph: 250, account: 50 };
/** Members of the largest campaign that accounts-varied cycles through (more than it gets through at medium). */
const VARIED_ACCOUNTS = 4000;

const API_BENCH: BenchCommand = {
  name: 'bench:api',
  summary: `Starts the API (in its own process, on a free loopback port) against the database (NEO4J_* or the local\nserver) and drives the campaign list, the largest campaign, its graph and one member's account page\nwith autocannon: ${CONNECTIONS} connections, HYDRASCOPE_BENCH_SECONDS (now ${SECONDS}) per route.\nResults: bench/results/api.json.`,
  options: {
    scale: { type: 'string', value: SCALE_CHOICES, description: 'when the database holds no accounts, load this generated scenario first (and refresh)' },
    seed: { type: 'string', value: 'N', description: 'scenario seed for --scale (default 1)' },
    refresh: { type: 'boolean', description: 'run a refresh before measuring (e.g. after upgrading, so stored graphs exist)' },
  },
};
/** What a dashboard in a browser sends. */
const REQUEST_HEADERS = (key: string) => ({ 'X-API-Key': key, Accept: 'application/json', 'Accept-Encoding': 'gzip, deflate, br' });

interface RouteResult {
  route: string;
  path: string;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  /** The route's first request, before any warm-up (cold caches, query planning). */
  firstRequestMs: number;
  /** accounts-varied: how many different paths it asked for. */
  distinctPaths?: number;
  goalP95Ms: number | null;
  goalMet: boolean;
}

const round = (value: number) => Math.round(value * 100) / 100;

async function timeOneRequest(url: string, key: string): Promise<number> {
  const started = performance.now();
  // fetch decompresses; the time includes that, as a dashboard's would.
  const response = await fetch(url, { headers: REQUEST_HEADERS(key) });
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return round(performance.now() - started);
}

/** `paths`: one path, or several asked in turn (one per request, wrapping around). */
async function measure(name: string, url: string, paths: string | readonly string[], key: string, firstRequestMs: number): Promise<RouteResult> {
  // autocannon reports p97.5 but not p95: keep every latency and compute exact percentiles.
  const latencies: number[] = [];
  const path = typeof paths === 'string' ? paths : (paths[0] ?? '');
  let next = 0;
  const turns = typeof paths === 'string' ? {} : { requests: [{ method: 'GET' as const, setupRequest: (request: object) => ({ ...request, path: paths[next++ % paths.length] }) }] };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: `${url}${path}`, connections: CONNECTIONS, duration: SECONDS, headers: REQUEST_HEADERS(key), ...turns }, (error, finished) =>
      error ? reject(error) : resolve(finished),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
  latencies.sort((left, right) => left - right);
  const goal = GOALS_P95_MS[name] ?? null;
  const measured = {
    requests: result.requests.total,
    requestsPerSecond: round(result.requests.average),
    p50Ms: round(percentileOfSorted(latencies, 0.5)),
    p95Ms: round(percentileOfSorted(latencies, 0.95)),
    p99Ms: round(percentileOfSorted(latencies, 0.99)),
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
  const varied = typeof paths === 'string' ? {} : { distinctPaths: Math.min(next, paths.length) };
  return { route: name, path, ...varied, ...measured, firstRequestMs, goalP95Ms: goal, goalMet: goalMet(measured, goal) };
}

/** Starts bench/api-bench-server in its own process (with this process's environment) and waits until it listens. */
async function startServerProcess(keyHash: string): Promise<{ url: string; close(): Promise<void> }> {
  const child = spawn(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), 'api-bench-server.js')], {
    env: { ...process.env, HYDRASCOPE_BENCH_KEY_HASH: keyHash },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  const first = await Promise.race([once(lines, 'line').then(([line]) => String(line)), exited.then(() => undefined)]);
  if (first === undefined) throw new Error('the API server process exited before listening');
  const { url } = JSON.parse(first) as { url: string };
  return {
    url,
    async close() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** With --scale: loads the scenario into an empty database and refreshes when there is no current result. */
interface ApiBenchOptions {
  scale: ScaleName | undefined;
  seed: number;
  refresh: boolean;
}

async function prepareDatabase(store: GraphStore, { scale, seed, refresh }: ApiBenchOptions): Promise<void> {
  const [accounts] = await store.read<{ accounts: number }>(cypher('read-account-count'));
  if (scale !== undefined) {
    if ((accounts?.accounts ?? 0) === 0) {
      const folder = await scenarioFolder(scale, seed);
      process.stderr.write(`loading ${folder}\n`);
      await ingestBatch(store, folder, { fingerprinter: createPromptFingerprinter() });
    }
  }
  const current = await listCampaigns(store, LARGEST_CAMPAIGN);
  if (refresh || (scale !== undefined && current.total === 0)) {
    process.stderr.write('refreshing\n');
    const summary = await runRefresh(store, { requestedBy: 'bench:api' });
    process.stderr.write(`refresh ${summary.runId}: ${summary.counts.campaigns} campaigns in ${(summary.timings.total / 1000).toFixed(1)}s\n`);
  }
}

async function main(): Promise<void> {
  const options = readBenchArguments(API_BENCH, (values): ApiBenchOptions => ({ scale: scaleOption(values), seed: integerOption(values, 'seed', 1, 0), refresh: flagOption(values, 'refresh') }));
  const config = readConfig();
  const logger = createLogger('warn');
  const store = openGraphStore(await resolveConnection(config, (message) => logger.info(message)), API_STORE_OPTIONS);
  try {
    await prepareDatabase(store, options);
    // Through the API's own use case, so the bench cannot drift from the query's parameters.
    const largest = await listCampaigns(store, LARGEST_CAMPAIGN);
    const campaign = largest.items[0];
    if (!campaign) {
      process.stderr.write('bench:api: the database has no current campaigns. Give --scale medium to load and refresh that scenario, or load and refresh one yourself, with NEO4J_* pointing at it.\n');
      process.exitCode = 1;
      return;
    }
    const members: string[] = [];
    for (let cursor: string | undefined, more = true; more && members.length < VARIED_ACCOUNTS;) {
      const page = await listCampaignMembers(store, campaign.id, { limit: 1000, cursor });
      members.push(...page.items.map((item) => item.accountId));
      cursor = page.nextCursor ?? undefined;
      more = cursor !== undefined;
    }
    const [member] = members;
    const key = generateApiKey();
    const server = await startServerProcess(hashKey(key).toString('hex'));
    const id = encodeURIComponent(campaign.id);
    const routes: Array<[string, string]> = [
      ['campaigns', '/api/v1/campaigns'],
      ['campaign', `/api/v1/campaigns/${id}`],
      ['graph', `/api/v1/campaigns/${id}/graph`],
      ['account', `/api/v1/accounts/${encodeURIComponent(member ?? '')}`],
    ];
    process.stdout.write(`API benchmark: ${campaign.id} (${campaign.size} accounts, ${largest.total} current campaigns), ${CONNECTIONS} connections, ${SECONDS}s per route\n`);
    const results: RouteResult[] = [];
    try {
      for (const [name, path] of routes) {
        const firstRequestMs = await timeOneRequest(`${server.url}${path}`, key);
        // A short warm-up so the first route does not pay for JIT and Neo4j query planning alone.
        await autocannon({ url: `${server.url}${path}`, connections: 10, duration: 2, headers: REQUEST_HEADERS(key) });
        results.push(await measure(name, server.url, path, key, firstRequestMs));
      }
      // Not warmed up: its pages would be cached. The account route has planned its queries.
      const accountPaths = members.slice(1).map((accountId) => `/api/v1/accounts/${encodeURIComponent(accountId)}`);
      results.push(await measure('accounts-varied', server.url, accountPaths, key, await timeOneRequest(`${server.url}${accountPaths.pop() ?? ''}`, key)));
    } finally {
      await server.close();
    }
    const header = ['route', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'non-2xx', 'first ms', 'goal'];
    const rows = results.map((result) => [
      result.distinctPaths === undefined ? result.route : `${result.route} (${result.distinctPaths} ids)`,
      String(result.requestsPerSecond),
      String(result.p50Ms),
      String(result.p95Ms),
      String(result.p99Ms),
      String(result.errors),
      String(result.non2xx),
      String(result.firstRequestMs),
      `${result.goalP95Ms === null ? 'no errors' : `p95<${result.goalP95Ms}ms, no errors`} ${result.goalMet ? 'met' : 'MISSED'}`,
    ]);
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] as string).length)));
    for (const row of [header, ...rows]) process.stdout.write(`${row.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ')}\n`);
    const folder = join(PROJECT_ROOT, 'bench', 'results');
    mkdirSync(folder, { recursive: true });
    const report = {
      at: new Date().toISOString(),
      node: process.version,
      connections: CONNECTIONS,
      secondsPerRoute: SECONDS,
      campaign: { id: campaign.id, size: campaign.size },
      currentCampaigns: largest.total,
      results,
    };
    writeFileSync(join(folder, 'api.json'), `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`wrote ${join(folder, 'api.json')}\n`);
    if (results.some((result) => result.requests === 0 || result.errors > 0 || result.non2xx > 0)) process.exitCode = 1;
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:api: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
