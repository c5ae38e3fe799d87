// The refresh lease, however a refresh starts: two at once (one must refuse), a lease a crashed
// process left behind (taken over once it expires), a failed run recorded with its error, and
// the CLI's exit code 5 with a one-line message while another process holds the lease.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeEach, describe, expect, it } from 'vitest';
import { cypher } from '../../src/graph-store/cypher-files.js';
import type { GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { wipeDatabase } from '../../src/graph-store/schema.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { readLease, tryAcquireLease } from '../../src/graph-store/lease-lock.js';
import { LeaseHeldError } from '../../src/shared/errors.js';
import { REFRESH_LOCK, runRefresh } from '../../src/jobs/refresh-job.js';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';
import { syntheticEvents, temporaryDirectory, writeLines } from '../support/batches.js';
import { testDatabaseEnvironment } from '../support/neo4j.js';
import { useTestStore } from '../support/test-store.js';

const CLI = join(PROJECT_ROOT, 'bin', 'hydrascope.js');

type RunOutcome = {
  run_id: string;
  status: string;
  error: string | null;
  requested_by: string;
};

async function holdLease(store: GraphStore, runId: string, expiresInMs: number): Promise<void> {
  await store.write(cypher('test/merge-lock-holder'), { name: REFRESH_LOCK, owner: 'crashed-host:4242:deadbeef', runId, expiresInMs });
}

describe('the refresh lease', () => {
  const store = useTestStore();
  beforeEach(async () => {
    await wipeDatabase(store);
    const directory = temporaryDirectory();
    writeLines(directory, 'events.ndjson', syntheticEvents(12, 4));
    await ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter() });
  });

  it('lets exactly one of two concurrent refreshes run; the other refuses with a LeaseHeldError', async () => {
    // The winner waits before promoting until both attempts are past the lease, so the loser
    // cannot simply arrive after the winner released it.
    let pastLease = 0;
    let openGate: () => void = () => undefined;
    const bothPastLease = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    const passed = () => {
      pastLease += 1;
      if (pastLease === 2) openGate();
    };
    const attempt = () =>
      runRefresh(store, {
        requestedBy: 'test',
        onStage: (stage) => {
          if (stage === 'read') passed();
        },
        beforePromote: () => Promise.race([bothPastLease, sleep(15_000)]),
      }).catch((error: unknown) => {
        passed();
        throw error;
      });

    const results = await Promise.allSettled([attempt(), attempt()]);
    const refused = results.filter((result) => result.status === 'rejected');
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(LeaseHeldError);
    const runs = await store.read<RunOutcome>(cypher('test/read-refresh-run-outcomes'), { runId: null });
    expect(runs.map((run) => run.status)).toEqual(['succeeded']);
    expect((await readLease(store, REFRESH_LOCK)).held).toBe(false);
  });

  it('records the run in the transaction that takes the lease, so the holder a refusal names is always in the run history', async () => {
    // Each time a statement takes the lease, read (outside it) whether the run is recorded by then.
    const recordedWhenLeaseTaken: boolean[] = [];
    const runRecorded = async () => recordedWhenLeaseTaken.push((await store.read<RunOutcome>(cypher('test/read-refresh-run-outcomes'), { runId: 'refresh-watched' })).length === 1);
    const takesLease = (statement: { name: string }) => statement.name === 'acquire-lock';
    const watched: GraphStore = {
      ...store,
      write: async (statement, parameters) => {
        const rows = await store.write(statement, parameters);
        if (takesLease(statement)) await runRecorded();
        return rows as never;
      },
      writeTransaction: async (work) => {
        let tookLease = false;
        const result = await store.writeTransaction((transaction) =>
          work({
            run: (statement, parameters) => {
              tookLease ||= takesLease(statement);
              return transaction.run(statement, parameters);
            },
          }),
        );
        if (tookLease) await runRecorded();
        return result;
      },
    };
    const refusals: unknown[] = [];
    await runRefresh(watched, {
      requestedBy: 'test',
      runId: 'refresh-watched',
      beforePromote: async () => void refusals.push(await runRefresh(store, { requestedBy: 'test' }).catch((error: unknown) => error)),
    });
    expect(recordedWhenLeaseTaken).toEqual([true]);
    expect((refusals[0] as LeaseHeldError).runningRunId).toBe('refresh-watched');
  });

  it('takes no lease when the work sharing its transaction fails', async () => {
    await expect(tryAcquireLease(store, REFRESH_LOCK, 'refresh-half-started', {}, () => Promise.reject(new Error('record refused')))).rejects.toThrow(/record refused/);
    expect((await readLease(store, REFRESH_LOCK)).held).toBe(false);
  });

  it('refuses while a live lease is held and takes over a lease left by a crashed process once it expires', async () => {
    await holdLease(store, 'refresh-crashed', 1500);
    const refusal = await runRefresh(store, { requestedBy: 'test' }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(LeaseHeldError);
    expect((refusal as LeaseHeldError).runningRunId).toBe('refresh-crashed');

    await sleep(1700);
    const summary = await runRefresh(store, { requestedBy: 'test' });
    expect(summary.status).toBe('succeeded');
    const lease = await readLease(store, REFRESH_LOCK);
    expect(lease.held).toBe(false);
  });

  it('takes over a lease whose expiry is already in the past', async () => {
    await holdLease(store, 'refresh-long-dead', -60_000);
    const summary = await runRefresh(store, { requestedBy: 'test' });
    const [run] = await store.read<RunOutcome>(cypher('test/read-refresh-run-outcomes'), { runId: summary.runId });
    expect(run?.status).toBe('succeeded');
  });

  it('records a failed run with its error and releases the lease', async () => {
    const failure = await runRefresh(store, {
      requestedBy: 'test',
      runId: 'refresh-doomed',
      beforePromote: () => Promise.reject(new Error('disk on fire')),
    }).catch((error: unknown) => error);
    expect((failure as Error).message).toBe('disk on fire');
    const [run] = await store.read<RunOutcome>(cypher('test/read-refresh-run-outcomes'), { runId: 'refresh-doomed' });
    expect(run).toMatchObject({ status: 'failed', error: 'disk on fire', requested_by: 'test' });
    expect((await readLease(store, REFRESH_LOCK)).held).toBe(false);
  });

  it('makes a second `hydrascope refresh` exit with code 5 and one line on stderr', async () => {
    if (!existsSync(join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js'))) throw new Error('build first: npm test runs `npm run build` before vitest');
    await holdLease(store, 'refresh-held', 60_000);
    const child = spawn(process.execPath, [CLI, 'refresh'], {
      env: { ...process.env, ...testDatabaseEnvironment(), HYDRASCOPE_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
    expect(code).toBe(5);
    expect(stdout).toBe('');
    expect(stderr).toBe('hydrascope: a refresh is already running (run refresh-held)\n');
  });
});
