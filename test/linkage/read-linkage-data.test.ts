// The linkage read against the real Neo4j, on the generated `small` scenario: with private
// addresses kept on IP nodes instead of USED_IP relationships (write what can link), the refresh
// still reads every address and network use exactly as the raw events give them: the same
// address and network entities with the same members and events, so the same links, and the same
// per-account address and network counts scoring uses. The expected side is computed here from
// the batch's events, validated by the contract and deduplicated as ingest does.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { networkOf, validateRow } from '../../src/contract/rows.js';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { entityList, type EntityKind, type LinkageData } from '../../src/linkage/linkage-data.js';
import { readLinkageData } from '../../src/linkage/read-linkage-data.js';
import { writeScenario } from '../../src/scenario/write-scenario.js';
import { temporaryDirectory } from '../support/batches.js';
import { useTestStore } from '../support/test-store.js';

type Uses = Map<string, Map<string, number>>;

/** Address and network uses (entity key -> account -> events) of a batch's events file. */
async function usesFromEvents(path: string): Promise<{ ip: Uses; network: Uses }> {
  const ip: Uses = new Map();
  const network: Uses = new Map();
  const seen = new Set<string>();
  const add = (uses: Uses, key: string, account: string) => {
    const members = uses.get(key) ?? new Map<string, number>();
    members.set(account, (members.get(account) ?? 0) + 1);
    uses.set(key, members);
  };
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (line.trim() === '') continue;
    const result = validateRow('events', JSON.parse(line) as unknown);
    if (!result.ok) continue;
    // Ingest loads an event id once; an event without an id is always loaded.
    const id = result.row.event_id;
    if (id !== null) {
      if (seen.has(id)) continue;
      seen.add(id);
    }
    add(ip, result.row.ip, result.row.account_id);
    add(network, networkOf(result.row.ip), result.row.account_id);
  }
  return { ip, network };
}

/** The entities of one kind as the read gives them: key -> account -> events. */
function usesRead(data: LinkageData, kind: EntityKind): Uses {
  const uses: Uses = new Map();
  for (const entity of entityList(data.entities)) {
    if (entity.kind !== kind) continue;
    uses.set(entity.key, new Map(Array.from(entity.members, (member, position) => [(data.accounts[member] as { accountId: string }).accountId, entity.usage[position] ?? 0])));
  }
  return uses;
}

const sorted = (uses: Uses) =>
  [...uses.entries()].map(([key, members]) => [key, [...members.entries()].sort(([left], [right]) => (left < right ? -1 : 1))] as const).sort(([left], [right]) => (left < right ? -1 : 1));

/** Distinct entities of `uses` per account. */
function countsPerAccount(uses: Uses): Map<string, number> {
  const counts = new Map<string, number>();
  for (const members of uses.values()) for (const account of members.keys()) counts.set(account, (counts.get(account) ?? 0) + 1);
  return counts;
}

describe('readLinkageData with private addresses', () => {
  const store = useTestStore();

  it('reads the address and network uses of the small scenario exactly as its events give them', async () => {
    const directory = temporaryDirectory();
    await writeScenario({ scale: 'small', seed: 11, outDir: directory });
    await ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter() });
    const [totals] = await store.read<{ ip_relationships: number; private_ip_uses: number }>(cypher('test/read-graph-totals'));
    // Both forms are there: the read has to put them together.
    expect(totals?.private_ip_uses).toBeGreaterThan(1_000);
    expect(totals?.ip_relationships).toBeGreaterThan(10_000);

    const expected = await usesFromEvents(join(directory, 'events.ndjson'));
    const { data, counts } = await readLinkageData(store);
    expect(counts.ipUsage).toBe(totals ? totals.ip_relationships + totals.private_ip_uses : -1);
    expect(sorted(usesRead(data, 'ip'))).toEqual(sorted(expected.ip));
    expect(sorted(usesRead(data, 'network'))).toEqual(sorted(expected.network));
    // Scoring's per-account facts from usage: distinct addresses and networks.
    const addresses = countsPerAccount(expected.ip);
    const networks = countsPerAccount(expected.network);
    data.accounts.forEach((account, index) => {
      expect([account.accountId, data.addressCount[index]]).toEqual([account.accountId, addresses.get(account.accountId) ?? 0]);
      expect([account.accountId, data.networkCount[index]]).toEqual([account.accountId, networks.get(account.accountId) ?? 0]);
    });
  }, 900_000);
});
