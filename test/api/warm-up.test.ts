import { beforeAll, describe, expect, it } from 'vitest';
import { warmUpQueries } from '../../src/api/use-cases/warm-up.js';
import { GraphStoreError } from '../../src/graph-store/errors.js';
import type { GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { loadFixture } from './support.js';
import { useTestStore } from '../support/test-store.js';

describe('warmUpQueries', () => {
  const store = useTestStore();
  beforeAll(async () => {
    await loadFixture(store);
  });

  it('runs the query of every data route once against a real Neo4j, changing nothing', async () => {
    const ran: string[] = [];
    const recording: GraphStore = { ...store, description: store.description, read: (statement, parameters) => (ran.push(statement.name), store.read(statement, parameters)) };
    const before = await store.read<{ nodes: number }>({ name: 'count-nodes', text: 'MATCH (n) RETURN count(n) AS nodes' });
    const result = await warmUpQueries(recording, { timeoutMs: 30_000 });
    expect(result).toMatchObject({ warmed: 12, skipped: 0 });
    expect(result.stoppedBecause).toBeUndefined();
    expect(ran).toEqual(
      expect.arrayContaining([
        'read-current-run-id',
        'read-current-campaigns',
        'read-campaign',
        'read-campaign-graph-snapshot',
        'read-campaign-evidence-hubs',
        'read-campaign-members',
        'read-account',
        'read-account-links',
        'read-refresh-runs',
        'read-current-operation-page',
        'read-operation',
      ]),
    );
    expect(await store.read<{ nodes: number }>({ name: 'count-nodes', text: 'MATCH (n) RETURN count(n) AS nodes' })).toEqual(before);
  });

  it('stops at the first step Neo4j cannot answer', async () => {
    const down: GraphStore = {
      ...store,
      description: store.description,
      verifyConnectivity: () => Promise.reject(new Error('refused')),
      read: () => Promise.reject(new GraphStoreError('Neo4j is not reachable', 'unavailable', true, undefined)),
    };
    const result = await warmUpQueries(down, { timeoutMs: 30_000 });
    expect(result.warmed).toBe(1);
    expect(result.skipped).toBe(11);
    expect(result.stoppedBecause).toMatch(/^current run: Neo4j is not reachable/);
  });

  it('gives up when a hung Neo4j does not answer in time', async () => {
    const hung: GraphStore = { ...store, description: store.description, verifyConnectivity: () => new Promise(() => undefined), read: () => new Promise(() => undefined) };
    const started = performance.now();
    const result = await warmUpQueries(hung, { timeoutMs: 200 });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result).toMatchObject({ warmed: 0, skipped: 12, stoppedBecause: 'time up after 200 ms' });
  });
});
