// Operations, members ranked by their own score and associated accounts over HTTP (port 0) on a
// real Neo4j holding the API fixture (camp-a and camp-b are one current operation, op-1; camp-c
// was op-0 in an older run; acc-08 is associated with camp-b) plus one more current campaign in
// an operation of its own, so the operation list has two pages. Every JSON response is checked
// against the served OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/api/server.js';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { ADMIN_KEY, ANALYST_KEY, FIXTURE, VIEWER_KEY, loadFixture, requestApi, responseChecker, startTestApi, type ApiRequestOptions } from './support.js';
import { useTestStore } from '../support/test-store.js';

interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

type OperationSummary = { id: string; runId: string; campaigns: string[]; campaignCount: number; accounts: number; ties: string[]; highestScore: number };
type OperationList = { items: OperationSummary[]; total: number; limit: number; nextCursor: string | null };
type Member = { accountId: string; membershipScore: number | null; ties: string[] };
type MemberList = { campaignId: string; role: string; total: number; items: Member[]; nextCursor: string | null };

/** A campaign of its own operation beside the fixture's, written with the fixture's statement. */
const EXTRA = {
  accounts: [],
  ips: [],
  payments: [],
  prompts: [],
  usedIp: [],
  paidWith: [],
  sentPrompt: [],
  runs: [],
  campaigns: [
    {
      campaign_id: 'camp-d',
      run_id: 'run-2',
      current: true,
      score: 0.58,
      size: 2,
      status: 'new',
      first_activity_at: '2025-01-06T00:00:00.000Z',
      last_activity_at: '2025-01-09T00:00:00.000Z',
      top_signals: ['creation_burst'],
      explanation_json: '{}',
      evidence_json: '[]',
      history_json: '[]',
      first_seen_run_id: 'run-2',
      peripheral_accounts: 0,
      created_at: '2025-01-21T00:00:00.000Z',
      operation_id: 'op-2',
    },
  ],
  memberships: [],
  associations: [],
  operations: [{ operation_id: 'op-2', run_id: 'run-2', campaign_ids: ['camp-d'], accounts: 2, ties: [], created_at: '2025-01-21T00:00:00.000Z' }],
  currentRunId: FIXTURE.currentRunId,
};

