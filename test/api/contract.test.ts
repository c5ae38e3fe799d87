// Regressions found by contract fuzzing and the soak test (npm run test:fuzz, npm run test:soak):
// every answer the API gives, also to requests a client should not send (unknown query
// parameters, undeclared methods, bodies it cannot read) and under overload, must be a status
// and body its OpenAPI document declares, checked against the served document on a real Neo4j.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/api/server.js';
import { openGraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { holdOneConnection, testConnection } from '../support/neo4j.js';
import { ADMIN_KEY, VIEWER_KEY, loadFixture, requestApi, responseChecker, startTestApi, type ApiRequestOptions } from './support.js';
import { useTestStore } from '../support/test-store.js';

describe('the API contract outside the happy path', () => {
  const store = useTestStore();
  let api: RunningServer;
  let check: ReturnType<typeof responseChecker>;

  async function call(path: string, options: ApiRequestOptions & { server?: RunningServer } = {}) {
    const reply = await requestApi(options.server ?? api, path, options);
    return { status: reply.status, headers: reply.headers, contentType: reply.contentType, body: reply.body as Record<string, unknown> | string };
  }

  beforeAll(async () => {
    await loadFixture(store);
    api = await startTestApi(store);
    check = responseChecker((await (await fetch(`${api.url}/openapi.json`)).json()) as Record<string, unknown>);
  });
  afterAll(async () => {
    await api?.close();
  });

  it.each([
    ['/healthz', null],
    ['/readyz', null],
    ['/openapi.json', null],
    ['/docs', null],
    ['/metrics', VIEWER_KEY],
  ])('answers a documented 400 problem for an unknown query parameter on %s', async (path, key) => {
    const reply = await call(`${path}?verbose=1`, { key });
    expect(reply.status).toBe(400);
    expect(check('get', path, reply.status, reply.contentType, reply.body)).toEqual([]);
    expect(reply.body).toMatchObject({ 'invalid-params': [{ name: 'verbose', in: 'query', reason: 'unknown parameter' }] });
  });

  it('documents the 429 of /metrics, which shares the per-key rate limit', async () => {
    const limited = await startTestApi(store, { HYDRASCOPE_RATE_LIMIT_PER_MINUTE: '1' });
    try {
      expect((await call('/metrics', { server: limited })).status).toBe(200);
      const refused = await call('/metrics', { server: limited });
      expect(refused.status).toBe(429);
      expect(check('get', '/metrics', refused.status, refused.contentType, refused.body)).toEqual([]);
    } finally {
      await limited.close();
    }
  });

  it.each([
    ['a body over 8 kB', { 'Content-Type': 'application/json' }, `{"seed":1${' '.repeat(9000)}}`, 413, 'Request body too large'],
    ['an unsupported charset', { 'Content-Type': 'application/json; charset=latin1' }, '{}', 415, 'Unsupported media type'],
    ['an unsupported content encoding', { 'Content-Type': 'application/json', 'Content-Encoding': 'compress' }, '{}', 415, 'Unsupported media type'],
  ])('answers POST /runs with %s by a documented problem', async (_case, headers, body, status, title) => {
    const reply = await call('/api/v1/runs', { method: 'POST', key: ADMIN_KEY, headers, body });
    expect(reply.status).toBe(status);
    expect(reply.body).toMatchObject({ status, title });
    expect(check('post', '/api/v1/runs', reply.status, reply.contentType, reply.body)).toEqual([]);
  });

  it.each([
    ['PUT', '/healthz', null, 'GET, HEAD'],
    ['DELETE', '/docs', null, 'GET, HEAD'],
    ['PUT', '/api/v1/campaigns', VIEWER_KEY, 'GET, HEAD'],
    ['PATCH', '/api/v1/campaigns/camp-a', VIEWER_KEY, 'GET, HEAD'],
    ['DELETE', '/api/v1/runs', ADMIN_KEY, 'GET, HEAD, POST'],
    ['POST', '/api/v1/accounts/acc-01', VIEWER_KEY, 'GET, HEAD'],
  ])('answers %s on %s with 405 and the methods it has', async (method, path, key, allow) => {
    const reply = await call(path, { method, key });
    expect(reply.status).toBe(405);
    expect(reply.headers.get('allow')).toBe(allow);
    expect(reply.contentType).toMatch(/^application\/problem\+json/);
    expect(reply.body).toMatchObject({ type: 'urn:hydrascope:problem:method-not-allowed', status: 405 });
  });

  it('still authenticates before saying which methods an API path has', async () => {
    expect((await call('/api/v1/campaigns', { method: 'PUT', key: null })).status).toBe(401);
  });

  it('answers 503 with Retry-After, not 500, when every Neo4j connection is in use', async () => {
    // One pooled connection, held by a transaction that waits: the API's query finds none free.
    const saturated = openGraphStore(testConnection(), { maxConnectionPoolSize: 1, connectionAcquisitionTimeoutMs: 300, maxTransactionRetryTimeMs: 0 });
    const server = await startTestApi(saturated);
    const releaseConnection = await holdOneConnection(saturated);
    try {
      const reply = await call('/api/v1/campaigns', { server });
      expect(reply.status).toBe(503);
      expect(reply.headers.get('retry-after')).toBe('5');
      expect(reply.body).toMatchObject({ type: 'urn:hydrascope:problem:neo4j-unavailable', retryAfterSeconds: 5 });
      expect(check('get', '/api/v1/campaigns', reply.status, reply.contentType, reply.body)).toEqual([]);
    } finally {
      await releaseConnection();
      await server.close();
      await saturated.close();
    }
  });

  it('keeps 404 for paths the document does not have', async () => {
    expect((await call('/api/v1/campaigns/camp-a/members', { method: 'DELETE' })).status).toBe(404);
  });
});
