// Inbox mode on the real Neo4j: complete batches are picked up oldest first and sorted into done/
// or failed/ with their summary; a watcher killed with SIGKILL mid-load finishes the batch on
// restart with exactly the totals of one clean load; Neo4j being down never fails a batch.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { GraphStoreError } from '../../src/graph-store/errors.js';
import { openGraphStore, type TransactionRunner } from '../../src/graph-store/neo4j-adapter.js';
import { wipeDatabase } from '../../src/graph-store/schema.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { COMPLETE_MARKER, inboxLeaseName, processInbox, SUMMARY_FILE, type InboxLogger, type InboxSummaryFile } from '../../src/jobs/inbox-watcher.js';
import { runRefresh } from '../../src/jobs/refresh-job.js';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';
import { syntheticEvents, temporaryDirectory, writeLines } from '../support/batches.js';
import { testDatabaseEnvironment } from '../support/neo4j.js';
import { useTestStore } from '../support/test-store.js';

const CLI = join(PROJECT_ROOT, 'bin', 'hydrascope.js');
const silent: InboxLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A batch folder in the inbox; `completedAt` (epoch seconds) dates its `_SUCCESS` marker. */
function dropBatch(inbox: string, name: string, files: Record<string, Array<string | object>>, completedAt?: number): string {
  const directory = join(inbox, name);
  mkdirSync(directory, { recursive: true });
  for (const [file, lines] of Object.entries(files)) writeLines(directory, file, lines);
  if (completedAt !== undefined) markComplete(directory, completedAt);
  return directory;
}

function markComplete(directory: string, completedAt: number): void {
  const marker = join(directory, COMPLETE_MARKER);
  writeFileSync(marker, '');
  utimesSync(marker, completedAt, completedAt);
}

function readSummary(path: string): InboxSummaryFile {
  return JSON.parse(readFileSync(join(path, SUMMARY_FILE), 'utf8')) as InboxSummaryFile;
}

