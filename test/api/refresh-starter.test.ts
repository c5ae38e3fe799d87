// The API's background refresh starter in worker-thread mode (what `hydrascope serve` uses): the
// soak test found the in-thread refresh stalling the API's event loop for seconds, so refreshes
// now run in a worker with their own Neo4j connections. Checked here on a real Neo4j: the run is
// recorded and succeeds, a held lease still answers "already running" (409), and an unreachable
// Neo4j still surfaces as unavailable (503).
import { getPriority } from 'node:os';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBackgroundRefreshStarter, createRefreshRunner } from '../../src/api/refresh-starter.js';
import { getRun } from '../../src/api/use-cases/runs.js';
import { GraphStoreError } from '../../src/graph-store/errors.js';
import { tryAcquireLease } from '../../src/graph-store/lease-lock.js';
import { LeaseHeldError } from '../../src/shared/errors.js';
import { REFRESH_LOCK } from '../../src/jobs/refresh-job.js';
import { createLogger } from '../../src/shared/logger.js';
import { testConnection } from '../support/neo4j.js';
import { loadFixture } from './support.js';
import { useTestStore } from '../support/test-store.js';

describe('refreshes started by the API, in a worker thread', () => {
  const store = useTestStore();
  const logger = createLogger('silent');

  beforeAll(async () => {
    await loadFixture(store);
  });

  it('records the run, answers once it holds the lease, and finishes it in the background', async () => {
    const finished: string[] = [];
    const starter = createBackgroundRefreshStarter(store, { logger, connection: testConnection(), onFinished: ({ status }) => finished.push(status) });
    const { runId } = await starter.start({ requestedBy: 'api:test', seed: 7 });
    await starter.idle();
    expect(finished).toEqual(['succeeded']);
    const run = await getRun(store, runId);
    expect(run).toMatchObject({ runId, status: 'succeeded', requestedBy: 'api:test', parameters: { seed: 7 } });
  });

  it.runIf(process.platform === 'linux')('runs the worker at the lower CPU priority it is given, so the API thread keeps the CPU', async () => {
    const lines: string[] = [];
    const capture = new Writable({ write: (chunk: Buffer, _encoding, done) => void (lines.push(chunk.toString()), done()) });
    const starter = createBackgroundRefreshStarter(store, { logger: createLogger('debug', 'test', capture), connection: testConnection(), nice: 3 });
    await starter.start({ requestedBy: 'api:test', seed: 7 });
    await starter.idle();
    const reported = lines.map((line) => JSON.parse(line) as { msg: string; nice?: number }).find((entry) => entry.msg === 'the refresh worker runs at a lower CPU priority');
    expect(reported?.nice).toBe(Math.min(19, getPriority() + 3));
  });

  it('refuses with the holder named while another process holds the refresh lease', async () => {
    const held = await tryAcquireLease(store, REFRESH_LOCK, 'run-elsewhere');
    if (!('lease' in held)) throw new Error('the lease should be free');
    try {
      const starter = createBackgroundRefreshStarter(store, { logger, connection: testConnection() });
      const refused = await starter.start({ requestedBy: 'api:test' }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(LeaseHeldError);
      expect((refused as LeaseHeldError).runningRunId).toBe('run-elsewhere');
    } finally {
      await held.lease.release();
    }
  });

  it('runs a scheduled refresh to its end in a worker thread and counts it as succeeded', async () => {
    const finished: string[] = [];
    const runRefresh = createRefreshRunner(store, { logger, connection: testConnection(), onFinished: ({ status }) => finished.push(status) });
    const { runId, campaigns } = await runRefresh({ requestedBy: 'scheduler', seed: 7 });
    expect(finished).toEqual(['succeeded']);
    // The worker reports the count the run recorded (on this 8-account fixture nothing is unusual
    // against its own background, so the count itself may be 0).
    expect(campaigns).toBeGreaterThanOrEqual(0);
    expect(await getRun(store, runId)).toMatchObject({ runId, status: 'succeeded', requestedBy: 'scheduler', campaigns });
  });

  it('refuses a scheduled refresh while another holds the lease, without counting a failed refresh', async () => {
    const held = await tryAcquireLease(store, REFRESH_LOCK, 'run-elsewhere');
    if (!('lease' in held)) throw new Error('the lease should be free');
    try {
      const finished: string[] = [];
      const runRefresh = createRefreshRunner(store, { logger, connection: testConnection(), onFinished: ({ status }) => finished.push(status) });
      await expect(runRefresh({ requestedBy: 'scheduler' })).rejects.toBeInstanceOf(LeaseHeldError);
      expect(finished).toEqual([]);
    } finally {
      await held.lease.release();
    }
  });

  it('reports an unreachable Neo4j as unavailable, so the API answers 503', async () => {
    const starter = createBackgroundRefreshStarter(store, { logger, connection: { uri: 'bolt://127.0.0.1:1', user: 'neo4j', password: 'x', database: undefined } });
    const failure = await starter.start({ requestedBy: 'api:test' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(GraphStoreError);
    expect((failure as GraphStoreError).kind).toBe('unavailable');
  });
});
