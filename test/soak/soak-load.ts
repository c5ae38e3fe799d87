// The soak test's load phase: autocannon drives the dashboard routes at once (one instance per
// route, the connections shared by weight, ids taken in turn from real campaigns and accounts),
// while refreshes run through POST /api/v1/runs one after another and, in one phase, a second
// batch is ingested by the CLI in its own process. Everything is bounded by the phase length
// plus the time the last refresh or ingest needs to finish.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { IngestSummary } from '../../src/ingest/ingest-batch.js';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';
import { percentileOfSorted } from '../../src/shared/statistics.js';

export interface SoakTargets {
  campaignIds: string[];
  accountIds: string[];
}

export interface RouteSpec {
  name: string;
  /** Share of the connections (the shares add up to 1). */
  weight: number;
  paths: (targets: SoakTargets) => string[];
}

const encoded = (id: string) => encodeURIComponent(id);

/** The mixed route set: what dashboards and analysts read, the list routes with their usual queries. */
export const ROUTES: RouteSpec[] = [
  { name: 'campaigns', weight: 0.2, paths: () => ['/api/v1/campaigns', '/api/v1/campaigns?sort=-size&limit=10', '/api/v1/campaigns?minScore=0.6', '/api/v1/campaigns?status=new,grew,stable'] },
  { name: 'campaign', weight: 0.2, paths: ({ campaignIds }) => campaignIds.map((id) => `/api/v1/campaigns/${encoded(id)}`) },
  {
    name: 'graph',
    weight: 0.1,
    paths: ({ campaignIds }) => campaignIds.flatMap((id) => [`/api/v1/campaigns/${encoded(id)}/graph`, `/api/v1/campaigns/${encoded(id)}/graph?format=cytoscape&limit=100`]),
  },
  { name: 'members', weight: 0.15, paths: ({ campaignIds }) => campaignIds.map((id) => `/api/v1/campaigns/${encoded(id)}/accounts?limit=100`) },
  { name: 'account', weight: 0.25, paths: ({ accountIds }) => accountIds.map((id) => `/api/v1/accounts/${encoded(id)}`) },
  { name: 'runs', weight: 0.1, paths: () => ['/api/v1/runs', '/api/v1/runs?status=succeeded&limit=5'] },
];

/** Connections per route: proportional to the weights, at least one each, adding up to `total`. */
export function shareConnections(total: number, routes: readonly RouteSpec[] = ROUTES): number[] {
  const shares = routes.map((route) => Math.max(1, Math.floor(route.weight * total)));
  let remaining = total - shares.reduce((sum, share) => sum + share, 0);
  for (let index = 0; remaining > 0; index = (index + 1) % shares.length, remaining -= 1) shares[index] = (shares[index] as number) + 1;
  return shares;
}

export interface RouteResult {
  route: string;
  connections: number;
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  non2xx: number;
  /** 5xx answers other than 503 (each fails the soak). */
  serverErrors: number;
  /** 503 answers: documented (Neo4j unavailable), reported, not a failure by themselves. */
  unavailable: number;
  /** Socket errors and timeouts (each fails the soak). */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  errorSamples: string[];
}

const round = (value: number) => Math.round(value * 10) / 10;

async function loadRoute(url: string, key: string, route: RouteSpec, paths: string[], connections: number, seconds: number, timeoutSeconds: number): Promise<RouteResult> {
  let next = 0;
  const latencies: number[] = [];
  const errorSamples = new Set<string>();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: seconds,
        timeout: timeoutSeconds,
        headers: { 'X-API-Key': key, Accept: 'application/json' },
        requests: [
          {
            method: 'GET',
            // Each request takes the next id in turn, so the load spreads over every campaign and account.
            setupRequest: (request) => {
              const path = paths[next % paths.length] as string;
              next += 1;
              return { ...request, path };
            },
          },
        ],
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
    instance.on('reqError', (error: unknown) => {
      if (errorSamples.size < 5) errorSamples.add(error instanceof Error ? `${(error as NodeJS.ErrnoException).code ?? error.name}: ${error.message}` : String(error));
    });
  });
  latencies.sort((left, right) => left - right);
  const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([status, stats]) => [status, stats.count ?? 0]));
  const unavailable = statusCodes['503'] ?? 0;
  return {
    route: route.name,
    connections,
    requests: latencies.length,
    requestsPerSecond: round(latencies.length / seconds),
    p50Ms: round(percentileOfSorted(latencies, 0.5)),
    p95Ms: round(percentileOfSorted(latencies, 0.95)),
    p99Ms: round(percentileOfSorted(latencies, 0.99)),
    maxMs: round(latencies[latencies.length - 1] ?? 0),
    non2xx: result.non2xx,
    serverErrors: result['5xx'] - unavailable,
    unavailable,
    // autocannon counts timeouts among the errors; keep them apart.
    errors: result.errors - result.timeouts,
    timeouts: result.timeouts,
    statusCodes,
    errorSamples: [...errorSamples],
  };
}

