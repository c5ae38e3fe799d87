// A `hydrascope refresh` process killed with SIGKILL in the middle of its work. It is stopped at
// the most delicate moment, promotion: a transaction holding the current-result marker's lock
// makes the real CLI wait there (it logs the stage first), so the kill lands mid-refresh on any
// machine. Readers must keep the previous complete result, the dead run's lease must expire on
// its own, and the next refresh must succeed and close the dead run's books.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/api/server.js';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { readLease } from '../../src/graph-store/lease-lock.js';
import { ABANDONED_RUN_ERROR, REFRESH_LOCK, runRefresh } from '../../src/jobs/refresh-job.js';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';
import { VIEWER_KEY, loadFixture, startTestApi } from '../api/support.js';
import { testDatabaseEnvironment } from '../support/neo4j.js';
import { useTestStore } from '../support/test-store.js';

const CLI = join(PROJECT_ROOT, 'bin', 'hydrascope.js');
/** Short, so the test waits seconds for the dead run's lease to expire, not a minute. */
const LEASE_SECONDS = 8;

type RunOutcome = { run_id: string; status: string; error: string | null };

describe('a refresh killed with SIGKILL during promotion', () => {
  const store = useTestStore();
  let api: RunningServer;

  const campaignList = async () => {
    const response = await fetch(`${api.url}/api/v1/campaigns`, { headers: { 'X-API-Key': VIEWER_KEY } });
    expect(response.status).toBe(200);
    return (await response.json()) as { items: Array<{ id: string }> };
  };

  beforeAll(async () => {
    if (!existsSync(join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js'))) throw new Error('build first: npm test runs `npm run build` before vitest');
    // The previous complete result: two current campaigns from an earlier run.
    await loadFixture(store);
    api = await startTestApi(store);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('keeps readers on the previous result, lets the dead lease expire, and the next refresh succeeds', async () => {
    const before = await campaignList();
    expect(before.items.map((campaign) => campaign.id).sort()).toEqual(['camp-a', 'camp-b']);

    let releaseMarker: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      releaseMarker = resolve;
    });
    let holding: () => void = () => undefined;
    const isHolding = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const markerHolder = store
      .writeTransaction(async (transaction) => {
        await transaction.run(cypher('test/update-current-state-touched'));
        holding();
        await released;
        throw new Error('rolled back on purpose');
      })
      .catch(() => undefined);
    await isHolding;
    // Threshold 0: on this 8-account fixture nothing is unusual against its own background, and
    // the test needs a refresh that writes campaign snapshots before it is killed.
    const child = spawn(process.execPath, [CLI, 'refresh', '--threshold', '0'], {
      env: { ...process.env, ...testDatabaseEnvironment(), HYDRASCOPE_LOG_LEVEL: 'info', HYDRASCOPE_REFRESH_LEASE_SECONDS: String(LEASE_SECONDS) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const stages: string[] = [];
    try {
      await new Promise<void>((resolve, reject) => {
        const lines = createInterface({ input: child.stderr });
        lines.on('line', (line) => {
          const stage = (JSON.parse(line) as { stage?: string }).stage;
          if (stage) stages.push(stage);
          if (stage === 'promote') resolve();
        });
        child.once('exit', (code) => reject(new Error(`refresh exited (${code}) before promotion; stages ${stages.join(',')}`)));
      });

      // Mid-refresh for sure: its run is recorded as running and it holds the lease.
      const lease = await readLease(store, REFRESH_LOCK);
      expect(lease.held).toBe(true);
      const killedRunId = lease.runId as string;
      const [killedRun] = await store.read<RunOutcome>(cypher('test/read-refresh-run-outcomes'), { runId: killedRunId });
      expect(killedRun?.status).toBe('running');
      // Its snapshots are written, waiting to become current.
      const [written] = await store.read<{ campaigns: number }>(cypher('test/count-run-campaigns'), { runId: killedRunId });
      expect(written?.campaigns).toBeGreaterThan(0);
      expect(await campaignList()).toEqual(before);

      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      expect(stdout).toBe('');
      releaseMarker();
      await markerHolder;

      // Readers still see the previous complete result, unchanged.
      expect(await campaignList()).toEqual(before);

      // The dead process cannot release its lease; it runs out on its own.
      const stale = await readLease(store, REFRESH_LOCK);
      expect(stale).toMatchObject({ held: true, runId: killedRunId });
      // HYDRASCOPE_REFRESH_LEASE_SECONDS reached the CLI: the lease runs out within one short lease.
      expect(Date.parse(stale.expiresAt as string) - Date.now()).toBeLessThanOrEqual(LEASE_SECONDS * 1000);
      await sleep(Math.max(0, Date.parse(stale.expiresAt as string) - Date.now()) + 250);

      const summary = await runRefresh(store, { requestedBy: 'test' });
      expect(summary.status).toBe('succeeded');
      expect((await readLease(store, REFRESH_LOCK)).held).toBe(false);
      const [closed] = await store.read<RunOutcome>(cypher('test/read-refresh-run-outcomes'), { runId: killedRunId });
      expect(closed).toMatchObject({ status: 'failed', error: ABANDONED_RUN_ERROR });
      const [leftovers] = await store.read<{ campaigns: number }>(cypher('test/count-run-campaigns'), { runId: killedRunId });
      expect(leftovers?.campaigns).toBe(0);
    } finally {
      releaseMarker();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});
