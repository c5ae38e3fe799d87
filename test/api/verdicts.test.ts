// The analyst workflow over HTTP on a real Neo4j (the API fixture): verdicts on campaigns and on
// accounts by role (viewer 403, analyst and admin recorded under their key's name), the history
// and the current verdict on campaign resources, and the alerts feed with its pagination, kind
// and state filters. Every JSON response is checked against the served OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDraft } from '../../src/campaigns/apply-verdicts.js';
import type { RunningServer } from '../../src/api/server.js';
import { writeVerdictEffects } from '../../src/jobs/refresh-verdicts.js';
import { ADMIN_KEY, ANALYST_KEY, VIEWER_KEY, loadFixture, requestApi, responseChecker, startTestApi, type ApiRequestOptions } from './support.js';
import { useTestStore } from '../support/test-store.js';

interface Reply {
  status: number;
  body: unknown;
  text: string;
}

type Alert = { id: string; kind: string; campaignId: string; accountId: string | null; runId: string; state: string; clearedByVerdictId: string | null };
type AlertList = { items: Alert[]; total: number; nextCursor: string | null };

describe('analyst workflow API', () => {
  const store = useTestStore();
  let api: RunningServer;
  let check: ReturnType<typeof responseChecker>;

  async function call(path: string, documented: string, options: ApiRequestOptions & { json?: unknown } = {}): Promise<Reply> {
    const { json, ...rest } = options;
    const request: ApiRequestOptions = json === undefined ? rest : { ...rest, body: JSON.stringify(json), headers: { 'Content-Type': 'application/json', ...rest.headers } };
    const { status, contentType, body, text } = await requestApi(api, path, request);
    expect(check((options.method ?? 'GET').toLowerCase(), documented, status, contentType, body), `${path} → ${status} matches the document`).toEqual([]);
    return { status, body, text };
  }
  const putCampaignVerdict = (id: string, json: unknown, key: string | null = ANALYST_KEY) => call(`/api/v1/campaigns/${id}/verdict`, '/api/v1/campaigns/{id}/verdict', { method: 'PUT', key, json });
  const putAccountVerdict = (id: string, json: unknown, key: string | null = ANALYST_KEY) => call(`/api/v1/accounts/${id}/verdict`, '/api/v1/accounts/{id}/verdict', { method: 'PUT', key, json });
  const alerts = async (query = '') => (await call(`/api/v1/alerts${query}`, '/api/v1/alerts')).body as AlertList;

  /** Alerts as two refreshes would have written them: run-1 first, then run-2. */
  const RAISED: Array<{ runId: string; alerts: AlertDraft[] }> = [
    {
      runId: 'run-1',
      alerts: [
        { kind: 'new_campaign', campaignId: 'camp-a', accountId: null, detail: 'new campaign of 3 accounts', size: 3, previousSize: null },
        { kind: 'new_campaign', campaignId: 'camp-c', accountId: null, detail: 'new campaign of 2 accounts', size: 2, previousSize: null },
      ],
    },
    {
      runId: 'run-2',
      alerts: [
        { kind: 'new_campaign', campaignId: 'camp-b', accountId: null, detail: 'new campaign of 2 accounts', size: 2, previousSize: null },
        { kind: 'campaign_grew', campaignId: 'camp-a', accountId: null, detail: 'grew from 3 to 5 accounts (+67 %) since the previous refresh', size: 5, previousSize: 3 },
        { kind: 'new_member_of_confirmed_campaign', campaignId: 'camp-b', accountId: 'acc-06', detail: 'acc-06 joined confirmed campaign camp-b', size: 2, previousSize: 1 },
        { kind: 'new_member_of_confirmed_campaign', campaignId: 'camp-b', accountId: 'acc-07', detail: 'acc-07 joined confirmed campaign camp-b', size: 2, previousSize: 1 },
        { kind: 'campaign_reopened', campaignId: 'camp-c', accountId: null, detail: 'reopened: grew from 2 to 3 accounts (+50 %) since it was dismissed', size: 3, previousSize: 2 },
      ],
    },
  ];

  beforeAll(async () => {
    await loadFixture(store);
    for (const { runId, alerts: raised } of RAISED) {
      await store.writeTransaction((transaction) =>
        writeVerdictEffects(transaction, {
          runId,
          verdicts: [],
          alerts: raised,
          counts: { automaticVerdicts: 0, alerts: raised.length, leftOutAccounts: 0, standing: { confirmed: 0, dismissed: 0, under_review: 0 } },
        }),
      );
      // Two refreshes are never in the same millisecond.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    api = await startTestApi(store);
    check = responseChecker((await (await fetch(`${api.url}/openapi.json`)).json()) as Record<string, unknown>);
  });
  afterAll(async () => {
    await api?.close();
  });

  describe('roles', () => {
    it('refuses verdicts from a viewer key (403) and records nothing', async () => {
      const campaign = await putCampaignVerdict('camp-a', { verdict: 'confirmed', note: 'viewer tries' }, VIEWER_KEY);
      expect(campaign.status).toBe(403);
      expect(campaign.body).toMatchObject({ type: 'urn:hydrascope:problem:forbidden', detail: 'this operation needs an API key with the analyst or admin role' });
      expect((await putAccountVerdict('acc-01', { campaign_id: 'camp-a', verdict: 'not_involved', note: 'viewer tries' }, VIEWER_KEY)).status).toBe(403);
      expect((await putCampaignVerdict('camp-a', { verdict: 'confirmed', note: 'nobody' }, null)).status).toBe(401);
      const history = await call('/api/v1/campaigns/camp-a/verdicts', '/api/v1/campaigns/{id}/verdicts');
      expect(history.body).toMatchObject({ campaignId: 'camp-a', current: null, items: [] });
    });

    it('records an analyst’s and an admin’s verdicts under their key’s name', async () => {
      const analyst = await putCampaignVerdict('camp-b', { verdict: 'under_review', note: 'looks like a reseller' });
      expect(analyst.status).toBe(200);
      expect(analyst.body).toMatchObject({
        campaignId: 'camp-b',
        accountId: null,
        verdict: 'under_review',
        note: 'looks like a reseller',
        by: 'review',
        automatic: false,
        reason: null,
        sizeAtVerdict: 2,
      });
      const admin = await putCampaignVerdict('camp-b', { verdict: 'confirmed', note: 'payment trail confirmed' }, ADMIN_KEY);
      expect(admin.status).toBe(200);
      expect(admin.body).toMatchObject({ verdict: 'confirmed', by: 'ops' });
    });

    it('keeps the analyst role from starting refreshes (admin only)', async () => {
      const reply = await requestApi(api, '/api/v1/runs', { method: 'POST', key: ANALYST_KEY, body: '{}', headers: { 'Content-Type': 'application/json' } });
      expect(reply.status).toBe(403);
      expect(reply.body).toMatchObject({ detail: 'this operation needs an API key with the admin role' });
    });
  });

  describe('verdicts', () => {
    it('keeps every verdict as history, newest first, with the current one on the campaign list and detail', async () => {
      const history = await call('/api/v1/campaigns/camp-b/verdicts', '/api/v1/campaigns/{id}/verdicts');
      const body = history.body as { current: { verdict: string; by: string }; items: Array<{ verdict: string; by: string; at: string }> };
      expect(body.current).toMatchObject({ verdict: 'confirmed', by: 'ops', note: 'payment trail confirmed', automatic: false });
      expect(body.items.map((entry) => [entry.verdict, entry.by])).toEqual([
        ['confirmed', 'ops'],
        ['under_review', 'review'],
      ]);
      expect(Date.parse(body.items[0]?.at as string)).toBeGreaterThanOrEqual(Date.parse(body.items[1]?.at as string));

      const list = (await call('/api/v1/campaigns?sort=id', '/api/v1/campaigns')).body as { items: Array<{ id: string; verdict: { verdict: string } | null }> };
      expect(list.items.map((item) => [item.id, item.verdict?.verdict ?? null])).toEqual([
        ['camp-a', null],
        ['camp-b', 'confirmed'],
      ]);
      const detail = (await call('/api/v1/campaigns/camp-b', '/api/v1/campaigns/{id}')).body as { verdict: { verdict: string; by: string } };
      expect(detail.verdict).toMatchObject({ verdict: 'confirmed', by: 'ops' });
    });

    it('shows a new verdict at once on the cached campaign list', async () => {
      await call('/api/v1/campaigns?sort=id', '/api/v1/campaigns');
      await putCampaignVerdict('camp-b', { verdict: 'dismissed', note: 'a university lab after all' });
      const list = (await call('/api/v1/campaigns?sort=id', '/api/v1/campaigns')).body as { items: Array<{ id: string; verdict: { verdict: string } | null }> };
      expect(list.items.find((item) => item.id === 'camp-b')?.verdict?.verdict).toBe('dismissed');
      await putCampaignVerdict('camp-b', { verdict: 'confirmed', note: 'the lab was a front' });
    });

    it('records an account verdict in a campaign, listed in the campaign’s history', async () => {
      const reply = await putAccountVerdict('acc-05', { campaign_id: 'camp-a', verdict: 'not_involved', note: 'support staff testing the API' });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ campaignId: 'camp-a', accountId: 'acc-05', verdict: 'not_involved', by: 'review', sizeAtVerdict: null });
      const history = (await call('/api/v1/campaigns/camp-a/verdicts', '/api/v1/campaigns/{id}/verdicts')).body as { current: unknown; items: Array<{ accountId: string | null }> };
      expect(history.current).toBeNull();
      expect(history.items.map((entry) => entry.accountId)).toEqual(['acc-05']);
    });

    it('pages the history with a cursor', async () => {
      const first = (await call('/api/v1/campaigns/camp-b/verdicts?limit=2', '/api/v1/campaigns/{id}/verdicts')).body as { items: Array<{ id: string }>; nextCursor: string };
      expect(first.items).toHaveLength(2);
      const rest = (await call(`/api/v1/campaigns/camp-b/verdicts?limit=2&cursor=${first.nextCursor}`, '/api/v1/campaigns/{id}/verdicts')).body as {
        items: Array<{ id: string }>;
        nextCursor: string | null;
      };
      const all = (await call('/api/v1/campaigns/camp-b/verdicts', '/api/v1/campaigns/{id}/verdicts')).body as { items: Array<{ id: string }> };
      expect([...first.items, ...rest.items].map((entry) => entry.id)).toEqual(all.items.slice(0, first.items.length + rest.items.length).map((entry) => entry.id));
      expect(all.items).toHaveLength(4);
    });

    it.each([
      ['an unknown verdict', { verdict: 'guilty', note: 'x' }, 'verdict'],
      ['no note', { verdict: 'confirmed' }, 'note'],
      ['a blank note', { verdict: 'confirmed', note: '   ' }, 'note'],
      ['a note of 2,001 characters', { verdict: 'confirmed', note: 'n'.repeat(2001) }, 'note'],
      ['an unknown field', { verdict: 'confirmed', note: 'x', severity: 'high' }, 'severity'],
      ['an account verdict on a campaign', { verdict: 'not_involved', note: 'x' }, 'verdict'],
    ])('refuses a campaign verdict with %s (400, naming the field)', async (_what, json, name) => {
      const reply = await putCampaignVerdict('camp-a', json);
      expect(reply.status).toBe(400);
      expect((reply.body as { 'invalid-params': Array<{ name: string; in: string }> })['invalid-params']).toContainEqual(expect.objectContaining({ name, in: 'body' }));
    });

    it('refuses an account verdict without its campaign or with a campaign verdict (400)', async () => {
      expect((await putAccountVerdict('acc-01', { verdict: 'not_involved', note: 'x' })).status).toBe(400);
      expect((await putAccountVerdict('acc-01', { campaign_id: 'camp-a', verdict: 'dismissed', note: 'x' })).status).toBe(400);
    });

    it('answers 404 for an unknown campaign or account, naming it', async () => {
      const campaign = await putCampaignVerdict('camp-zzz', { verdict: 'confirmed', note: 'x' });
      expect(campaign.status).toBe(404);
      expect(campaign.body).toMatchObject({ title: 'Campaign not found' });
      expect((await putAccountVerdict('acc-zzz', { campaign_id: 'camp-a', verdict: 'not_involved', note: 'x' })).body).toMatchObject({ status: 404, title: 'Account not found' });
      expect((await putAccountVerdict('acc-01', { campaign_id: 'camp-zzz', verdict: 'not_involved', note: 'x' })).body).toMatchObject({ status: 404, title: 'Campaign not found' });
      expect((await call('/api/v1/campaigns/camp-zzz/verdicts', '/api/v1/campaigns/{id}/verdicts')).status).toBe(404);
    });

    it('answers 405 for other methods on a verdict path', async () => {
      const reply = await requestApi(api, '/api/v1/campaigns/camp-a/verdict', { key: ANALYST_KEY });
      expect(reply.status).toBe(405);
      expect(reply.headers.get('allow')).toBe('PUT');
    });
  });

  describe('GET /api/v1/alerts', () => {
    it('lists alerts newest first, each once, over pages of a cursor', async () => {
      const everything = await alerts('?state=all&limit=200');
      expect(everything.total).toBe(7);
      expect(everything.items.slice(0, 5).every((alert) => alert.runId === 'run-2')).toBe(true);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: AlertList = await alerts(`?state=all&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(3);
        expect(page.total).toBe(7);
        seen.push(...page.items.map((alert) => alert.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(everything.items.map((alert) => alert.id));
      expect(new Set(seen).size).toBe(7);
    });

    it('filters by kind (one or several) and by campaign', async () => {
      const members = await alerts('?kind=new_member_of_confirmed_campaign&state=all');
      expect(members.items.map((alert) => alert.accountId).sort()).toEqual(['acc-06', 'acc-07']);
      const several = await alerts('?kind=new_campaign,campaign_reopened&state=all');
      expect(several.items.map((alert) => alert.kind).sort()).toEqual(['campaign_reopened', 'new_campaign', 'new_campaign', 'new_campaign']);
      expect((await alerts('?campaignId=camp-c&state=all')).items.map((alert) => alert.kind).sort()).toEqual(['campaign_reopened', 'new_campaign']);
    });

    it('shows open alerts by default: a verdict on the campaign clears its alerts, an account verdict the alerts about that account', async () => {
      // Verdicts on camp-b (earlier tests) cleared its alerts; the one on acc-05 in camp-a cleared nothing.
      const open = await alerts();
      expect(open.items.map((alert) => [alert.kind, alert.campaignId]).sort()).toEqual([
        ['campaign_grew', 'camp-a'],
        ['campaign_reopened', 'camp-c'],
        ['new_campaign', 'camp-a'],
        ['new_campaign', 'camp-c'],
      ]);
      const cleared = await alerts('?state=cleared');
      expect(cleared.items.every((alert) => alert.campaignId === 'camp-b' && alert.state === 'cleared' && alert.clearedByVerdictId?.startsWith('vrd-'))).toBe(true);

      const recorded = await putCampaignVerdict('camp-a', { verdict: 'confirmed', note: 'same card and proxies' });
      expect(recorded.body).toMatchObject({ clearedAlerts: 2 });
      expect((await alerts()).items.map((alert) => alert.campaignId)).toEqual(['camp-c', 'camp-c']);
    });

    it.each([
      ['kind=everything', 'kind'],
      ['state=closed', 'state'],
      ['limit=0', 'limit'],
      ['cursor=Zm9v', 'cursor'],
      ['severity=high', 'severity'],
    ])('rejects %s naming the parameter', async (query, name) => {
      const reply = await call(`/api/v1/alerts?${query}`, '/api/v1/alerts');
      expect(reply.status).toBe(400);
      expect((reply.body as { 'invalid-params': Array<{ name: string }> })['invalid-params'].map((parameter) => parameter.name)).toContain(name);
    });
  });

  it('counts the new routes in the metrics by their pattern', async () => {
    const reply = await requestApi(api, '/metrics', { key: VIEWER_KEY });
    expect(reply.text).toMatch(/hydrascope_http_requests_total\{method="PUT",route="\/api\/v1\/campaigns\/:id\/verdict",status="200"\} \d+/);
    expect(reply.text).toMatch(/route="\/api\/v1\/accounts\/:id\/verdict"/);
    expect(reply.text).toMatch(/route="\/api\/v1\/campaigns\/:id\/verdicts"/);
    expect(reply.text).toMatch(/route="\/api\/v1\/alerts"/);
  });
});