/** Every route at once for `seconds`; resolves when all instances are done. */
export async function loadRoutes(url: string, key: string, targets: SoakTargets, options: { connections: number; seconds: number; timeoutSeconds: number }): Promise<RouteResult[]> {
  const shares = shareConnections(options.connections);
  return Promise.all(
    ROUTES.map((route, index) => {
      const paths = route.paths(targets);
      if (paths.length === 0) throw new Error(`no targets for route ${route.name} (no current campaigns or accounts?)`);
      return loadRoute(url, key, route, paths, shares[index] as number, options.seconds, options.timeoutSeconds);
    }),
  );
}

// ---- refreshes through the API ------------------------------------------------------------------

export interface RefreshRecord {
  runId: string | null;
  /** 202 when this loop started it, 409 when it found one running and followed that one. */
  startStatus: number;
  /** 503 answers (busy or unavailable, with Retry-After) to the start and status calls, each waited out and retried. */
  unavailable: number;
  status: 'succeeded' | 'failed' | 'running' | 'not-started';
  seconds: number;
  error: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Seconds a 503 asks the caller to wait (its Retry-After), or null for any other answer. */
async function retryAfter(response: Response): Promise<number | null> {
  if (response.status !== 503) return null;
  await response.body?.cancel();
  return Number(response.headers.get('retry-after') ?? 1) || 1;
}

async function followRun(url: string, key: string, runId: string, timeoutSeconds: number, onUnavailable: () => void): Promise<{ status: RefreshRecord['status']; error: string | null }> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/api/v1/runs/${encodeURIComponent(runId)}`, { headers: { 'X-API-Key': key } });
    const wait = await retryAfter(response);
    if (wait !== null) {
      onUnavailable();
      await sleep(wait * 1000);
      continue;
    }
    if (response.status !== 200) return { status: 'failed', error: `GET /api/v1/runs/${runId} answered ${response.status}: ${(await response.text()).slice(0, 300)}` };
    const run = (await response.json()) as { status: RefreshRecord['status']; error: string | null };
    if (run.status !== 'running') return { status: run.status, error: run.error };
    await sleep(1000);
  }
  return { status: 'running', error: `still running after ${timeoutSeconds}s` };
}

/**
 * Starts refreshes one after another until `stop()` says the load is over, and always follows
 * the last one to its end (so memory is measured with no refresh in flight).
 */
export function refreshWhile(url: string, key: string, options: { timeoutSeconds: number }): { stop(): Promise<RefreshRecord[]> } {
  const records: RefreshRecord[] = [];
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      const started = performance.now();
      let unavailable = 0;
      try {
        let response = await fetch(`${url}/api/v1/runs`, { method: 'POST', headers: { 'X-API-Key': key, 'Content-Type': 'application/json' }, body: '{}' });
        // Busy or unavailable is a documented answer: wait as told, and try again while the load lasts.
        for (let wait = await retryAfter(response); wait !== null && !stopping; wait = await retryAfter(response)) {
          unavailable += 1;
          await sleep(wait * 1000);
          response = await fetch(`${url}/api/v1/runs`, { method: 'POST', headers: { 'X-API-Key': key, 'Content-Type': 'application/json' }, body: '{}' });
        }
        const body = (await response.json().catch(() => ({}))) as { runId?: string; runningRunId?: string | null; detail?: string };
        const runId = response.status === 202 ? (body.runId ?? null) : response.status === 409 ? (body.runningRunId ?? null) : null;
        if (runId === null) {
          // Recorded either way; a 503 still standing when the load ended is reported, not a failure.
          records.push({ runId: null, startStatus: response.status, unavailable, status: 'not-started', seconds: 0, error: `POST /api/v1/runs answered ${response.status}: ${body.detail ?? ''}` });
          await sleep(1000);
          continue;
        }
        const outcome = await followRun(url, key, runId, options.timeoutSeconds, () => (unavailable += 1));
        records.push({ runId, startStatus: response.status, unavailable, status: outcome.status, seconds: round((performance.now() - started) / 1000), error: outcome.error });
      } catch (error) {
        // A socket error on the refresh calls is an API failure like any other: record it, go on.
        records.push({
          runId: null,
          startStatus: 0,
          unavailable,
          status: 'not-started',
          seconds: round((performance.now() - started) / 1000),
          error: error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error),
        });
        await sleep(1000);
      }
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
      return records;
    },
  };
}

// ---- a second batch, ingested by the CLI while the API serves -----------------------------------

export interface IngestRun {
  exitCode: number | null;
  seconds: number;
  summary: IngestSummary | null;
  stderrTail: string;
}

export function ingestInChildProcess(directory: string, environment: NodeJS.ProcessEnv): Promise<IngestRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'hydrascope.js'), 'ingest', directory, '--json'], { env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  return new Promise((resolve) => {
    child.on('close', (exitCode) => {
      let summary: IngestSummary | null = null;
      try {
        summary = JSON.parse(stdout.trim().split('\n').pop() ?? '') as IngestSummary;
      } catch {
        summary = null;
      }
      resolve({ exitCode, seconds: round((performance.now() - started) / 1000), summary, stderrTail: stderr.trim().split('\n').slice(-5).join('\n') });
    });
  });
}
