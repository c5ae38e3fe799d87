// Account pages are answered from a cache kept per account data version (the current run and
// the committed ingest chunks): a repeated page costs no Neo4j read, and a load that touches the
// account shows on its page at the next version check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/api/server.js';
import type { GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { createLogger } from '../../src/shared/logger.js';
import { syntheticEvents, temporaryDirectory, writeBatchParts } from '../support/batches.js';
import { VIEWER_KEY, testConfig, testRefreshStarter } from './support.js';
import { useTestStore } from '../support/test-store.js';

describe('cached account pages', () => {
  const store = useTestStore();
  let api: RunningServer;
  const accountReads: string[] = [];

  const load = async (events: object[]) => {
    await ingestBatch(store, writeBatchParts(temporaryDirectory('hydrascope-account-cache-'), [{ accounts: [], payments: [], events }]), { fingerprinter: createPromptFingerprinter() });
  };
  const eventCount = async (accountId: string) => {
    const response = await fetch(`${api.url}/api/v1/accounts/${accountId}`, { headers: { 'X-API-Key': VIEWER_KEY } });
    expect(response.status).toBe(200);
    return ((await response.json()) as { activity: { eventCount: number } }).activity.eventCount;
  };

  beforeAll(async () => {
    await load(syntheticEvents(3, 5));
    const counting: GraphStore = {
      ...store,
      description: store.description,
      read: (statement, parameters) => {
        if (statement.name === 'read-account') accountReads.push(String(parameters?.['accountId']));
        return store.read(statement, parameters);
      },
    };
    // The version is read on every request here (check interval 0), so a load shows at once.
    api = await startServer({
      config: testConfig(),
      store: counting,
      logger: createLogger('silent'),
      refreshStarter: testRefreshStarter(store),
      host: '127.0.0.1',
      port: 0,
      validateResponses: true,
      resultCache: { checkIntervalMs: 0 },
      warmUp: false,
    });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('reads a repeated page once', async () => {
    expect(await eventCount('acct-0')).toBe(5);
    expect(await eventCount('acct-0')).toBe(5);
    expect(accountReads.filter((id) => id === 'acct-0')).toHaveLength(1);
  });

  it('shows a load that touches the account', async () => {
    await load(syntheticEvents(1, 7, 2).map((event, index) => ({ ...event, event_id: `later-${index}` })));
    expect(await eventCount('acct-0')).toBe(12);
    expect(accountReads.filter((id) => id === 'acct-0')).toHaveLength(2);
  });
});