describe('the inbox watcher', () => {
  const store = useTestStore({ wipe: 'each' });

  it('loads complete batches oldest first, sorts them into done/ with summary and quarantine, leaves incomplete ones, and refreshes once', async () => {
    const inbox = temporaryDirectory('hydrascope-inbox-');
    const now = Date.now() / 1000;
    dropBatch(
      inbox,
      'batch-b',
      { 'events.ndjson': syntheticEvents(6, 3, 2).map((event) => ({ ...event, account_id: `b-${(event as { account_id: string }).account_id}`, event_id: null })) },
      now - 10,
    );
    dropBatch(inbox, 'batch-a', { 'events.ndjson': [...syntheticEvents(6, 3, 1), '{"not": "an event"}'] }, now - 60);
    dropBatch(inbox, 'batch-c-still-writing', { 'events.ndjson': syntheticEvents(2, 2, 3) });
    let refreshes = 0;

    const pass = await processInbox({
      directory: inbox,
      store,
      logger: silent,
      refresh: async () => {
        refreshes += 1;
        return runRefresh(store, { requestedBy: 'watch' });
      },
    });

    expect(pass.batches.map((batch) => [batch.name, batch.outcome])).toEqual([
      ['batch-a', 'loaded'],
      ['batch-b', 'loaded'],
    ]);
    expect(pass.refresh).toBe('succeeded');
    expect(refreshes).toBe(1);
    expect(readdirSync(join(inbox, 'done')).sort()).toEqual(['batch-a', 'batch-b']);
    expect(existsSync(join(inbox, 'batch-c-still-writing', 'events.ndjson'))).toBe(true);
    expect(readdirSync(join(inbox, '.processing'))).toEqual([]);

    const summary = readSummary(join(inbox, 'done', 'batch-a'));
    expect(summary).toMatchObject({ batch: 'batch-a', status: 'loaded', error: null, location: join(inbox, 'done', 'batch-a') });
    expect(summary.ingest?.totals).toEqual({ read: 19, loaded: 18, rejected: 1, duplicates: 0 });
    expect(summary.ingest?.quarantinePath).toBe(join(inbox, 'done', 'batch-a', '_quarantine.ndjson'));
    expect(
      readFileSync(join(inbox, 'done', 'batch-a', '_quarantine.ndjson'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(1);

    // Nothing new: nothing loaded, no refresh.
    const idle = await processInbox({ directory: inbox, store, logger: silent, refresh: async () => (refreshes += 1) });
    expect(idle).toEqual({ busy: false, batches: [], refresh: 'not-needed', neo4jUnavailable: false });
    expect(refreshes).toBe(1);
  });

  it('sorts a truncated gzip and a folder without contract files into failed/ with their summaries', async () => {
    const inbox = temporaryDirectory('hydrascope-inbox-');
    const now = Date.now() / 1000;
    const gzip = gzipSync(
      syntheticEvents(20, 10)
        .map((event) => JSON.stringify(event))
        .join('\n'),
    );
    const truncated = dropBatch(inbox, 'truncated', {});
    writeFileSync(join(truncated, 'events.ndjson.gz'), gzip.subarray(0, Math.floor(gzip.length / 2)));
    markComplete(truncated, now - 20);
    dropBatch(inbox, 'no-contract-files', { 'notes.txt': ['hello'] }, now - 10);

    const pass = await processInbox({ directory: inbox, store, logger: silent });

    expect(pass.batches.map((batch) => [batch.name, batch.outcome])).toEqual([
      ['truncated', 'failed'],
      ['no-contract-files', 'failed'],
    ]);
    expect(readdirSync(join(inbox, 'failed')).sort()).toEqual(['no-contract-files', 'truncated']);
    const gzipSummary = readSummary(join(inbox, 'failed', 'truncated'));
    expect(gzipSummary.status).toBe('failed');
    expect(gzipSummary.error).toMatch(/events\.ndjson\.gz: reading stopped after line \d+/);
    expect(gzipSummary.ingest?.status).toBe('failed');
    expect(existsSync(join(inbox, 'failed', 'truncated', '_quarantine.ndjson'))).toBe(true);
    const emptySummary = readSummary(join(inbox, 'failed', 'no-contract-files'));
    expect(emptySummary).toMatchObject({ status: 'failed', ingest: null });
    expect(emptySummary.error).toMatch(/no contract files/);
  });

  it('leaves the inbox alone while another watcher holds its lease', async () => {
    const inbox = temporaryDirectory('hydrascope-inbox-');
    dropBatch(inbox, 'batch-1', { 'events.ndjson': syntheticEvents(3, 2) }, Date.now() / 1000);
    await store.write(cypher('test/merge-lock-holder'), { name: inboxLeaseName(inbox), owner: 'other-host:1:cafe', runId: 'watch-other', expiresInMs: 60_000 });
    const pass = await processInbox({ directory: inbox, store, logger: silent });
    expect(pass).toEqual({ busy: true, batches: [], refresh: 'not-configured', neo4jUnavailable: false });
    expect(existsSync(join(inbox, 'batch-1', COMPLETE_MARKER))).toBe(true);
  });

  it('never fails a batch because Neo4j is unavailable: it waits in the inbox or in .processing/ until Neo4j is back', async () => {
    const inbox = temporaryDirectory('hydrascope-inbox-');
    dropBatch(inbox, 'batch-1', { 'events.ndjson': syntheticEvents(3, 2) }, Date.now() / 1000);
    const unreachable = openGraphStore({ uri: 'bolt://127.0.0.1:9', user: 'neo4j', password: 'nope', database: undefined }, { maxTransactionRetryTimeMs: 100, connectionAcquisitionTimeoutMs: 1000 });
    try {
      const down = await processInbox({ directory: inbox, store: unreachable, logger: silent });
      expect(down).toMatchObject({ neo4jUnavailable: true, batches: [] });
    } finally {
      await unreachable.close();
    }
    expect(existsSync(join(inbox, 'batch-1', COMPLETE_MARKER))).toBe(true);

    // Neo4j goes away after the inbox lease was taken, while the batch loads: only the lease's
    // statements (acquire-lock, renew-lock, release-lock) still reach it, alone or in a transaction.
    const unavailable = () => Promise.reject(new GraphStoreError('Neo4j is unavailable (test)', 'unavailable', true, 'ServiceUnavailable'));
    const isLeaseStatement = (statement: unknown) => /-lock$/.test((statement as { name?: string } | undefined)?.name ?? '');
    const dropsDuringLoad = new Proxy(store, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (typeof value !== 'function' || !['read', 'write', 'writeTransaction', 'runAutoCommit', 'stream'].includes(String(property))) return value;
        if (property === 'writeTransaction') {
          return (work: (transaction: TransactionRunner) => Promise<unknown>) =>
            target.writeTransaction((transaction) => work({ run: (statement, parameters) => (isLeaseStatement(statement) ? transaction.run(statement, parameters) : unavailable()) }));
        }
        return (...args: unknown[]) => (isLeaseStatement(args[0]) ? (value as (...parameters: unknown[]) => unknown).apply(target, args) : unavailable());
      },
    });
    const dropped = await processInbox({ directory: inbox, store: dropsDuringLoad, logger: silent });
    expect(dropped.neo4jUnavailable).toBe(true);
    expect(dropped.batches.map((batch) => batch.outcome)).toEqual(['deferred']);
    expect(readdirSync(join(inbox, '.processing'))).toEqual(['batch-1']);
    expect(readdirSync(join(inbox, 'failed'))).toEqual([]);

    const back = await processInbox({ directory: inbox, store, logger: silent });
    expect(back.batches.map((batch) => [batch.name, batch.outcome])).toEqual([['batch-1', 'loaded']]);
    expect(readdirSync(join(inbox, 'done'))).toEqual(['batch-1']);
  });

  it('finishes a batch after `hydrascope watch --once` was killed mid-load, with exactly the totals of one clean load', async () => {
    if (!existsSync(join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js'))) throw new Error('build first: npm test runs `npm run build` before vitest');
    const inbox = temporaryDirectory('hydrascope-inbox-');
    // Half the events carry no id, so only the chunk ledger can keep them from loading twice.
    const events = syntheticEvents(40, 50).map((event, index) => (index % 2 === 0 ? { ...event, event_id: null } : event));
    const accounts = Array.from({ length: 40 }, (_unused, index) => ({ account_id: `acct-${index}`, created_at: '2026-01-01T00:00:00Z' }));
    const batch = dropBatch(inbox, 'batch-big', { 'accounts.ndjson': accounts, 'events.ndjson': events }, Date.now() / 1000);

    // Reference: one clean load of the same files.
    await ingestBatch(store, batch, { fingerprinter: createPromptFingerprinter(), chunkRows: 200, quarantinePath: join(temporaryDirectory(), 'q.ndjson') });
    const clean = (await store.read(cypher('test/read-graph-totals')))[0];
    await wipeDatabase(store);
    const child = spawn(process.execPath, [CLI, 'watch', inbox, '--once', '--chunk-rows', '200'], {
      env: { ...process.env, ...testDatabaseEnvironment(), HYDRASCOPE_LOG_LEVEL: 'error' },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    let committed = 0;
    for (let attempt = 0; attempt < 600 && committed < 3; attempt += 1) {
      await sleep(25);
      const [row] = await store.read<{ chunks: number }>(cypher('test/count-ingest-chunks'));
      committed = row?.chunks ?? 0;
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(committed).toBeGreaterThanOrEqual(3);
    const partial = (await store.read<{ account_events: number }>(cypher('test/read-graph-totals')))[0];
    expect(partial?.account_events ?? 0).toBeLessThan(events.length);
    expect(readdirSync(join(inbox, '.processing'))).toEqual(['batch-big']);

    // The killed watcher's inbox lease is still live: a restart right away leaves the batch alone.
    expect((await processInbox({ directory: inbox, store, logger: silent })).busy).toBe(true);
    // Once the lease expires (60 s; simulated by moving its expiry to the past), the next pass
    // finds the half-loaded batch and finishes it.
    await store.write(cypher('test/merge-lock-holder'), { name: inboxLeaseName(inbox), owner: 'killed-watcher', runId: 'watch-killed', expiresInMs: -1 });
    await store.write(cypher('test/merge-lock-holder'), { name: 'ingest', owner: 'killed-watcher', runId: 'ingest-killed', expiresInMs: -1 });
    const pass = await processInbox({ directory: inbox, store, logger: silent, chunkRows: 200 });
    expect(pass.batches.map((result) => [result.name, result.outcome])).toEqual([['batch-big', 'loaded']]);
    expect(pass.batches[0]?.summary?.totals.duplicates).toBeGreaterThan(0);
    expect((await store.read(cypher('test/read-graph-totals')))[0]).toEqual(clean);
    expect(readdirSync(join(inbox, 'done'))).toEqual(['batch-big']);
    expect(readdirSync(join(inbox, '.processing'))).toEqual([]);
  });
});
