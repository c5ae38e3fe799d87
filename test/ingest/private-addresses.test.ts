// Write what can link, for addresses, against the real Neo4j: an address only one account has used
// keeps that account's use on the IP node (owner, owner_* counters) and in the account's
// private_addresses list, with no USED_IP relationship; once a second account uses it (a later
// batch, a later chunk, or a chunk written at the same time by another writer) it becomes USED_IP
// relationships for both, with exactly the numbers a load that always wrote relationships gives.
// Expected numbers come from the raw events, summed here.
import { describe, expect, it } from 'vitest';
import { analystQuery } from '../../src/graph-store/analyst-queries.js';
import { cypher } from '../../src/graph-store/cypher-files.js';
import type { GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { wipeDatabase } from '../../src/graph-store/schema.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { seededRandom } from '../../src/shared/random.js';
import { temporaryDirectory, writeLines } from '../support/batches.js';
import { useTestStore } from '../support/test-store.js';

interface RawEvent {
  event_id: string;
  account_id: string;
  ts: string;
  ip: string;
  input_tokens: number;
  output_tokens: number;
}

interface UsageRow {
  account_id: string;
  type: string;
  key: string;
  events: number;
  input_tokens: number;
  output_tokens: number;
  first_seen: string;
  last_seen: string;
  private: boolean;
}

const START = Date.UTC(2026, 1, 1);

function event(id: string, account: string, ip: string, minute: number, inputTokens = 10, outputTokens = 20): RawEvent {
  return { event_id: id, account_id: account, ts: new Date(START + minute * 60_000).toISOString(), ip, input_tokens: inputTokens, output_tokens: outputTokens };
}

/** Every (account, address) use of the events, summed as a load that always wrote USED_IP would. */
function expectedUsage(events: readonly RawEvent[]): UsageRow[] {
  const usage = new Map<string, UsageRow>();
  const accountsOn = new Map<string, Set<string>>();
  for (const row of events) {
    const key = `${row.account_id}\u0000${row.ip}`;
    const existing = usage.get(key);
    if (!existing)
      usage.set(key, {
        account_id: row.account_id,
        type: 'USED_IP',
        key: row.ip,
        events: 1,
        input_tokens: row.input_tokens,
        output_tokens: row.output_tokens,
        first_seen: row.ts,
        last_seen: row.ts,
        private: false,
      });
    else {
      existing.events += 1;
      existing.input_tokens += row.input_tokens;
      existing.output_tokens += row.output_tokens;
      if (row.ts < existing.first_seen) existing.first_seen = row.ts;
      if (row.ts > existing.last_seen) existing.last_seen = row.ts;
    }
    accountsOn.set(row.ip, (accountsOn.get(row.ip) ?? new Set()).add(row.account_id));
  }
  const rows = [...usage.values()].map((row) => ({ ...row, private: accountsOn.get(row.key)?.size === 1 }));
  return rows.sort((left, right) => (left.account_id < right.account_id ? -1 : left.account_id > right.account_id ? 1 : left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
}

/** The address uses the graph holds, relationships and private ones alike, in the expected rows' shape. */
async function storedAddressUsage(store: GraphStore): Promise<UsageRow[]> {
  const rows = await store.read<UsageRow & Record<string, unknown>>(cypher('test/read-usage-relationships'));
  return rows
    .filter((row) => row.type === 'USED_IP')
    .map((row) => ({
      account_id: row.account_id,
      type: row.type,
      key: row.key,
      events: row.events,
      input_tokens: row.input_tokens,
      output_tokens: row.output_tokens,
      first_seen: new Date(String(row.first_seen)).toISOString(),
      last_seen: new Date(String(row.last_seen)).toISOString(),
      private: row.private,
    }));
}

/** Private addresses as the accounts list them, and the owners the IP nodes name. */
async function privateAddressLists(store: GraphStore): Promise<{ lists: Record<string, string[]>; owners: Record<string, string> }> {
  const rows = await store.read<{ account_id: string; private_addresses: string[] | null; owned: string[] }>(cypher('test/read-private-addresses'));
  const lists: Record<string, string[]> = {};
  const owners: Record<string, string> = {};
  for (const row of rows) {
    if ((row.private_addresses ?? []).length > 0) lists[row.account_id] = [...(row.private_addresses ?? [])].sort();
    for (const address of row.owned) owners[address] = row.account_id;
  }
  return { lists, owners };
}

/** What the expected rows say each account's private addresses are. */
function expectedLists(expected: readonly UsageRow[]): Record<string, string[]> {
  const lists: Record<string, string[]> = {};
  for (const row of expected) if (row.private) (lists[row.account_id] ??= []).push(row.key);
  for (const list of Object.values(lists)) list.sort();
  return lists;
}

async function load(store: GraphStore, events: readonly RawEvent[], options: { chunkRows: number; writers: number }): Promise<void> {
  const directory = temporaryDirectory();
  writeLines(directory, 'events.ndjson', [...events]);
  const summary = await ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter(), chunkRows: options.chunkRows, writeConcurrency: options.writers });
  expect(summary.totals.rejected).toBe(0);
}

describe('private addresses', () => {
  const store = useTestStore({ wipe: 'each' });

  it('keeps an address one account used on the node, then opens it exactly when a later batch brings a second account', async () => {
    const first = [
      event('a1', 'alice', '192.0.2.10', 5, 100, 7),
      event('a2', 'alice', '192.0.2.10', 1, 30, 2),
      event('a3', 'alice', '192.0.2.11', 9),
      event('b1', 'bob', '198.51.100.20', 3),
      // Two accounts on one new address in one chunk: shared from the start.
      event('c1', 'carol', '203.0.113.5', 2),
      event('d1', 'dave', '203.0.113.5', 4),
    ];
    // One row per chunk: alice's two uses of .10 add up in the private counters over two transactions.
    await load(store, first, { chunkRows: 1, writers: 1 });
    expect(await storedAddressUsage(store)).toEqual(expectedUsage(first));
    const [totals] = await store.read<{ ip_relationships: number; private_ip_uses: number; addresses: number }>(cypher('test/read-graph-totals'));
    expect(totals).toMatchObject({ ip_relationships: 2, private_ip_uses: 3, addresses: 4 });
    expect(await privateAddressLists(store)).toEqual({
      lists: { alice: ['192.0.2.10', '192.0.2.11'], bob: ['198.51.100.20'] },
      owners: { '192.0.2.10': 'alice', '192.0.2.11': 'alice', '198.51.100.20': 'bob' },
    });
    // Analysts still find the account on its private address and network, and the account route counts it.
    const onNetwork = (
      await store.read<{ account_id: string; addresses: string[]; events: number; first_seen: string }>(analystQuery('accounts-on-address-or-network'), { address: '192.0.2.0/24' })
    ).map((row) => ({ account_id: row.account_id, addresses: [...row.addresses].sort(), events: row.events, first_seen: row.first_seen }));
    expect(onNetwork).toEqual([{ account_id: 'alice', addresses: ['192.0.2.10', '192.0.2.11'], events: 3, first_seen: '2026-02-01T00:01:00.000Z' }]);
    const [alice] = await store.read(cypher('read-account'), { accountId: 'alice' });
    expect(alice).toMatchObject({ ip_addresses: 2 });

    const second = [event('e1', 'erin', '192.0.2.10', 0, 1, 1), event('a4', 'alice', '192.0.2.11', 20), event('b2', 'bob', '198.51.100.20', 30)];
    await load(store, second, { chunkRows: 2, writers: 1 });
    const all = [...first, ...second];
    expect(await storedAddressUsage(store)).toEqual(expectedUsage(all));
    // alice's .10 became a relationship (with the numbers the node held), erin's too; the rest stay private.
    expect(await privateAddressLists(store)).toEqual({
      lists: { alice: ['192.0.2.11'], bob: ['198.51.100.20'] },
      owners: { '192.0.2.11': 'alice', '198.51.100.20': 'bob' },
    });
    const onAddress = await store.read(analystQuery('accounts-on-address-or-network'), { address: '192.0.2.10' });
    expect(onAddress.map((row) => [row['account_id'], row['events']])).toEqual([
      ['alice', 2],
      ['erin', 1],
    ]);
    const [after] = await store.read<{ ip_relationships: number; private_ip_uses: number }>(cypher('test/read-graph-totals'));
    expect(after).toMatchObject({ ip_relationships: 4, private_ip_uses: 2 });
  }, 120_000);

  it('opens an address when the owner and a second account share a chunk, and when a chunk of one account opens it', async () => {
    const events = [
      event('x1', 'xena', '192.0.2.50', 1),
      // Next chunk: xena again and yuri on the same address (the owner's own use lands on the new relationship).
      event('x2', 'xena', '192.0.2.50', 2),
      event('y1', 'yuri', '192.0.2.50', 3),
      // Next chunk: zack alone on it: already shared.
      event('z1', 'zack', '192.0.2.50', 4),
    ];
    // Chunks of 1, 2 and 1 rows: three batches.
    await load(store, events.slice(0, 1), { chunkRows: 5, writers: 1 });
    await load(store, events.slice(1, 3), { chunkRows: 5, writers: 1 });
    await load(store, events.slice(3), { chunkRows: 5, writers: 1 });
    expect(await storedAddressUsage(store)).toEqual(expectedUsage(events));
    expect(await privateAddressLists(store)).toEqual({ lists: {}, owners: {} });
  }, 120_000);

  it('two writers bringing second accounts onto private addresses lose and double nothing', async () => {
    // 40 addresses, each first used by its own account for a while, then by others in later chunks;
    // small chunks written two at a time, so neighbouring chunks open the same addresses together
    // and lock the same owners (deadlocks are retried).
    const random = seededRandom(24);
    const events: RawEvent[] = [];
    const addresses = Array.from({ length: 40 }, (_, index) => `10.0.${Math.floor(index / 10)}.${index + 1}`);
    let minute = 0;
    for (let round = 0; round < 12; round += 1) {
      for (const [index, address] of addresses.entries()) {
        // Every third address stays private to its first account; the others gain accounts from round 4 on.
        const opens = index % 3 !== 0 && round >= 4;
        const account = opens && random() < 0.7 ? `joiner-${Math.floor(random() * 12)}` : `owner-${index}`;
        events.push(event(`e-${round}-${index}`, account, address, (minute += 1), Math.floor(random() * 1_000), Math.floor(random() * 100)));
      }
    }
    const expected = expectedUsage(events);
    expect(expected.filter((row) => row.private).length).toBeGreaterThan(10);
    expect(expected.filter((row) => !row.private).length).toBeGreaterThan(100);
    await load(store, events, { chunkRows: 7, writers: 2 });
    expect(await storedAddressUsage(store)).toEqual(expected);
    expect(await privateAddressLists(store)).toEqual({
      lists: expectedLists(expected),
      owners: Object.fromEntries(expected.filter((row) => row.private).map((row) => [row.key, row.account_id])),
    });
    // The same batch again changes nothing: every chunk is known.
    await load(store, events, { chunkRows: 7, writers: 2 });
    expect(await storedAddressUsage(store)).toEqual(expected);
  }, 240_000);

  it('loading the same events into an empty database with one writer or two gives the same form for every address', async () => {
    const events = Array.from({ length: 300 }, (_, index) => event(`s-${index}`, `acct-${index % 25}`, `172.16.${index % 3}.${(index * 7) % 60}`, index));
    await load(store, events, { chunkRows: 11, writers: 2 });
    const two = await storedAddressUsage(store);
    await wipeDatabase(store);
    await load(store, events, { chunkRows: 300, writers: 1 });
    expect(await storedAddressUsage(store)).toEqual(two);
    expect(two).toEqual(expectedUsage(events));
  }, 240_000);
});
