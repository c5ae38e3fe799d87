// Shared pieces of the API tests: the fixture graph (written with cypher/test/create-api-fixture),
// a small real refresh starter that records a running RefreshRun in Neo4j, a server on port 0,
// and a checker that validates responses against the served OpenAPI document with Ajv.
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import { readConfig, type HydrascopeConfig } from '../../src/config/config.js';
import { cypher } from '../../src/graph-store/cypher-files.js';
import type { GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { refreshAlreadyRunning } from '../../src/shared/errors.js';
import type { RefreshStarter } from '../../src/api/refresh-starter.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { createLogger } from '../../src/shared/logger.js';
import { testConnection } from '../support/neo4j.js';

export const ADMIN_KEY = 'admin-key-0123456789abcdef';
export const VIEWER_KEY = 'viewer-key-0123456789abcdef';
export const ANALYST_KEY = 'analyst-key-0123456789abcdef';

export interface ApiRequestOptions {
  method?: string;
  /** Sent as X-API-Key; the viewer key when absent, none when null. */
  key?: string | null;
  headers?: Record<string, string>;
  body?: string;
}

/** One request to a test API: status, headers, content type, the raw text and the parsed JSON body (or the text). */
export async function requestApi(server: RunningServer, path: string, options: ApiRequestOptions = {}) {
  const headers: Record<string, string> = { ...options.headers };
  const key = options.key === undefined ? VIEWER_KEY : options.key;
  if (key !== null) headers['X-API-Key'] = key;
  const response = await fetch(`${server.url}${path}`, { method: options.method ?? 'GET', headers, ...(options.body === undefined ? {} : { body: options.body }) });
  const text = await response.text();
  const contentType = response.headers.get('content-type') ?? '';
  return { status: response.status, headers: response.headers, contentType, text, body: /json/.test(contentType) ? (JSON.parse(text) as unknown) : text };
}

export function testConfig(overrides: Record<string, string> = {}): HydrascopeConfig {
  const connection = testConnection();
  return readConfig({
    NEO4J_URI: connection.uri,
    NEO4J_USER: connection.user,
    NEO4J_PASSWORD: connection.password,
    ...(connection.database ? { NEO4J_DATABASE: connection.database } : {}),
    HYDRASCOPE_LOG_LEVEL: 'silent',
    HYDRASCOPE_API_KEYS: `ops:admin:${ADMIN_KEY},dashboard:viewer:${VIEWER_KEY},review:analyst:${ANALYST_KEY}`,
    HYDRASCOPE_CORS_ORIGINS: 'https://dashboard.example',
    ...overrides,
  });
}

/** A real starter over Neo4j: records a running run, refuses while one is running. */
export function testRefreshStarter(store: GraphStore): RefreshStarter {
  return {
    async start(parameters) {
      const runId = `test-run-${randomUUID().slice(0, 8)}`;
      const [row] = await store.write<{ started: boolean; running_run_id: string | null }>(cypher('test/create-running-refresh-run'), {
        runId,
        requestedBy: parameters.requestedBy,
        resolution: parameters.resolution ?? 1,
        seed: parameters.seed ?? 42,
      });
      if (!row?.started) throw refreshAlreadyRunning(row?.running_run_id ?? null);
      return { runId };
    },
  };
}

export async function startTestApi(store: GraphStore, overrides: Record<string, string> = {}): Promise<RunningServer> {
  return startServer({ config: testConfig(overrides), store, logger: createLogger('silent'), refreshStarter: testRefreshStarter(store), host: '127.0.0.1', port: 0, validateResponses: true });
}

const iso = (day: number, hour = 0) => new Date(Date.UTC(2025, 0, day, hour)).toISOString();

const account = (id: string, day: number, extra: Partial<Record<string, unknown>> = {}) => ({
  account_id: id,
  created_at: iso(day),
  email_domain: 'mail.example',
  country: 'NL',
  plan: 'pro',
  org_id: null,
  event_count: 100,
  input_tokens: 5000,
  output_tokens: 90000,
  first_event_at: iso(day + 1),
  last_event_at: iso(day + 20),
  hour_histogram: Array.from({ length: 24 }, (_, hour) => (hour === 3 ? 100 : 0)),
  active_days: [20000, 20001, 20002],
  extraction_events: 80,
  ...extra,
});

const signals = [
  { name: 'shared_payment', family: 'instruments', value: 0.8, background: 0.01, surprise: 12, strength: 0.8, weight: 0.17, contribution: 0.136, description: 'shared payment', available: true },
  {
    name: 'extraction_prompts',
    family: 'templates',
    value: 0.9,
    background: 0.12,
    surprise: 9.5,
    strength: 0.9,
    weight: 0.15,
    contribution: 0.135,
    description: 'extraction prompts',
    available: true,
  },
  { name: 'creation_burst', family: 'timing', value: 0.2, background: 0.05, surprise: 3.2, strength: 0.2, weight: 0.07, contribution: 0.014, description: 'creation burst', available: true },
];
const families = [
  { family: 'instruments', cap: 0.22, contribution: 0.136 },
  { family: 'network', cap: 0.22, contribution: 0 },
  { family: 'templates', cap: 0.3, contribution: 0.135 },
  { family: 'timing', cap: 0.16, contribution: 0.014 },
  { family: 'behaviour', cap: 0.1, contribution: 0 },
];

export const FIXTURE = {
  accounts: [
    account('acc-01', 1),
    account('acc-02', 1),
    account('acc-03', 2),
    account('acc-04', 2),
    account('acc-05', 3, { email_domain: '=cmd|calc', event_count: 5 }),
    account('acc-06', 4, { country: 'US' }),
    account('acc-07', 4, { country: 'US' }),
    account('acc-08', 5, { plan: 'free', extraction_events: 0 }),
  ],
  ips: [
    { address: '10.0.0.1', network: '10.0.0.0/24' },
    { address: '10.0.0.2', network: '10.0.0.0/24' },
    { address: '192.168.1.1', network: '192.168.1.0/24' },
  ],
  payments: [
    { fingerprint: 'card-x-fingerprint', kind: 'card', bin: '411111', country: 'NL' },
    { fingerprint: 'card-y-fingerprint', kind: 'card', bin: '555555', country: 'US' },
  ],
  prompts: [
    { fingerprint: 'fp-0000000000000001', intent: 'cot_extraction' },
    { fingerprint: 'fp-0000000000000002', intent: 'agentic' },
  ],
  usedIp: [
    ...['acc-01', 'acc-02', 'acc-03', 'acc-04'].map((id) => ({ account_id: id, address: '10.0.0.1', events: 30, first_seen: iso(2), last_seen: iso(20) })),
    ...['acc-01', 'acc-05'].map((id) => ({ account_id: id, address: '10.0.0.2', events: 5, first_seen: iso(2), last_seen: iso(20) })),
    ...['acc-06', 'acc-07', 'acc-08'].map((id) => ({ account_id: id, address: '192.168.1.1', events: 10, first_seen: iso(5), last_seen: iso(20) })),
  ],
  paidWith: [
    ...['acc-01', 'acc-02'].map((id) => ({ account_id: id, fingerprint: 'card-x-fingerprint', first_used_at: iso(2) })),
    { account_id: 'acc-06', fingerprint: 'card-y-fingerprint', first_used_at: iso(5) },
  ],
  sentPrompt: [
    ...['acc-01', 'acc-02', 'acc-03', 'acc-04', 'acc-05'].map((id) => ({ account_id: id, fingerprint: 'fp-0000000000000001', events: 60 })),
    ...['acc-06', 'acc-07'].map((id) => ({ account_id: id, fingerprint: 'fp-0000000000000002', events: 20 })),
  ],
  runs: [
    {
      run_id: 'run-1',
      status: 'succeeded',
      started_at: iso(10),
      finished_at: iso(10, 1),
      requested_by: 'cli',
      resolution: 1,
      seed: 42,
      modularity: 0.41,
      communities: 3,
      campaigns: 2,
      accounts: 6,
      edges: 12,
      parameters_json: '{"resolution":1,"seed":42}',
      timings_json: '{"total":1200}',
      counts_json: '{"campaigns":2}',
      louvain_json: '{"modularity":0.41}',
      watermark_batches: ['batch-1'],
      error: null,
    },
    {
      run_id: 'run-2',
      status: 'succeeded',
      started_at: iso(21),
      finished_at: iso(21, 1),
      requested_by: 'api:ops',
      resolution: 1,
      seed: 42,
      modularity: 0.52,
      communities: 3,
      campaigns: 2,
      accounts: 7,
      edges: 14,
      parameters_json: '{"resolution":1,"seed":42}',
      timings_json: '{"total":1500}',
      counts_json: '{"campaigns":2}',
      louvain_json: '{"modularity":0.52}',
      watermark_batches: ['batch-1', 'batch-2'],
      error: null,
    },
    {
      run_id: 'run-0',
      status: 'failed',
      started_at: iso(9),
      finished_at: iso(9, 1),
      requested_by: 'cli',
      resolution: 1,
      seed: 42,
      modularity: null,
      communities: null,
      campaigns: null,
      accounts: null,
      edges: null,
      parameters_json: '{"resolution":1,"seed":42}',
      timings_json: '{"total":10}',
      counts_json: null,
      louvain_json: null,
      watermark_batches: [],
      error: 'Neo4j went away',
    },
  ],
  campaigns: [
    {
      campaign_id: 'camp-a',
      run_id: 'run-2',
      current: true,
      score: 0.82,
      size: 5,
      status: 'grew',
      first_activity_at: iso(2),
      last_activity_at: iso(21),
      top_signals: ['shared_payment', 'extraction_prompts'],
      explanation_json: JSON.stringify({ score: 0.82, threshold: 0.5, signals, families, peripheralAccounts: 0, associatedAccounts: 0 }),
      evidence_json: JSON.stringify([{ kind: 'payment', key: 'card-x-fingerprint', members: 2, accounts: 2, detail: 'card 411111' }]),
      history_json: JSON.stringify([
        { run_id: 'run-1', at: iso(10), change: 'new', size: 3, score: 0.7, related: [] },
        { run_id: 'run-2', at: iso(21), change: 'grew', size: 5, score: 0.82, related: ['camp-c'] },
      ]),
      first_seen_run_id: 'run-1',
      peripheral_accounts: 0,
      created_at: iso(21),
      operation_id: 'op-1',
    },
    {
      campaign_id: 'camp-b',
      run_id: 'run-2',
      current: true,
      score: 0.61,
      size: 2,
      status: 'new',
      first_activity_at: iso(5),
      last_activity_at: iso(12),
      top_signals: ['extraction_prompts'],
      explanation_json: JSON.stringify({
        score: 0.61,
        threshold: 0.5,
        signals: signals.slice(1),
        families,
        peripheralAccounts: 0,
        associatedAccounts: 1,
        unlinkedMembers: 2,
        membersFromOtherGroups: 3,
        origin: 'template-set',
      }),
      evidence_json: '[]',
      history_json: JSON.stringify([{ run_id: 'run-2', at: iso(21), change: 'new', size: 2, score: 0.61, related: [] }]),
      first_seen_run_id: 'run-2',
      peripheral_accounts: 0,
      created_at: iso(21),
      operation_id: 'op-1',
    },
    {
      campaign_id: 'camp-c',
      run_id: 'run-1',
      current: false,
      score: 0.55,
      size: 2,
      status: 'new',
      first_activity_at: iso(3),
      last_activity_at: iso(9),
      top_signals: ['shared_payment'],
      explanation_json: JSON.stringify({ score: 0.55, threshold: 0.5, signals, peripheralAccounts: 0 }),
      evidence_json: '[]',
      history_json: JSON.stringify([{ run_id: 'run-1', at: iso(10), change: 'new', size: 2, score: 0.55, related: [] }]),
      first_seen_run_id: 'run-1',
      peripheral_accounts: 0,
      created_at: iso(10),
      operation_id: 'op-0',
    },
  ],
  // Members with their own score and ties: camp-a ranks acc-02, acc-01, then acc-03 and acc-04
  // (one score, so by id), then acc-05; camp-c's (an older run) carry the campaign's score.
  memberships: [
    { account_id: 'acc-01', campaign_id: 'camp-a', run_id: 'run-2', score: 0.45, ties: ['payment:card-x-fingerprint', 'ip:10.0.0.1', 'prompt:fp-0000000000000001'] },
    { account_id: 'acc-02', campaign_id: 'camp-a', run_id: 'run-2', score: 0.5, ties: ['payment:card-x-fingerprint', 'prompt:fp-0000000000000001', 'burst'] },
    { account_id: 'acc-03', campaign_id: 'camp-a', run_id: 'run-2', score: 0.3, ties: ['ip:10.0.0.1', 'prompt:fp-0000000000000001'] },
    { account_id: 'acc-04', campaign_id: 'camp-a', run_id: 'run-2', score: 0.3, ties: ['ip:10.0.0.1', 'prompt:fp-0000000000000001'] },
    { account_id: 'acc-05', campaign_id: 'camp-a', run_id: 'run-2', score: 0.05, ties: ['prompt:fp-0000000000000001'] },
    { account_id: 'acc-06', campaign_id: 'camp-b', run_id: 'run-2', score: 0.33, ties: ['payment:card-y-fingerprint', 'prompt:fp-0000000000000002'] },
    { account_id: 'acc-07', campaign_id: 'camp-b', run_id: 'run-2', score: 0.28, ties: ['ip:192.168.1.1', 'prompt:fp-0000000000000002'] },
    ...['acc-04', 'acc-05'].map((id) => ({ account_id: id, campaign_id: 'camp-c', run_id: 'run-1' })),
  ],
  /** acc-08 shares only camp-b's busy address: associated, not reported. */
  associations: [{ account_id: 'acc-08', campaign_id: 'camp-b', run_id: 'run-2', score: 0.02, ties: ['ip:192.168.1.1'] }],
  /** camp-a and camp-b are one current operation; camp-c was an operation of its own in run-1. */
  operations: [
    { operation_id: 'op-1', run_id: 'run-2', campaign_ids: ['camp-a', 'camp-b'], accounts: 7, ties: ['prompt:fp-0000000000000001', 'issuer:411111'], created_at: iso(21) },
    { operation_id: 'op-0', run_id: 'run-1', campaign_ids: ['camp-c'], accounts: 2, ties: [], created_at: iso(10) },
  ],
  currentRunId: 'run-2',
};

export async function loadFixture(store: GraphStore): Promise<void> {
  await store.write(cypher('test/create-api-fixture'), FIXTURE);
}

// ---- OpenAPI response checking ------------------------------------------------------------------

interface AjvLike {
  addSchema(schema: object, key: string): void;
  getSchema(key: string): (((data: unknown) => boolean) & { errors?: unknown[] | null }) | undefined;
}

/** Ajv 8 (JSON Schema 2020-12, OpenAPI 3.1's dialect) comes with @apidevtools/swagger-parser. */
function createAjv(): AjvLike {
  const require = createRequire(import.meta.url);
  const fromSwaggerParser = createRequire(require.resolve('@apidevtools/swagger-parser'));
  const module = fromSwaggerParser('ajv/dist/2020') as { default: new (options: object) => AjvLike };
  return new module.default({ strict: false, allErrors: true, validateFormats: false });
}

const pointer = (...segments: string[]) => segments.map((segment) => segment.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

export function responseChecker(document: Record<string, unknown>) {
  const ajv = createAjv();
  ajv.addSchema(document, 'openapi');
  return (method: string, path: string, status: number, contentType: string, body: unknown): string[] => {
    const paths = document['paths'] as Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
    const response = paths[path]?.[method]?.responses[String(status)];
    if (!response) return [`the document has no ${status} response for ${method.toUpperCase()} ${path}`];
    const mediaType = contentType.split(';')[0]?.trim() ?? '';
    if (!response.content?.[mediaType]) return [`the document has no ${mediaType} content for ${status} ${method.toUpperCase()} ${path}`];
    const validate = ajv.getSchema(`openapi#/${pointer('paths', path, method, 'responses', String(status), 'content', mediaType, 'schema')}`);
    if (!validate) return ['schema not found'];
    return validate(body) ? [] : (validate.errors ?? []).map((error) => JSON.stringify(error));
  };
}