describe('operations, member ranking and associated accounts', () => {
  const store = useTestStore();
  let api: RunningServer;
  let check: ReturnType<typeof responseChecker>;

  async function call(path: string, documented: string | null, options: ApiRequestOptions = {}): Promise<Reply> {
    const { status, headers, contentType, body, text } = await requestApi(api, path, options);
    if (documented) expect(check((options.method ?? 'GET').toLowerCase(), documented, status, contentType, body), `${path} → ${status} matches the document`).toEqual([]);
    return { status, headers, body, text };
  }
  const invalid = (reply: Reply) => (reply.body as { 'invalid-params'?: Array<{ name: string; reason: string }> })['invalid-params'] ?? [];

  beforeAll(async () => {
    await loadFixture(store);
    await store.write(cypher('test/create-api-fixture'), EXTRA);
    api = await startTestApi(store);
    check = responseChecker((await (await fetch(`${api.url}/openapi.json`)).json()) as Record<string, unknown>);
  });
  afterAll(async () => {
    await api?.close();
  });

  describe('GET /api/v1/operations', () => {
    it('lists the current operations, highest campaign score first, with their campaigns, accounts and ties', async () => {
      const reply = await call('/api/v1/operations', '/api/v1/operations');
      expect(reply.status).toBe(200);
      const body = reply.body as OperationList;
      expect(body).toMatchObject({ total: 2, limit: 50, nextCursor: null });
      expect(body.items).toEqual([
        { id: 'op-1', runId: 'run-2', campaigns: ['camp-a', 'camp-b'], campaignCount: 2, accounts: 7, ties: ['prompt:fp-0000000000000001', 'issuer:411111'], highestScore: 0.82 },
        { id: 'op-2', runId: 'run-2', campaigns: ['camp-d'], campaignCount: 1, accounts: 2, ties: [], highestScore: 0.58 },
      ]);
    });

    it('pages with an opaque cursor and refuses a bad one or an unknown parameter', async () => {
      const first = (await call('/api/v1/operations?limit=1', '/api/v1/operations')).body as OperationList;
      expect(first.items.map((item) => item.id)).toEqual(['op-1']);
      expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
      const second = (await call(`/api/v1/operations?limit=1&cursor=${first.nextCursor}`, '/api/v1/operations')).body as OperationList;
      expect(second.items.map((item) => item.id)).toEqual(['op-2']);
      expect(second.nextCursor).toBeNull();
      for (const [query, name] of [
        ['cursor=Zm9v', 'cursor'],
        ['limit=0', 'limit'],
        ['limit=201', 'limit'],
        ['sort=score', 'sort'],
      ] as const) {
        const reply = await call(`/api/v1/operations?${query}`, '/api/v1/operations');
        expect(reply.status, query).toBe(400);
        expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(invalid(reply).map((parameter) => parameter.name)).toContain(name);
      }
    });
  });

  describe('GET /api/v1/operations/{id}', () => {
    it('shows an operation with its campaigns’ summaries, highest score first, each with its operation id', async () => {
      const reply = await call('/api/v1/operations/op-1', '/api/v1/operations/{id}');
      expect(reply.status).toBe(200);
      const body = reply.body as OperationSummary & { current: boolean; campaignSummaries: Array<{ id: string; score: number; size: number; operationId: string; verdict: unknown }> };
      expect(body).toMatchObject({ id: 'op-1', runId: 'run-2', current: true, campaigns: ['camp-a', 'camp-b'], campaignCount: 2, accounts: 7, highestScore: 0.82 });
      expect(body.campaignSummaries.map((campaign) => [campaign.id, campaign.score, campaign.size, campaign.operationId, campaign.verdict])).toEqual([
        ['camp-a', 0.82, 5, 'op-1', null],
        ['camp-b', 0.61, 2, 'op-1', null],
      ]);
    });

    it('shows an operation of an older run as its last kept grouping, and 404 for an unknown one', async () => {
      const old = await call('/api/v1/operations/op-0', '/api/v1/operations/{id}');
      expect(old.body).toMatchObject({ id: 'op-0', runId: 'run-1', current: false, campaigns: ['camp-c'], campaignCount: 1 });
      const missing = await call('/api/v1/operations/op-zzz', '/api/v1/operations/{id}');
      expect(missing.status).toBe(404);
      expect((missing.body as { detail: string }).detail).toContain('op-zzz');
      expect((await call('/api/v1/operations/op-1?verbose=1', '/api/v1/operations/{id}')).status).toBe(400);
    });

    it('shows a verdict recorded on one of its campaigns at once', async () => {
      const put = await requestApi(api, '/api/v1/campaigns/camp-b/verdict', {
        method: 'PUT',
        key: ANALYST_KEY,
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ verdict: 'under_review', note: 'one operation with camp-a?' }),
      });
      expect(put.status).toBe(200);
      const body = (await call('/api/v1/operations/op-1', '/api/v1/operations/{id}')).body as { campaignSummaries: Array<{ id: string; verdict: { verdict: string; by: string } | null }> };
      expect(body.campaignSummaries.find((campaign) => campaign.id === 'camp-b')?.verdict).toMatchObject({ verdict: 'under_review', by: 'review' });
    });
  });

  describe('campaigns name their operation', () => {
    it('carries operationId on the campaign list and detail', async () => {
      const list = (await call('/api/v1/campaigns', '/api/v1/campaigns')).body as { items: Array<{ id: string; operationId: string | null }> };
      expect(Object.fromEntries(list.items.map((item) => [item.id, item.operationId]))).toEqual({ 'camp-a': 'op-1', 'camp-b': 'op-1', 'camp-d': 'op-2' });
      expect((await call('/api/v1/campaigns/camp-a', '/api/v1/campaigns/{id}')).body).toMatchObject({ operationId: 'op-1' });
      expect((await call('/api/v1/campaigns/camp-c', '/api/v1/campaigns/{id}')).body).toMatchObject({ operationId: 'op-0', current: false });
    });

    it('explains with families and caps, signals with family, background and surprise, and the counts of associated accounts and of members recruited from outside the community', async () => {
      const body = (await call('/api/v1/campaigns/camp-b', '/api/v1/campaigns/{id}')).body as {
        associatedAccounts: number;
        unlinkedMembers: number;
        membersFromOtherGroups: number;
        origin: string | null;
        families: Array<{ family: string; cap: number; contribution: number }>;
        signals: Array<Record<string, unknown>>;
      };
      expect(body.associatedAccounts).toBe(1);
      expect(body.unlinkedMembers).toBe(2);
      expect(body.membersFromOtherGroups).toBe(3);
      expect(body.origin).toBe('template-set');
      expect(body.families.map((family) => [family.family, family.cap])).toEqual([
        ['instruments', 0.22],
        ['network', 0.22],
        ['templates', 0.3],
        ['timing', 0.16],
        ['behaviour', 0.1],
      ]);
      expect(body.signals[0]).toEqual({
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
      });
      // A snapshot written before families were stored still answers.
      expect((await call('/api/v1/campaigns/camp-d', '/api/v1/campaigns/{id}')).body).toMatchObject({
        associatedAccounts: null,
        unlinkedMembers: null,
        membersFromOtherGroups: null,
        origin: null,
        families: [],
        signals: [],
      });
    });
  });

  describe('GET /api/v1/campaigns/{id}/accounts', () => {
    const page = async (query: string) => {
      const reply = await call(`/api/v1/campaigns/camp-a/accounts?${query}`, '/api/v1/campaigns/{id}/accounts');
      expect(reply.status, reply.text).toBe(200);
      return reply.body as MemberList;
    };

    it('ranks members by their own score, highest first, with their ties', async () => {
      const body = await page('');
      expect(body).toMatchObject({ campaignId: 'camp-a', role: 'member', total: 5, nextCursor: null });
      expect(body.items.map((member) => [member.accountId, member.membershipScore])).toEqual([
        ['acc-02', 0.5],
        ['acc-01', 0.45],
        ['acc-03', 0.3],
        ['acc-04', 0.3],
        ['acc-05', 0.05],
      ]);
      expect(body.items[0]?.ties).toEqual(['payment:card-x-fingerprint', 'prompt:fp-0000000000000001', 'burst']);
    });

    it('resumes after the last row of a page on (score, account id), also inside a tie', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const body: MemberList = await page(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...body.items.map((member) => member.accountId));
        cursor = body.nextCursor;
        pages += 1;
      } while (cursor);
      expect(pages).toBe(2);
      // The two accounts of score 0.3 fall on either side of the page break.
      expect(seen).toEqual(['acc-02', 'acc-01', 'acc-03', 'acc-04', 'acc-05']);
    });

    it('lists the associated accounts apart with role=associated, never among the members', async () => {
      const reply = await call('/api/v1/campaigns/camp-b/accounts?role=associated', '/api/v1/campaigns/{id}/accounts');
      expect(reply.body).toMatchObject({ campaignId: 'camp-b', role: 'associated', total: 1, nextCursor: null });
      expect((reply.body as MemberList).items).toEqual([expect.objectContaining({ accountId: 'acc-08', membershipScore: 0.02, ties: ['ip:192.168.1.1'], plan: 'free' })]);
      const members = (await call('/api/v1/campaigns/camp-b/accounts', '/api/v1/campaigns/{id}/accounts')).body as MemberList;
      expect(members.items.map((member) => member.accountId)).toEqual(['acc-06', 'acc-07']);
      expect(members.total).toBe(2);
      const none = (await call('/api/v1/campaigns/camp-a/accounts?role=associated', '/api/v1/campaigns/{id}/accounts')).body as MemberList;
      expect(none).toMatchObject({ role: 'associated', total: 0, items: [], nextCursor: null });
    });

    it('streams the associated accounts as CSV with role=associated', async () => {
      const reply = await call('/api/v1/campaigns/camp-b/accounts?role=associated&format=csv', '/api/v1/campaigns/{id}/accounts');
      expect(reply.headers.get('content-disposition')).toBe('attachment; filename="campaign-camp-b-associated-accounts.csv"');
      const lines = reply.text.trim().split('\r\n');
      expect(lines).toHaveLength(2);
      expect(lines[1]).toMatch(/^acc-08,0\.02,/);
    });

    it('refuses a cursor of the other role, an unknown role and an old-style cursor', async () => {
      const members = await page('limit=1');
      const crossed = await call(`/api/v1/campaigns/camp-a/accounts?role=associated&cursor=${members.nextCursor}`, '/api/v1/campaigns/{id}/accounts');
      expect(crossed.status).toBe(400);
      expect(invalid(crossed)[0]).toMatchObject({ name: 'cursor', reason: 'the cursor was made for another role' });
      expect(invalid(await call('/api/v1/campaigns/camp-a/accounts?role=peripheral', '/api/v1/campaigns/{id}/accounts'))[0]?.name).toBe('role');
      const oldCursor = Buffer.from(JSON.stringify({ a: 'acc-01' })).toString('base64url');
      expect(invalid(await call(`/api/v1/campaigns/camp-a/accounts?cursor=${oldCursor}`, '/api/v1/campaigns/{id}/accounts'))[0]?.name).toBe('cursor');
    });
  });

  describe('roles', () => {
    it('lets every role read operations and ranked accounts, and no one without a valid key', async () => {
      for (const path of ['/api/v1/operations', '/api/v1/operations/op-1', '/api/v1/campaigns/camp-b/accounts?role=associated']) {
        for (const key of [VIEWER_KEY, ANALYST_KEY, ADMIN_KEY]) expect((await requestApi(api, path, { key })).status, `${path} with ${key}`).toBe(200);
        const anonymous = await requestApi(api, path, { key: null });
        expect(anonymous.status).toBe(401);
        expect(anonymous.contentType).toMatch(/^application\/problem\+json/);
        expect((await requestApi(api, path, { key: 'not-a-key-0123456789abcdef' })).status).toBe(401);
      }
    });

    it('has no write method on operations (405 naming GET)', async () => {
      const reply = await requestApi(api, '/api/v1/operations/op-1', { method: 'DELETE', key: ADMIN_KEY });
      expect(reply.status).toBe(405);
      expect(reply.headers.get('allow')).toBe('GET, HEAD');
    });
  });

  it('counts the operation routes in the metrics by their pattern', async () => {
    const reply = await requestApi(api, '/metrics', { key: VIEWER_KEY });
    expect(reply.text).toMatch(/hydrascope_http_requests_total\{method="GET",route="\/api\/v1\/operations",status="200"\} \d+/);
    expect(reply.text).toMatch(/hydrascope_http_requests_total\{method="GET",route="\/api\/v1\/operations\/:id",status="200"\} \d+/);
  });
});
