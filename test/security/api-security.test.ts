// The API's security properties over HTTP on a real Neo4j: the auth outcome of every route (the
// route list comes from the served OpenAPI document and is checked against the routes Express
// actually serves, so a new route cannot be left out), the per-key rate limit, hardened
// response headers on every kind of response, and bounded request bodies.
import { existsSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPLORER_DIR } from '../../src/api/static-site.js';
import type { RunningServer } from '../../src/api/server.js';
import { ADMIN_KEY, ANALYST_KEY, VIEWER_KEY, loadFixture, startTestApi } from '../api/support.js';
import { roleAllows, type ApiRole } from '../../src/api/auth.js';
import { useTestStore } from '../support/test-store.js';

interface Reply {
  status: number;
  headers: Headers;
  text: string;
}

interface Operation {
  method: string;
  /** As documented, e.g. /api/v1/campaigns/{id}. */
  path: string;
  /** With example values for its path parameters. */
  url: string;
  secured: boolean;
  /** The least role it needs, as the document names it (x-hydrascope-role; absent: viewer). */
  role: ApiRole;
  forbiddenDocumented: boolean;
}

const KEY_OF_ROLE: Record<ApiRole, string> = { viewer: VIEWER_KEY, analyst: ANALYST_KEY, admin: ADMIN_KEY };

/** Example path parameter values from the fixture; a documented path with another parameter fails the test. */
const EXAMPLE_IDS: Array<[RegExp, string]> = [
  [/^\/api\/v1\/campaigns\/\{id\}/, 'camp-a'],
  [/^\/api\/v1\/accounts\/\{id\}/, 'acc-01'],
  [/^\/api\/v1\/runs\/\{id\}/, 'run-1'],
  [/^\/api\/v1\/operations\/\{id\}/, 'op-1'],
];

/** Pages of the campaign explorer: public by design and outside the OpenAPI document. */
const EXPLORER_ROUTES = ['get /', 'get /index.html', 'get /explorer-config.json'];

/** Example values of path parameters besides the resource's id. */
const EXAMPLE_PARAMETERS: Record<string, string> = { groupId: '0123456789abcdef' };

function exampleUrl(path: string): string {
  if (!path.includes('{')) return path;
  const match = EXAMPLE_IDS.find(([pattern]) => pattern.test(path));
  const others = [...path.matchAll(/\{(\w+)\}/g)].map((parameter) => parameter[1] as string).filter((name) => name !== 'id');
  if (!match || !path.includes('{id}') || others.some((name) => EXAMPLE_PARAMETERS[name] === undefined)) {
    throw new Error(`no example value for the parameters of ${path}: add one to EXAMPLE_IDS or EXAMPLE_PARAMETERS`);
  }
  return others.reduce((url, name) => url.replace(`{${name}}`, EXAMPLE_PARAMETERS[name] as string), path.replace('{id}', match[1]));
}

function documentedOperations(document: Record<string, unknown>): Operation[] {
  const paths = document['paths'] as Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown>; 'x-hydrascope-role'?: ApiRole }>>;
  return Object.entries(paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      method,
      path,
      url: exampleUrl(path),
      secured: (operation.security ?? []).length > 0,
      role: operation['x-hydrascope-role'] ?? 'viewer',
      forbiddenDocumented: '403' in operation.responses,
    })),
  );
}

interface LayerLike {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

/** Every method + path the Express app answers, read from its router stack (Express 5 / router 2). */
function servedRoutes(stack: LayerLike[], prefix = ''): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? (layer.route.path as string[]) : [String(layer.route.path)];
      return paths.flatMap((path) => Object.keys(layer.route?.methods ?? {}).map((method) => `${method} ${prefix}${path}`));
    }
    if (layer.handle?.stack) {
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      return servedRoutes(layer.handle.stack, `${prefix}${mount}`);
    }
    return [];
  });
}

const documentedAs = (route: string) => route.replace(/:(\w+)/g, '{$1}');

