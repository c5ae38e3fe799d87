// A load killed with SIGKILL at an arbitrary moment and started again must end with exactly the
// counts of one clean load. The load runs in a child process (the real CLI), killed for real.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { wipeDatabase } from '../../src/graph-store/schema.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';
import { syntheticEvents, temporaryDirectory, writeLines } from '../support/batches.js';
import { testDatabaseEnvironment } from '../support/neo4j.js';
import { useTestStore } from '../support/test-store.js';

const CLI = join(PROJECT_ROOT, 'bin', 'hydrascope.js');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a load killed with SIGKILL', () => {
  const store = useTestStore();
  beforeAll(async () => {
    if (!existsSync(join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js'))) throw new Error('build first: npm test runs `npm run build` before vitest');
  });

  it('finishes after a restart with exactly the counts of one clean load', async () => {
    const directory = temporaryDirectory();
    writeLines(
      directory,
      'accounts.ndjson',
      Array.from({ length: 60 }, (_unused, index) => ({ account_id: `acct-${index}`, created_at: '2026-01-01T00:00:00Z' })),
    );
    // Half the events carry no id, so only the chunk ledger can keep them from loading twice.
    const events = syntheticEvents(60, 100).map((event, index) => (index % 2 === 0 ? { ...event, event_id: null } : event));
    writeLines(directory, 'events.ndjson', events);

    // Reference: one clean load.
    await wipeDatabase(store);
    await ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter(), chunkRows: 250 });
    const clean = (await store.read(cypher('test/read-graph-totals')))[0];

    // Killed load: SIGKILL once a few chunks have committed.
    await wipeDatabase(store);
    const child = spawn(process.execPath, [CLI, 'ingest', directory, '--chunk-rows', '250'], {
      env: { ...process.env, ...testDatabaseEnvironment(), HYDRASCOPE_LOG_LEVEL: 'error', HYDRASCOPE_INGEST_LEASE_SECONDS: '10' },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    let committed = 0;
    for (let attempt = 0; attempt < 600 && committed < 3; attempt += 1) {
      await sleep(50);
      const [row] = await store.read<{ chunks: number }>(cypher('test/count-ingest-chunks'));
      committed = row?.chunks ?? 0;
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const partial = (await store.read<{ events: number }>(cypher('test/read-graph-totals')))[0];
    expect(committed).toBeGreaterThanOrEqual(3);
    expect(partial?.['account_events' as 'events']).toBeLessThan(events.length);

    // Restart: the same command waits for the killed load's lease to expire, then finishes the load.
    // The lease is 10 s, not less: on a busy machine a shorter one had run out before the restart asked.
    let waitedForLease = false;
    const summary = await ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter(), chunkRows: 250, leaseSeconds: 10, onWaitForLease: () => (waitedForLease = true) });
    expect(waitedForLease).toBe(true);
    expect(summary.status).toBe('loaded');
    expect((await store.read(cypher('test/read-graph-totals')))[0]).toEqual(clean);
  });
});
