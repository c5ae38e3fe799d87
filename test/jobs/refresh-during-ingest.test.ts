// Ingest and refresh at the same time: neither corrupts the other, the graph ends exactly as two
// clean loads leave it, and the refresh records the data watermark it worked on.
import { describe, expect, it } from 'vitest';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { wipeDatabase } from '../../src/graph-store/schema.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { runRefresh } from '../../src/jobs/refresh-job.js';
import { syntheticEvents, temporaryDirectory, writeLines } from '../support/batches.js';
import { useTestStore } from '../support/test-store.js';

type RunOutcome = {
  status: string;
  watermark_last_event_at: string | null;
  watermark_batches: string[];
};

/** A batch of `accounts` accounts whose ids (and event ids) carry `prefix`, so batches do not overlap. */
function writeBatch(prefix: string, accounts: number, perAccount: number, seed: number): string {
  const directory = temporaryDirectory();
  const events = syntheticEvents(accounts, perAccount, seed).map((event) => {
    const row = event as { event_id: string; account_id: string };
    return { ...event, event_id: `${prefix}${row.event_id}`, account_id: `${prefix}${row.account_id}` };
  });
  writeLines(
    directory,
    'accounts.ndjson',
    Array.from({ length: accounts }, (_unused, index) => ({ account_id: `${prefix}acct-${index}`, created_at: '2026-01-01T00:00:00Z' })),
  );
  writeLines(directory, 'events.ndjson', events);
  return directory;
}

describe('a refresh while an ingest runs', () => {
  const store = useTestStore();

  it('lets both finish, reconciles the counts and records the watermark the refresh used', async () => {
    const first = writeBatch('a-', 30, 10, 1);
    const second = writeBatch('b-', 40, 10, 2);
    const fingerprinter = createPromptFingerprinter;

    // Reference: the two batches loaded one after the other.
    await ingestBatch(store, first, { fingerprinter: fingerprinter() });
    await ingestBatch(store, second, { fingerprinter: fingerprinter() });
    const reference = (await store.read(cypher('test/read-graph-totals')))[0];
    await wipeDatabase(store);

    const loadedFirst = await ingestBatch(store, first, { fingerprinter: fingerprinter() });
    // The refresh starts once the second load has committed its first chunk, so the two overlap.
    let secondStarted: () => void = () => undefined;
    const firstChunkCommitted = new Promise<void>((resolve) => {
      secondStarted = resolve;
    });
    let ingestFinished = false;
    let overlapped = false;
    const [loadedSecond, refresh] = await Promise.all([
      ingestBatch(store, second, { fingerprinter: fingerprinter(), chunkRows: 25, onChunkCommitted: () => secondStarted() }).finally(() => {
        ingestFinished = true;
      }),
      firstChunkCommitted.then(() =>
        runRefresh(store, {
          requestedBy: 'test',
          onStage: (stage) => {
            if (stage === 'read') overlapped = !ingestFinished;
          },
        }),
      ),
    ]);

    expect(overlapped).toBe(true);
    expect(loadedSecond.status).toBe('loaded');
    expect(refresh.status).toBe('succeeded');
    for (const summary of [loadedFirst, loadedSecond]) {
      expect(summary.totals.read).toBe(summary.totals.loaded + summary.totals.rejected + summary.totals.duplicates);
      expect(summary.totals.rejected + summary.totals.duplicates).toBe(0);
    }
    expect(loadedSecond.totals.loaded).toBe(40 + 40 * 10);
    expect((await store.read(cypher('test/read-graph-totals')))[0]).toEqual(reference);

    // The refresh read a consistent view: at least the first batch, at most both.
    expect(refresh.counts.accounts).toBeGreaterThanOrEqual(30);
    expect(refresh.counts.accounts).toBeLessThanOrEqual(70);
    const [run] = await store.read<RunOutcome>(cypher('test/read-refresh-run-outcomes'), { runId: refresh.runId });
    expect(run?.status).toBe('succeeded');
    expect(run?.watermark_last_event_at).not.toBeNull();
    expect(run?.watermark_batches).toContain(loadedFirst.batchId);
    for (const batchId of run?.watermark_batches ?? []) expect([loadedFirst.batchId, loadedSecond.batchId]).toContain(batchId);
  });
});
