// Neo4j going away for real: a dedicated local server (its own ports and folder, never the shared
// test server) is frozen and thawed, then stopped while the API serves and an ingest runs, then
// started again. The API must answer 503 + Retry-After promptly while Neo4j is frozen or down and
// recover without a restart; the ingest must fail cleanly as 'unavailable', and a rerun must end
// with exactly the counts of one clean load. The steps run in order on one server, since a stop
// and start take tens of seconds.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { GraphStoreError } from '../../src/graph-store/errors.js';
import { localConnection, localStatus, startLocalNeo4j, stopLocalNeo4j } from '../../src/graph-store/local-neo4j.js';
import { openGraphStore, type GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { applySchema, wipeDatabase } from '../../src/graph-store/schema.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { createLogger } from '../../src/shared/logger.js';
import { VIEWER_KEY, loadFixture, testConfig } from '../api/support.js';
import { syntheticEvents, temporaryDirectory, writeLines } from '../support/batches.js';
import { dedicatedNeo4jSettings, openTestStore } from '../support/neo4j.js';

const OUTAGE_NEO4J = dedicatedNeo4jSettings('outage', 20);

const ROUTES = ['/readyz', '/api/v1/campaigns', '/api/v1/campaigns/camp-a', '/api/v1/accounts/acc-01'];
/** A hang check, not a speed test: a request must come back at all while Neo4j is gone. */
const ANSWER_WITHIN_MS = 15_000;
/** 40 accounts × 50 events in chunks of 100 rows: two accounts per chunk, 20 chunks. */
const ACCOUNTS = 40;
const EVENTS_PER_ACCOUNT = 50;
const CHUNK_ROWS = 100;
const CHUNKS_BEFORE_LOCK = 5;
/** The first account of chunk 5 (syntheticEvents writes each account's events together). */
const LOCKED_ACCOUNT = `acct-${(CHUNKS_BEFORE_LOCK * CHUNK_ROWS) / EVENTS_PER_ACCOUNT}`;

interface Reply {
  path: string;
  status: number;
  retryAfter: string | null;
  contentType: string;
  body: { type?: string; status?: number };
  ms: number;
}

async function get(api: RunningServer, path: string): Promise<Reply> {
  const started = Date.now();
  const response = await fetch(`${api.url}${path}`, { headers: { 'X-API-Key': VIEWER_KEY }, signal: AbortSignal.timeout(60_000) });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  return { path, status: response.status, retryAfter: response.headers.get('retry-after'), contentType, body: /json/.test(contentType) ? JSON.parse(text) : {}, ms: Date.now() - started };
}

/** Asks every route until all answer 200; returns every status seen on the way. */
async function untilAllAnswer200(api: RunningServer, withinMs: number): Promise<{ last: number[]; seen: Set<number> }> {
  const seen = new Set<number>();
  const deadline = Date.now() + withinMs;
  let last: number[] = [];
  while (Date.now() < deadline) {
    last = (await Promise.all(ROUTES.map((path) => get(api, path)))).map((reply) => reply.status);
    for (const status of last) seen.add(status);
    if (last.every((status) => status === 200)) break;
    await sleep(250);
  }
  return { last, seen };
}

function expectUnavailable(replies: Reply[]): void {
  for (const reply of replies) {
    expect(reply.status, reply.path).toBe(503);
    expect(reply.retryAfter, reply.path).toBe('5');
    expect(reply.contentType, reply.path).toMatch(/^application\/problem\+json/);
    expect(reply.body.type, reply.path).toBe('urn:hydrascope:problem:neo4j-unavailable');
    expect(reply.ms, reply.path).toBeLessThan(ANSWER_WITHIN_MS);
  }
}

describe('Neo4j stopped and started under a running API and ingest', () => {
  const batch = temporaryDirectory();
  writeLines(batch, 'events.ndjson', syntheticEvents(ACCOUNTS, EVENTS_PER_ACCOUNT));
  let startedHere = false;
  let store: GraphStore;
  let api: RunningServer;
  let clean: Record<string, unknown> | undefined;

  beforeAll(async () => {
    // The server starts while the reference load runs; both settle before anything fails, so a
    // server started here is always stopped again in afterAll.
    const [started, reference] = await Promise.allSettled([
      startLocalNeo4j(OUTAGE_NEO4J),
      // The reference: one clean load of fixture + batch on the shared test server.
      (async () => {
        const shared = await openTestStore();
        try {
          await loadFixture(shared);
          await ingestBatch(shared, batch, { fingerprinter: createPromptFingerprinter(), chunkRows: CHUNK_ROWS });
          return (await shared.read(cypher('test/read-graph-totals')))[0];
        } finally {
          await wipeDatabase(shared);
          await shared.close();
        }
      })(),
    ]);
    startedHere = started.status === 'fulfilled' && !started.value.alreadyRunning;
    if (started.status === 'rejected') throw started.reason;
    if (reference.status === 'rejected') throw reference.reason;
    clean = reference.value;
    const connection = localConnection(OUTAGE_NEO4J);
    // Short driver retries, so a load against a dead server gives up in seconds, not half a minute.
    store = openGraphStore(connection, { maxTransactionRetryTimeMs: 2000, connectionAcquisitionTimeoutMs: 5000 });
    await applySchema(store);
    await wipeDatabase(store);
    await loadFixture(store);
    // The API opens its own store from the configuration, exactly as `hydrascope serve` does. Its
    // result cache checks the current run on every request: otherwise a cached campaign list is
    // rightly served for up to a second after Neo4j froze, and these tests would depend on timing.
    api = await startServer({
      config: testConfig({ NEO4J_URI: connection.uri, NEO4J_USER: connection.user, NEO4J_PASSWORD: connection.password }),
      logger: createLogger('silent'),
      host: '127.0.0.1',
      port: 0,
      resultCache: { checkIntervalMs: 0 },
    });
  });

  afterAll(async () => {
    await api?.close();
    if (store) {
      await wipeDatabase(store).catch(() => undefined);
      await store.close();
    }
    // Leave a server that was already running (a developer rerunning this file) as it was.
    if (startedHere) await stopLocalNeo4j(OUTAGE_NEO4J);
  });

  it('serves every route while Neo4j is up', async () => {
    // A freshly started server plans its first queries slowly; only 200 or 503 on the way there.
    const { last, seen } = await untilAllAnswer200(api, 60_000);
    expect(last).toEqual(ROUTES.map(() => 200));
    expect([...seen].filter((status) => status !== 200 && status !== 503)).toEqual([]);
  }, 90_000);

  it('answers 503 with Retry-After at its deadline while Neo4j is frozen, and 200 once it resumes', async () => {
    // SIGSTOP: connections stay open but nothing answers, like a hung server or a dead network path.
    const { pid } = await localStatus(OUTAGE_NEO4J);
    expect(pid).toBeDefined();
    process.kill(pid as number, 'SIGSTOP');
    try {
      expectUnavailable(await Promise.all(ROUTES.map((path) => get(api, path))));
    } finally {
      process.kill(pid as number, 'SIGCONT');
    }
    const { last, seen } = await untilAllAnswer200(api, 60_000);
    expect(last).toEqual(ROUTES.map(() => 200));
    expect([...seen].filter((status) => status !== 200 && status !== 503)).toEqual([]);
  }, 120_000);

  it('fails an ingest cleanly, as worth retrying, when Neo4j stops in the middle of it', async () => {
    // Another transaction holds the lock on an account of chunk 5, so the load is deterministically
    // in the middle of a chunk transaction, on any machine, when the server goes away under it.
    let releaseHolder: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      releaseHolder = resolve;
    });
    let holding: () => void = () => undefined;
    const isHolding = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const holder = store
      .writeTransaction(async (transaction) => {
        await transaction.run(cypher('test/update-account-touched'), { accountId: LOCKED_ACCOUNT });
        holding();
        await released;
        throw new Error('rolled back on purpose');
      })
      .catch(() => undefined);
    await isHolding;
    let committed = 0;
    let stopping: Promise<unknown> | undefined;
    const outcome = await ingestBatch(store, batch, {
      fingerprinter: createPromptFingerprinter(),
      chunkRows: CHUNK_ROWS,
      onChunkCommitted: () => {
        committed += 1;
        if (committed === CHUNKS_BEFORE_LOCK) stopping = stopLocalNeo4j(OUTAGE_NEO4J);
      },
    }).catch((error: unknown) => error);
    await stopping;
    releaseHolder();
    await holder;
    expect(committed).toBe(CHUNKS_BEFORE_LOCK);
    // The chunk waiting in Neo4j is terminated by the shutdown (transient); a chunk starting
    // later finds the database gone (unavailable). Either way: retry later, nothing is wrong.
    expect(outcome).toBeInstanceOf(GraphStoreError);
    expect(['unavailable', 'transient'], `${String(outcome)} (${(outcome as GraphStoreError).code})`).toContain((outcome as GraphStoreError).reason);
    expect((outcome as GraphStoreError).retriable).toBe(true);
    expect((outcome as GraphStoreError).message.split('\n')).toHaveLength(1);
  }, 180_000);

  it('answers 503 problem+json with Retry-After, promptly, on readiness and data routes while Neo4j is down', async () => {
    expectUnavailable(await Promise.all(ROUTES.map((path) => get(api, path))));
    expect((await get(api, '/healthz')).status).toBe(200);
  });

  it('recovers on the same API instance once Neo4j is back, answering only 200 or 503 meanwhile', async () => {
    const server = api.server;
    await startLocalNeo4j(OUTAGE_NEO4J);
    const { last, seen } = await untilAllAnswer200(api, 60_000);
    expect(last).toEqual(ROUTES.map(() => 200));
    expect([...seen].filter((status) => status !== 200 && status !== 503)).toEqual([]);
    expect(api.server).toBe(server);
    expect(server.listening).toBe(true);
  }, 300_000);

  it('ends a rerun after the restart with exactly the counts of one clean load', async () => {
    const summary = await ingestBatch(store, batch, { fingerprinter: createPromptFingerprinter(), chunkRows: CHUNK_ROWS });
    expect(summary.status).toBe('loaded');
    // Chunks committed before the stop were skipped, not loaded twice.
    expect(summary.totals.duplicates).toBeGreaterThan(0);
    expect((await store.read(cypher('test/read-graph-totals')))[0]).toEqual(clean);
  }, 120_000);
});
