// Wiping must work on a graph of any size: a dedicated local server (its own ports and folder,
// never the shared test server) with a tight per-transaction memory limit, and one prompt
// fingerprint holding more relationships than one transaction may delete. At `seed` scale,
// deleting nodes with their relationships in batches of 500 outgrew Neo4j's memory pool.
// The same server then has its database recreated (what bench:ingest does on the local server).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderBytes } from '../../src/evaluation/folder-bytes.js';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { localConnection, localStoreFolder, recreateLocalDatabase, startLocalNeo4j, stopLocalNeo4j } from '../../src/graph-store/local-neo4j.js';
import { openGraphStore, type GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { applySchema, schemaPresent, wipeDatabase } from '../../src/graph-store/schema.js';
import { dedicatedNeo4jSettings } from '../support/neo4j.js';

const TRANSACTION_MEMORY = '16MiB';
/** Bolt port + 30, apart from the outage test's (+ 20). */
const WIPE_NEO4J = dedicatedNeo4jSettings('wipe', 30, [`db.memory.transaction.max=${TRANSACTION_MEMORY}`]);
/** Accounts that each sent the one popular prompt: more relationships than one transaction can delete under the limit. */
const ACCOUNTS = 20_000;

describe('wipeDatabase under a per-transaction memory limit', () => {
  let startedHere = false;
  let store: GraphStore;

  beforeAll(async () => {
    startedHere = !(await startLocalNeo4j(WIPE_NEO4J)).alreadyRunning;
    store = openGraphStore(localConnection(WIPE_NEO4J), { maxTransactionRetryTimeMs: 2000 });
    await applySchema(store);
    await wipeDatabase(store);
  });

  afterAll(async () => {
    await store?.close();
    // Leave a server that was already running (a developer rerunning this file) as it was.
    if (startedHere) await stopLocalNeo4j(WIPE_NEO4J);
  });

  it('removes a fingerprint whose relationships do not fit one transaction, and every other node', async () => {
    await store.runAutoCommit(cypher('test/create-dense-fingerprint'), { accounts: ACCOUNTS, runId: 'test-wipe' });
    const [before] = await store.read<{ accounts: number; prompt_links: number }>(cypher('test/read-graph-totals'));
    expect(before).toMatchObject({ accounts: ACCOUNTS, prompt_links: ACCOUNTS });
    // The premise: deleting the fingerprint with its relationships in one transaction is refused.
    await expect(store.write(cypher('test/delete-dense-fingerprint'))).rejects.toThrow(/memory/i);

    await wipeDatabase(store);

    const [after] = await store.read(cypher('test/read-graph-totals'));
    expect(after).toMatchObject({ accounts: 0, fingerprints: 0, prompt_links: 0 });
    // Wiping removes data, never the schema.
    expect((await schemaPresent(store)).present).toBe(true);
  });

  it('recreates the database on request: a new, empty store with small files, the password kept', async () => {
    await store.runAutoCommit(cypher('test/create-dense-fingerprint'), { accounts: ACCOUNTS, runId: 'test-recreate' });
    await wipeDatabase(store);
    // A wiped store keeps its files' size; a new one starts small.
    const wipedBytes = folderBytes(localStoreFolder(WIPE_NEO4J));
    await store.close();

    await recreateLocalDatabase(WIPE_NEO4J);

    store = openGraphStore(localConnection(WIPE_NEO4J), { maxTransactionRetryTimeMs: 2000 });
    const [after] = await store.read(cypher('test/count-hydrascope-nodes'));
    expect(after).toMatchObject({ nodes: 0, relationships: 0 });
    expect((await schemaPresent(store)).present).toBe(false);
    expect(folderBytes(localStoreFolder(WIPE_NEO4J))).toBeLessThan(wipedBytes);
  });
});
