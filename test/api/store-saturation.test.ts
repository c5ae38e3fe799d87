// The API when Neo4j cannot serve every request at once: a connection pool that runs dry under a
// burst of requests, and errors that stay transient after the driver's retries. Either way a
// client gets 200 or 503 with Retry-After (try again shortly), never a 500.
import neo4j from 'neo4j-driver';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/api/server.js';
import { openGraphStore, toStoreError, type GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { holdOneConnection, testConnection } from '../support/neo4j.js';
import { startServer } from '../../src/api/server.js';
import { createLogger } from '../../src/shared/logger.js';
import { VIEWER_KEY, loadFixture, startTestApi, testConfig, testRefreshStarter } from './support.js';
import { useTestStore } from '../support/test-store.js';

const DATA_ROUTES = ['/api/v1/campaigns', '/api/v1/campaigns/camp-a', '/api/v1/campaigns/camp-a/accounts', '/api/v1/accounts/acc-01', '/api/v1/accounts/acc-06?links=5', '/api/v1/runs'];

async function get(server: RunningServer, path: string): Promise<{ path: string; status: number; retryAfter: string | null; contentType: string }> {
  const response = await fetch(`${server.url}${path}`, { headers: { 'X-API-Key': VIEWER_KEY } });
  await response.arrayBuffer();
  return { path, status: response.status, retryAfter: response.headers.get('retry-after'), contentType: response.headers.get('content-type') ?? '' };
}

describe('the API with Neo4j saturated', () => {
  const store = useTestStore();
  beforeAll(async () => {
    await loadFixture(store);
  });

  it('answers 200 or 503 with Retry-After, never 500, when the connection pool runs dry', async () => {
    // Two connections, both held: a first wave of requests finds the pool dry for longer than the
    // 500 ms acquisition timeout. One connection is then freed and a second wave must be served.
    const small = openGraphStore(testConnection(), { maxConnectionPoolSize: 2, connectionAcquisitionTimeoutMs: 500, maxTransactionRetryTimeMs: 1000 });
    const api = await startTestApi(small);
    const releaseFirst = await holdOneConnection(small);
    const releaseSecond = await holdOneConnection(small);
    try {
      const wave = (size: number) => Array.from({ length: size }, (_unused, index) => (index % 15 === 14 ? '/readyz' : (DATA_ROUTES[index % DATA_ROUTES.length] as string)));
      const dry = Promise.all(wave(45).map((path) => get(api, path)));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await releaseSecond();
      const replies = [...(await dry), ...(await Promise.all(wave(45).map((path) => get(api, path))))];
      const unexpected = replies.filter((reply) => reply.status !== 200 && reply.status !== 503);
      expect(unexpected).toEqual([]);
      const unavailable = replies.filter((reply) => reply.status === 503);
      expect(unavailable.length).toBeGreaterThan(0);
      expect(replies.some((reply) => reply.status === 200)).toBe(true);
      for (const reply of unavailable) {
        expect(reply.retryAfter, reply.path).toBe('5');
        expect(reply.contentType, reply.path).toMatch(/^application\/problem\+json/);
      }
      // The benchmarks' failing route: an account page asks for two reads in a row.
      expect(unavailable.map((reply) => reply.path)).toEqual(expect.arrayContaining([expect.stringMatching(/^\/api\/v1\/accounts\//)]));
      // Once the connections are free again, the same server instance answers normally.
      await releaseFirst();
      for (const path of DATA_ROUTES) expect((await get(api, path)).status, path).toBe(200);
    } finally {
      await releaseSecond();
      await releaseFirst();
      await api.close();
      await small.close();
    }
  });

  it('answers 503 with Retry-After when Neo4j stays busy after the driver gave up retrying', async () => {
    // The real store, except that campaign reads end the way an exhausted retry of a deadlock does.
    const deadlock = new neo4j.Neo4jError('ForsetiClient can not acquire lock', 'Neo.TransientError.Transaction.DeadlockDetected', '50N42', 'error: general processing exception');
    const busy: GraphStore = {
      ...store,
      description: store.description,
      read: (statement, parameters) => (statement.name === 'read-current-campaigns' ? Promise.reject(toStoreError(deadlock, statement.name)) : store.read(statement, parameters)),
    };
    const api = await startTestApi(busy);
    try {
      const reply = await get(api, '/api/v1/campaigns');
      expect(reply.status).toBe(503);
      expect(reply.retryAfter).toBe('5');
      expect(reply.contentType).toMatch(/^application\/problem\+json/);
      expect((await get(api, '/api/v1/accounts/acc-01')).status).toBe(200);
    } finally {
      await api.close();
    }
  });

  // Every data read takes 300 ms and the data routes get one query slot: six account pages
  // (several reads each) queue for seconds. The run history and the cached answers' computations
  // (campaign list and detail) each have their own lane and must not wait behind them.
  it.each([['/api/v1/runs'], ['/api/v1/campaigns'], ['/api/v1/campaigns/camp-a']])('answers %s while account pages queue for Neo4j', async (path) => {
    const slow: GraphStore = {
      ...store,
      description: store.description,
      read: async (statement, parameters) => {
        if (!statement.name.includes('run')) await new Promise((resolve) => setTimeout(resolve, 300));
        return store.read(statement, parameters);
      },
    };
    const api = await startServer({
      config: testConfig(),
      store: slow,
      logger: createLogger('silent'),
      refreshStarter: testRefreshStarter(store),
      host: '127.0.0.1',
      port: 0,
      queryConcurrency: { maxConcurrent: 1, maxWaitMs: 20_000 },
    });
    try {
      const finished: string[] = [];
      const track = (target: string) => get(api, target).then((reply) => (finished.push(reply.path), reply));
      const accountPages = Array.from({ length: 6 }, () => track('/api/v1/accounts/acc-01'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      const answer = await track(path);
      expect(answer.status).toBe(200);
      const pages = await Promise.all(accountPages);
      expect(pages.map((page) => page.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(finished[0]).toBe(path);
    } finally {
      await api.close();
    }
  });
});
