// GET /api/v1/accounts/{id} stays bounded next to busy shared entities, on a real Neo4j: a rare
// shared address links fully, an address shared by more than a hub's worth of accounts
// contributes only its heaviest users, and a carrier-NAT-sized address none at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/api/server.js';
import { NEIGHBOURS_PER_ENTITY } from '../../src/api/account-link-limits.js';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { VIEWER_KEY, startTestApi } from './support.js';
import { useTestStore } from '../support/test-store.js';

const iso = (day: number) => new Date(Date.UTC(2025, 0, day)).toISOString();
const account = (id: string) => ({
  account_id: id,
  created_at: iso(1),
  email_domain: 'mail.example',
  country: 'NL',
  plan: 'pro',
  org_id: null,
  event_count: 10,
  input_tokens: 1,
  output_tokens: 1,
  first_event_at: iso(2),
  last_event_at: iso(3),
  hour_histogram: [],
  active_days: [],
  extraction_events: 0,
});
const busy = Array.from({ length: 60 }, (_, index) => `busy-${String(index).padStart(2, '0')}`);
const nat = Array.from({ length: 250 }, (_, index) => `nat-${String(index).padStart(3, '0')}`);
const use = (id: string, address: string, events: number) => ({ account_id: id, address, events, first_seen: iso(2), last_seen: iso(3) });

describe('account links next to busy shared entities', () => {
  const store = useTestStore();
  let api: RunningServer;

  beforeAll(async () => {
    await store.write(cypher('test/create-api-fixture'), {
      accounts: ['target', 'partner', ...busy, ...nat].map(account),
      ips: [
        { address: '10.1.0.1', network: '10.1.0.0/24' },
        { address: '10.2.0.1', network: '10.2.0.0/24' },
        { address: '10.3.0.1', network: '10.3.0.0/24' },
      ],
      payments: [],
      prompts: [],
      paidWith: [],
      sentPrompt: [],
      runs: [],
      campaigns: [],
      memberships: [],
      associations: [],
      operations: [],
      usedIp: [
        use('target', '10.1.0.1', 5),
        use('partner', '10.1.0.1', 5),
        use('target', '10.2.0.1', 5),
        ...busy.map((id, index) => use(id, '10.2.0.1', index + 1)),
        use('target', '10.3.0.1', 5),
        ...nat.map((id) => use(id, '10.3.0.1', 1000)),
      ],
      currentRunId: null,
    });
    api = await startTestApi(store);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('follows a rare shared address fully, only the heaviest users of a busy one, and skips a NAT', async () => {
    const response = await fetch(`${api.url}/api/v1/accounts/target?links=100`, { headers: { 'X-API-Key': VIEWER_KEY } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { activity: { ipAddresses: number }; links: Array<{ accountId: string; evidence: Array<{ key: string; sharedBy: number }> }> };
    expect(body.activity.ipAddresses).toBe(3);
    expect(body.links[0]).toMatchObject({ accountId: 'partner', evidence: [{ key: '10.1.0.1', sharedBy: 2 }] });
    // busy-59 has the most events on the busy address, busy-00 the fewest.
    const heaviest = busy.slice(busy.length - NEIGHBOURS_PER_ENTITY);
    expect(
      body.links
        .slice(1)
        .map((link) => link.accountId)
        .sort(),
    ).toEqual(heaviest);
    expect(body.links[1]?.evidence).toEqual([expect.objectContaining({ key: '10.2.0.1', sharedBy: busy.length + 1 })]);
  });
});