describe('API security', () => {
  const store = useTestStore();
  let api: RunningServer;
  let document: Record<string, unknown>;
  let operations: Operation[];

  async function call(path: string, options: { key?: string | null; bearer?: string; method?: string; headers?: Record<string, string>; body?: string; server?: RunningServer } = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key) headers['X-API-Key'] = options.key;
    if (options.bearer) headers['Authorization'] = `Bearer ${options.bearer}`;
    const method = options.method ?? 'GET';
    const body = options.body ?? (method === 'POST' ? '{}' : undefined);
    if (body !== undefined) headers['Content-Type'] ??= 'application/json';
    const response = await fetch(`${(options.server ?? api).url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  const expectProblem = (reply: Reply, status: number, slug: string) => {
    expect(reply.status, reply.text).toBe(status);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(reply.text)).toMatchObject({ status, type: `urn:hydrascope:problem:${slug}` });
  };

  beforeAll(async () => {
    await loadFixture(store);
    // This server sees many refused requests on purpose: their limit is tested on its own server.
    api = await startTestApi(store, { HYDRASCOPE_AUTH_FAILURES_PER_MINUTE: '10000' });
    document = (await (await fetch(`${api.url}/openapi.json`)).json()) as Record<string, unknown>;
    operations = documentedOperations(document);
  });
  afterAll(async () => {
    await api?.close();
  });

  describe('the route list', () => {
    it('documents exactly the routes the app serves, apart from the explorer pages', () => {
      const app = api.server.listeners('request')[0] as unknown as { router: { stack: LayerLike[] } };
      const served = servedRoutes(app.router.stack).map(documentedAs);
      expect(served.length).toBeGreaterThan(10);
      const documented = operations.map((operation) => `${operation.method} ${operation.path}`);
      expect(served.filter((route) => !EXPLORER_ROUTES.includes(route)).sort()).toEqual([...documented].sort());
      expect(served).toEqual(expect.arrayContaining(EXPLORER_ROUTES));
    });

    it('names POST /api/v1/runs as the one admin operation, the verdicts as analyst operations, and only operational routes as public', () => {
      const needing = (role: ApiRole) =>
        operations
          .filter((operation) => operation.role === role)
          .map((operation) => `${operation.method} ${operation.path}`)
          .sort();
      expect(needing('admin')).toEqual(['post /api/v1/runs']);
      expect(needing('analyst')).toEqual(['put /api/v1/accounts/{id}/verdict', 'put /api/v1/campaigns/{id}/verdict']);
      // A 403 is documented exactly where a key's role can be refused.
      expect(operations.filter((operation) => operation.forbiddenDocumented).map((operation) => operation.role !== 'viewer')).not.toContain(false);
      expect(operations.filter((operation) => operation.role !== 'viewer').every((operation) => operation.forbiddenDocumented)).toBe(true);
      expect(
        operations
          .filter((operation) => !operation.secured)
          .map((operation) => operation.path)
          .sort(),
      ).toEqual(['/docs', '/healthz', '/openapi.json', '/readyz']);
      expect(operations.filter((operation) => operation.path.startsWith('/api/')).every((operation) => operation.secured)).toBe(true);
    });
  });

  describe('authentication of every route', () => {
    // Same length as a real key, and a prefix of one: neither may pass.
    const wrongKeys = ['x'.repeat(ADMIN_KEY.length), ADMIN_KEY.slice(0, -1), `${VIEWER_KEY}0`, 'short'];

    it('refuses every secured route without a key, or with a wrong one, as a 401 problem', async () => {
      const secured = operations.filter((operation) => operation.secured);
      expect(secured.length).toBeGreaterThan(5);
      for (const operation of secured) {
        const method = operation.method.toUpperCase();
        const missing = await call(operation.url, { method });
        expectProblem(missing, 401, 'unauthorized');
        expect(missing.headers.get('www-authenticate'), `${method} ${operation.path}`).toMatch(/^Bearer realm=/);
        for (const key of wrongKeys) {
          expectProblem(await call(operation.url, { method, key }), 401, 'unauthorized');
          expectProblem(await call(operation.url, { method, bearer: key }), 401, 'unauthorized');
        }
      }
    });

    it('checks the key before the parameters, so an anonymous caller learns nothing about them', async () => {
      expectProblem(await call('/api/v1/campaigns?limit=nonsense&unknown=1'), 401, 'unauthorized');
      expectProblem(await call('/api/v1/runs', { method: 'POST', body: '{"resolution":-1}' }), 401, 'unauthorized');
      expectProblem(await call('/api/v1/does-not-exist'), 401, 'unauthorized');
    });

    it('refuses a key whose role is below the route’s with a 403 problem: viewers on analyst and admin routes, analysts on admin routes', async () => {
      const refused = operations.filter((candidate) => candidate.role !== 'viewer');
      expect(refused.length).toBeGreaterThanOrEqual(3);
      for (const operation of refused) {
        const method = operation.method.toUpperCase();
        for (const role of ['viewer', 'analyst'] as const) {
          if (roleAllows(role, operation.role)) continue;
          expectProblem(await call(operation.url, { method, key: KEY_OF_ROLE[role] }), 403, 'forbidden');
          expectProblem(await call(operation.url, { method, bearer: KEY_OF_ROLE[role] }), 403, 'forbidden');
        }
      }
    });

    it('lets each key through on every route its role allows: viewers read, analysts also record verdicts, admins everything', async () => {
      for (const operation of operations.filter((candidate) => candidate.secured)) {
        const method = operation.method.toUpperCase();
        for (const role of ['viewer', 'analyst', 'admin'] as const) {
          if (!roleAllows(role, operation.role)) continue;
          const reply = await call(operation.url, { method, bearer: KEY_OF_ROLE[role] });
          expect([401, 403], `${method} ${operation.path} as ${role}: ${reply.status}`).not.toContain(reply.status);
          expect(reply.status).toBeLessThan(500);
        }
      }
    });

    it('answers the public routes without a key, and with a wrong one', async () => {
      const publicOperations = operations.filter((operation) => !operation.secured);
      for (const operation of publicOperations) {
        for (const key of [null, 'wrong-key-wrong-key-wrong']) {
          const reply = await call(operation.url, { key });
          expect(reply.status, `${operation.path} ${reply.text.slice(0, 200)}`).toBe(200);
        }
      }
      for (const route of EXPLORER_ROUTES) {
        const reply = await call(route.split(' ')[1] as string);
        expect([401, 403]).not.toContain(reply.status);
      }
    });
  });

  describe('rate limit', () => {
    it('answers 429 as a problem with RateLimit and Retry-After headers, per key, and not for public routes', async () => {
      const limited = await startTestApi(store, { HYDRASCOPE_RATE_LIMIT_PER_MINUTE: '2' });
      try {
        const first = await call('/api/v1/campaigns', { server: limited, key: VIEWER_KEY });
        expect(first.status).toBe(200);
        expect(first.headers.get('ratelimit-policy')).toMatch(/^"[^"]+"; q=2; w=60/);
        expect(first.headers.get('ratelimit')).toMatch(/r=1/);
        expect((await call('/api/v1/campaigns', { server: limited, key: VIEWER_KEY })).status).toBe(200);
        const refused = await call('/api/v1/campaigns', { server: limited, key: VIEWER_KEY });
        expectProblem(refused, 429, 'rate-limited');
        const retryAfter = Number(refused.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(60);
        expect(JSON.parse(refused.text)).toMatchObject({ retryAfterSeconds: retryAfter });
        expect(refused.headers.get('ratelimit')).toMatch(/r=0/);
        // The same key as a bearer token shares the budget; the other key has its own.
        expectProblem(await call('/api/v1/runs', { server: limited, bearer: VIEWER_KEY }), 429, 'rate-limited');
        expect((await call('/api/v1/campaigns', { server: limited, key: ADMIN_KEY })).status).toBe(200);
        // Liveness and readiness stay answerable for probes.
        for (let index = 0; index < 4; index += 1) expect((await call('/healthz', { server: limited })).status).toBe(200);
      } finally {
        await limited.close();
      }
    });

    it('limits failed authentication per client address, without locking out valid keys', async () => {
      const limited = await startTestApi(store, { HYDRASCOPE_AUTH_FAILURES_PER_MINUTE: '3' });
      try {
        for (let index = 0; index < 3; index += 1) expectProblem(await call('/api/v1/campaigns', { server: limited, key: `guess-${index}-0123456789abcdef` }), 401, 'unauthorized');
        const refused = await call('/api/v1/campaigns', { server: limited, key: 'guess-3-0123456789abcdef' });
        expectProblem(refused, 429, 'rate-limited');
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        expectProblem(await call('/api/v1/campaigns', { server: limited }), 429, 'rate-limited');
        // A caller with a valid key from the same address still gets through, with its own budget.
        const valid = await call('/api/v1/campaigns', { server: limited, key: VIEWER_KEY });
        expect(valid.status).toBe(200);
        expect(valid.headers.get('ratelimit-policy')).toMatch(/q=600/);
      } finally {
        await limited.close();
      }
    });
  });

  describe('response headers', () => {
    const hardened = (reply: Reply, what: string) => {
      const header = (name: string) => reply.headers.get(name);
      expect(header('content-security-policy'), what).toMatch(/default-src 'self'/);
      expect(header('content-security-policy'), what).toMatch(/frame-ancestors 'none'|frame-ancestors 'self'/);
      expect(header('content-security-policy'), what).toMatch(/object-src 'none'/);
      expect(header('content-security-policy'), what).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
      expect(header('x-content-type-options'), what).toBe('nosniff');
      expect(header('x-powered-by'), what).toBeNull();
      expect(header('x-frame-options'), what).toBe('SAMEORIGIN');
      expect(header('referrer-policy'), what).toBe('no-referrer');
      expect(header('strict-transport-security'), what).toMatch(/max-age=\d{6,}/);
      expect(header('cross-origin-opener-policy'), what).toBe('same-origin');
      expect(header('cross-origin-resource-policy'), what).toBe('same-origin');
      expect(header('x-permitted-cross-domain-policies'), what).toBe('none');
      expect(header('x-xss-protection'), what).toBe('0');
      expect(header('x-request-id'), what).toBeTruthy();
      expect(header('server'), what).toBeNull();
    };

    it('hardens JSON, CSV, problem, metrics and documentation responses', async () => {
      const replies: Array<[string, Reply]> = [
        ['JSON', await call('/api/v1/campaigns', { key: VIEWER_KEY })],
        ['CSV', await call('/api/v1/campaigns/camp-a/accounts?format=csv', { key: VIEWER_KEY })],
        ['401 problem', await call('/api/v1/campaigns')],
        ['403 problem', await call('/api/v1/runs', { method: 'POST', key: VIEWER_KEY })],
        ['404 problem', await call('/no/such/page')],
        ['400 problem', await call('/api/v1/campaigns?limit=0', { key: VIEWER_KEY })],
        ['metrics', await call('/metrics', { key: VIEWER_KEY })],
        ['liveness', await call('/healthz')],
        ['OpenAPI document', await call('/openapi.json')],
        ['docs page', await call('/docs')],
      ];
      expect(replies.map(([what, reply]) => `${what} ${reply.status}`)).toEqual([
        'JSON 200',
        'CSV 200',
        '401 problem 401',
        '403 problem 403',
        '404 problem 404',
        '400 problem 400',
        'metrics 200',
        'liveness 200',
        'OpenAPI document 200',
        'docs page 200',
      ]);
      for (const [what, reply] of replies) hardened(reply, what);
    });

    it('hardens the explorer page, its settings and its assets, with the explorer policy', async () => {
      const built = existsSync(join(EXPLORER_DIR, 'index.html'));
      const page = await call('/');
      // Without a build the page answers a 404 problem: it must be hardened all the same.
      expect(page.status).toBe(built ? 200 : 404);
      const replies: Array<[string, Reply]> = [
        ['explorer page', page],
        ['explorer settings', await call('/explorer-config.json')],
      ];
      if (built) {
        const asset = /(?:src|href)="(?:\.?\/)?(assets\/[^"]+)"/.exec(readFileSync(join(EXPLORER_DIR, 'index.html'), 'utf8'))?.[1];
        expect(asset).toBeDefined();
        const reply = await call(`/${asset}`);
        expect(reply.status).toBe(200);
        replies.push(['explorer asset', reply]);
      }
      for (const [what, reply] of replies) {
        hardened(reply, what);
        expect(reply.headers.get('content-security-policy'), what).toMatch(/script-src 'self'(;|$)/);
        expect(reply.headers.get('content-security-policy'), what).toMatch(/connect-src 'self'/);
      }
    });

    it('serves nothing outside the explorer bundle', async () => {
      for (const path of [
        '/../package.json',
        '/%2e%2e/package.json',
        '/assets/..%2f..%2f..%2fpackage.json',
        '/assets/%2e%2e%2f%2e%2e%2fsrc%2fapi%2fauth.ts',
        '/.env',
        '/.hydrascope/api-key',
        '/..%5c..%5cpackage.json',
      ]) {
        const reply = await call(path);
        expect(reply.status, path).toBeGreaterThanOrEqual(400);
        expect(reply.text, path).not.toContain('"dependencies"');
        expect(reply.text, path).not.toContain('timingSafeEqual');
      }
    });
  });

  describe('request bodies', () => {
    /** Sends a body by hand, optionally chunked without a length, and reads the answer. */
    function rawPost(path: string, body: Buffer, options: { chunked?: boolean; key?: string } = {}): Promise<{ status: number; contentType: string; text: string }> {
      const url = new URL(path, api.url);
      return new Promise((resolve, reject) => {
        const request = httpRequest(
          url,
          {
            method: 'POST',
            headers: {
              'Content-Type': 'application/json',
              'X-API-Key': options.key ?? ADMIN_KEY,
              ...(options.chunked ? { 'Transfer-Encoding': 'chunked' } : { 'Content-Length': String(body.length) }),
            },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type']), text: Buffer.concat(chunks).toString('utf8') }));
          },
        );
        // The server may answer and close before the whole body is sent.
        request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
        if (options.chunked) {
          for (let offset = 0; offset < body.length; offset += 4096) request.write(body.subarray(offset, offset + 4096));
          request.end();
        } else {
          request.end(body);
        }
      });
    }

    const bigJson = (bytes: number) => Buffer.from(`{"resolution":1,"padding":"${'a'.repeat(bytes)}"}`);

    it('answers a too-large body to POST /runs with a 413 problem, declared or streamed, and keeps serving', async () => {
      for (const [size, chunked] of [
        [9 * 1024, false],
        [2 * 1024 * 1024, false],
        [64 * 1024, true],
      ] as const) {
        const reply = await rawPost('/api/v1/runs', bigJson(size), { chunked });
        expect(reply.status, `${size} bytes${chunked ? ' chunked' : ''}`).toBe(413);
        expect(reply.contentType).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(reply.text)).toMatchObject({ status: 413, title: 'Request body too large' });
      }
      expect((await call('/healthz')).status).toBe(200);
      expect((await call('/api/v1/runs?limit=1', { key: VIEWER_KEY })).status).toBe(200);
    });

    it('refuses a large body from a viewer or an anonymous caller before reading it', async () => {
      expect((await rawPost('/api/v1/runs', bigJson(1024 * 1024), { key: VIEWER_KEY })).status).toBe(403);
      expect((await rawPost('/api/v1/runs', bigJson(1024 * 1024), { key: 'not-a-key-not-a-key' })).status).toBe(401);
    });

    it('does not let a body reach the object prototype', async () => {
      const reply = await call('/api/v1/runs', { method: 'POST', key: ADMIN_KEY, body: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}' });
      expectProblem(reply, 400, 'invalid-parameters');
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });
  });
});
