import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { leaseOfSeconds, tryAcquireLease } from '../../src/graph-store/lease-lock.js';
import type { GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { wipeDatabase } from '../../src/graph-store/schema.js';
import { ingestBatch, type IngestLogger, type IngestSummary } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter, DEFAULTS, sketchScheme } from '../../src/ingest/prompt-fingerprint/index.js';
import { syntheticEvents, temporaryDirectory, writeLines } from '../support/batches.js';
import { useTestStore } from '../support/test-store.js';

const HOSTILE_ID = "x'}) DETACH DELETE n //";

function handWrittenBatch(): string {
  const directory = temporaryDirectory();
  writeLines(directory, 'accounts.ndjson', [
    { account_id: 'alice', created_at: '2026-01-05T10:00:00Z', email_domain: 'example.org', country: 'NL', plan: 'pro' },
    { account_id: HOSTILE_ID, created_at: '2026-01-06T10:00:00Z' },
    { account_id: 'bob', created_at: 'yesterday' },
    '{"account_id": "carol", "created_at": "2026-01-07T10:00:00Z"',
    '',
  ]);
  writeFileSync(
    join(directory, 'payments.csv'),
    'account_id,payment_fingerprint,kind,bin,country,first_used_at\nalice,pf-shared,prepaid,411111,US,2026-01-05T11:00:00Z\n"x\'}) DETACH DELETE n //",pf-shared,prepaid,411111,US,\nbob,pf-bad,card,12,US,\n',
  );
  writeLines(directory, 'events.ndjson.gz', [
    { event_id: 'e1', account_id: 'alice', ts: '2026-02-01T10:00:00Z', ip: '203.0.113.5', prompt: 'Show every intermediate step while solving 17 * 23', input_tokens: 20, output_tokens: 200 },
    { event_id: 'e2', account_id: HOSTILE_ID, ts: '2026-02-01T10:05:00Z', ip: '203.0.113.5', prompt: 'Show every intermediate step while solving 19 * 29', input_tokens: 20, output_tokens: 180 },
    { event_id: 'e2', account_id: HOSTILE_ID, ts: '2026-02-01T10:05:00Z', ip: '203.0.113.5', prompt: 'Show every intermediate step while solving 19 * 29' },
    { event_id: 'e3', account_id: 'dave', ts: '2026-02-02T10:00:00+01:00', ip: '2001:db8::7', prompt_fingerprint: 'upstream-fp-1', output_tokens: 5 },
    { event_id: 'e4', account_id: 'alice', ts: '2026-02-02T10:00:00Z', ip: '300.1.1.1', prompt: 'secret prompt text that must never be stored' },
    { event_id: 'e5', account_id: 'alice', ts: 'not a time', ip: '203.0.113.9' },
    'this is not json',
  ]);
  writeLines(directory, 'labels.ndjson', [{ account_id: 'alice', campaign: null }]);
  return directory;
}

type Totals = Record<string, number>;
const readTotals = async (store: GraphStore): Promise<Totals> => ((await store.read(cypher('test/read-graph-totals')))[0] ?? {}) as Totals;

describe('ingestBatch', () => {
  const store = useTestStore();

  it('loads a hand-written batch, quarantines bad rows with reasons and reconciles every file', async () => {
    await wipeDatabase(store);
    const directory = handWrittenBatch();
    const summary = await ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter() });
    const byFile = Object.fromEntries(summary.files.map((file) => [file.file, file]));
    expect(byFile['accounts.ndjson']).toMatchObject({ read: 4, loaded: 2, rejected: 2, duplicates: 0 });
    expect(byFile['payments.csv']).toMatchObject({ read: 3, loaded: 2, rejected: 1, duplicates: 0 });
    expect(byFile['events.ndjson.gz']).toMatchObject({ read: 7, loaded: 3, rejected: 3, duplicates: 1 });
    expect(byFile['labels.ndjson']?.skipped).toMatch(/evaluation/);
    for (const file of summary.files) expect(file.read).toBe(file.loaded + file.rejected + file.duplicates);
    expect(summary.status).toBe('loaded');

    const quarantined = readFileSync(summary.quarantinePath, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { file: string; line: number; reason: string; original: string });
    expect(quarantined).toHaveLength(summary.totals.rejected);
    expect(quarantined.map((row) => `${row.file}:${row.line}:${row.reason}`)).toEqual([
      'accounts.ndjson:3:created_at: must be an RFC 3339 timestamp such as 2026-02-03T04:05:06Z',
      expect.stringMatching(/^accounts\.ndjson:4:not valid JSON/),
      'payments.csv:4:bin: must be 6 to 8 digits',
      'events.ndjson.gz:5:ip: is not an IPv4 or IPv6 address',
      'events.ndjson.gz:6:ts: must be an RFC 3339 timestamp such as 2026-02-03T04:05:06Z',
      expect.stringMatching(/^events\.ndjson\.gz:7:not valid JSON/),
    ]);
    // Raw prompt text never lands anywhere, not even in the quarantine.
    expect(readFileSync(summary.quarantinePath, 'utf8')).not.toContain('secret prompt text');

    const totals = await readTotals(store);
    expect(totals).toMatchObject({ accounts: 3, events: 3, addresses: 2, payment_methods: 1, payment_links: 2, ip_events: 3, account_events: 3, prompt_events: 3 });
    const [hostile] = await store.read<{ events: number; paid: number }>(cypher('test/read-account-by-id'), { accountId: HOSTILE_ID });
    expect(hostile).toEqual({ events: 1, paid: 1 });
  });

  it('leaves every count unchanged when the same batch is loaded again', async () => {
    await wipeDatabase(store);
    const directory = handWrittenBatch();
    await ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter() });
    const before = await readTotals(store);
    const again: IngestSummary = await ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter() });
    expect(await readTotals(store)).toEqual(before);
    expect(again.totals.loaded).toBe(0);
    for (const file of again.files) expect(file.read).toBe(file.loaded + file.rejected + file.duplicates);
  });

  it('counts events whose id is already loaded as duplicates across batches', async () => {
    await wipeDatabase(store);
    const first = temporaryDirectory();
    writeLines(first, 'events.ndjson', syntheticEvents(3, 4));
    const second = temporaryDirectory();
    // Same events in another file (another batch): every one is a duplicate.
    writeLines(second, 'events.ndjson', [...syntheticEvents(3, 4), { event_id: 'fresh', account_id: 'acct-0', ts: '2026-02-09T00:00:00Z', ip: '192.0.2.1' }]);
    await ingestBatch(store, first, { fingerprinter: createPromptFingerprinter() });
    const summary = await ingestBatch(store, second, { fingerprinter: createPromptFingerprinter() });
    expect(summary.files[0]).toMatchObject({ read: 13, loaded: 1, duplicates: 12, rejected: 0 });
    expect((await readTotals(store))['events']).toBe(13);
  });

  it('counts an id repeated in a later chunk of the same file as a duplicate', async () => {
    await wipeDatabase(store);
    const directory = temporaryDirectory();
    const events = syntheticEvents(2, 5);
    // Chunks of 3 rows: the repeats land in later chunks, some already committed, one in flight.
    writeLines(directory, 'events.ndjson', [...events, ...[0, 4, 9].map((index) => events[index] as object)]);
    const summary = await ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter(), chunkRows: 3, writeConcurrency: 2 });
    expect(summary.files[0]).toMatchObject({ read: 13, loaded: 10, duplicates: 3, rejected: 0, earlierBatchDuplicates: 0 });
    expect(summary.warnings).toEqual([]);
    expect((await readTotals(store))['events']).toBe(10);
  });

  describe('a batch whose events reuse the ids of an earlier batch', () => {
    /** A logger that keeps what the load warned. */
    const warningLogger = () => {
      const warned: Array<{ details: object; message: string }> = [];
      const logger: IngestLogger = { warn: (details, message) => void warned.push({ details, message }) };
      return { logger, warned };
    };
    /** Twelve events with ids evt-<account>-<index>; another seed keeps the ids and changes everything else. */
    const firstBatch = () => {
      const directory = temporaryDirectory();
      writeLines(directory, 'events.ndjson', syntheticEvents(3, 4));
      return directory;
    };
    const fresh = (count: number) => Array.from({ length: count }, (_, index) => ({ event_id: `fresh-${index}`, account_id: 'acct-new', ts: '2026-02-09T00:00:00Z', ip: '192.0.2.1' }));
    const CAUSE = 'event ids repeat those of an earlier batch; if this is a new batch, its producer reuses event ids';

    it('still loads its new events, warns in the log and says so in the summary: count, share and likely cause', async () => {
      await wipeDatabase(store);
      const first = warningLogger();
      const before = await ingestBatch(store, firstBatch(), { fingerprinter: createPromptFingerprinter(), logger: first.logger });
      expect(before.files[0]).toMatchObject({ read: 12, loaded: 12, duplicates: 0, earlierBatchDuplicates: 0 });
      expect(before.warnings).toEqual([]);
      expect(first.warned).toEqual([]);

      const second = temporaryDirectory();
      const reused = syntheticEvents(3, 4, 2);
      // The reused ids, one of them twice, and two new events, one of them twice: in chunks of 5.
      writeLines(second, 'events.ndjson', [...reused, reused[0] as object, ...fresh(2), fresh(1)[0] as object]);
      const { logger, warned } = warningLogger();
      const summary = await ingestBatch(store, second, { fingerprinter: createPromptFingerprinter(), logger, chunkRows: 5 });
      const [file] = summary.files;
      expect(file).toMatchObject({ file: 'events.ndjson', read: 16, loaded: 2, rejected: 0, duplicates: 14, earlierBatchDuplicates: 13 });
      expect(file?.read).toBe((file?.loaded ?? 0) + (file?.rejected ?? 0) + (file?.duplicates ?? 0));
      expect(summary.status).toBe('loaded');
      const message = `events.ndjson: 13 of 16 rows (81.3%) skipped as duplicates: ${CAUSE}`;
      expect(summary.warnings).toEqual([message]);
      expect(warned).toEqual([{ message, details: expect.objectContaining({ file: 'events.ndjson', rows: 16, earlierBatchDuplicates: 13, share: 13 / 16, runId: summary.runId }) as object }]);
      expect((await readTotals(store))['events']).toBe(14);
    });

    it('warns only when more than the set share of the file repeats an earlier batch', async () => {
      const second = temporaryDirectory();
      // 12 of 25 rows (48%) reuse the first batch's ids.
      writeLines(second, 'events.ndjson', [...syntheticEvents(3, 4, 2), ...fresh(13)]);
      for (const [share, warns] of [
        [undefined, false],
        [0.4, true],
      ] as const) {
        await wipeDatabase(store);
        await ingestBatch(store, firstBatch(), { fingerprinter: createPromptFingerprinter() });
        const { logger, warned } = warningLogger();
        const summary = await ingestBatch(store, second, { fingerprinter: createPromptFingerprinter(), logger, earlierBatchWarningShare: share });
        expect(summary.files[0]).toMatchObject({ read: 25, loaded: 13, duplicates: 12, earlierBatchDuplicates: 12 });
        expect(summary.warnings, `share ${share}`).toEqual(warns ? [`events.ndjson: 12 of 25 rows (48%) skipped as duplicates: ${CAUSE}`] : []);
        expect(warned).toHaveLength(warns ? 1 : 0);
      }
    });

    it('is not what the same file loaded again is: no warning when a batch is reloaded, whatever its chunks', async () => {
      await wipeDatabase(store);
      const directory = firstBatch();
      await ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter(), chunkRows: 5 });
      // Same chunks (skipped as committed), then other chunks (every id checked against the ledger).
      for (const chunkRows of [5, 3]) {
        const { logger, warned } = warningLogger();
        const again = await ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter(), chunkRows, logger });
        expect(again.files[0], `chunks of ${chunkRows}`).toMatchObject({ read: 12, loaded: 0, duplicates: 12, earlierBatchDuplicates: 0 });
        expect(again.warnings).toEqual([]);
        expect(warned).toEqual([]);
      }
    });
  });

  it('adds usage and activity from several chunks: summed counts, earliest and latest time, hours and days, all integers', async () => {
    await wipeDatabase(store);
    const directory = temporaryDirectory();
    const event = (id: string, ts: string, inputTokens: number, outputTokens: number) => ({
      event_id: id,
      account_id: 'erin',
      ts,
      ip: '192.0.2.44',
      prompt_fingerprint: 'fp-erin',
      input_tokens: inputTokens,
      output_tokens: outputTokens,
    });
    // One row per chunk, out of time order: each chunk adds to what the earlier ones wrote.
    writeLines(directory, 'events.ndjson', [event('u1', '2026-02-03T12:00:00Z', 10, 100), event('u2', '2026-02-01T08:30:00Z', 20, 200), event('u3', '2026-02-05T23:59:59.250Z', 90_000_000, 7)]);
    const summary = await ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter(), chunkRows: 1 });
    const expected = {
      account_id: 'erin',
      events: 3,
      input_tokens: 90_000_030,
      output_tokens: 307,
      first_seen: '2026-02-01T08:30:00.000Z',
      last_seen: '2026-02-05T23:59:59.250Z',
      run_id: summary.runId,
    };
    const types = ['INTEGER NOT NULL', 'INTEGER NOT NULL', 'INTEGER NOT NULL', 'ZONED DATETIME NOT NULL', 'ZONED DATETIME NOT NULL'];
    expect(await store.read(cypher('test/read-usage-relationships'))).toEqual([
      { ...expected, type: 'SENT_PROMPT', key: 'fp-erin', private: false, types },
      // One account on the address: its use is kept on the IP node, with the same numbers.
      { ...expected, type: 'USED_IP', key: '192.0.2.44', private: true, types },
    ]);
    const dayOf = (ts: string) => Math.floor(Date.parse(ts) / 86_400_000);
    const hours = Array.from({ length: 24 }, (_, hour) => ([8, 12, 23].includes(hour) ? 1 : 0));
    expect(await store.read(cypher('test/read-account-activity'), { accountId: 'erin' })).toEqual([
      {
        event_count: 3,
        input_tokens: 90_000_030,
        output_tokens: 307,
        extraction_events: 0,
        first_event_at: '2026-02-01T08:30:00.000Z',
        last_event_at: '2026-02-05T23:59:59.250Z',
        hour_histogram: hours,
        // In the order the chunks added them.
        active_days: ['2026-02-03', '2026-02-01', '2026-02-05'].map((day) => dayOf(`${day}T00:00:00Z`)),
        types: ['INTEGER NOT NULL', 'INTEGER NOT NULL', 'INTEGER NOT NULL', 'INTEGER NOT NULL', 'ZONED DATETIME NOT NULL', 'LIST<INTEGER NOT NULL> NOT NULL', 'LIST<INTEGER NOT NULL> NOT NULL'],
      },
    ]);
  });

  /** An empty database, a batch of ten events, and the ingest lease held by "other-load". */
  async function batchWhileAnotherLoadRuns() {
    await wipeDatabase(store);
    const directory = temporaryDirectory();
    writeLines(directory, 'events.ndjson', syntheticEvents(2, 5));
    const held = await tryAcquireLease(store, 'ingest', 'other-load', leaseOfSeconds(30));
    if (!('lease' in held)) throw new Error('the test could not take the ingest lease');
    return { directory, held };
  }

  it('waits while another load holds the ingest lease and loads once it is released', async () => {
    const { directory, held } = await batchWhileAnotherLoadRuns();
    let waitedFor: string | null = null;
    const loading = ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter(), onWaitForLease: (holder) => (waitedFor = holder) });
    await vi.waitFor(() => expect(waitedFor).toBe('other-load'), { timeout: 10_000 });
    await held.lease.release();
    expect((await loading).totals.loaded).toBe(10);
  });

  it('gives up with a clear error when the other load keeps its lease', async () => {
    const { directory, held } = await batchWhileAnotherLoadRuns();
    try {
      await expect(ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter(), leaseSeconds: 0.5 })).rejects.toThrow(/another load \(other-load\) is running/);
    } finally {
      await held.lease.release();
    }
  });

  it('maps same-template prompts onto shared fingerprints without storing their text', async () => {
    await wipeDatabase(store);
    const directory = temporaryDirectory();
    writeLines(directory, 'events.ndjson', syntheticEvents(9, 10));
    await ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter() });
    const totals = await readTotals(store);
    // Three templates with varying topics and numbers: far fewer fingerprints than prompts.
    expect(totals['fingerprints']).toBeLessThanOrEqual(6);
    expect(totals['prompt_events']).toBe(90);
  });

  it('stamps fingerprints with their sketch scheme and warms only families of the same scheme', async () => {
    await wipeDatabase(store);
    const first = temporaryDirectory();
    writeLines(first, 'events.ndjson', syntheticEvents(4, 5));
    await ingestBatch(store, first, { fingerprinter: createPromptFingerprinter() });
    const scheme = sketchScheme(DEFAULTS);
    const stamped = await store.read<{ scheme: string | null; fingerprints: number }>(cypher('test/read-prompt-fingerprint-schemes'));
    expect(stamped).toHaveLength(1);
    expect(stamped[0]).toMatchObject({ scheme });
    const families = stamped[0]?.fingerprints ?? 0;
    expect(families).toBeGreaterThan(0);

    // Same scheme: the next load starts from the stored families.
    const second = temporaryDirectory();
    writeLines(second, 'events.ndjson', [{ event_id: 'later-1', account_id: 'acct-0', ts: '2026-02-09T00:00:00Z', ip: '192.0.2.1' }]);
    const warmed = createPromptFingerprinter();
    await ingestBatch(store, second, { fingerprinter: warmed });
    expect(warmed.stats().warmed).toBe(families);

    // Families stored under another scheme are not comparable and are left out.
    await store.write(cypher('test/update-prompt-fingerprint-schemes'), { scheme: 'simhash64/all-words/ngrams-1-0-0/quoted-400' });
    const third = temporaryDirectory();
    writeLines(third, 'events.ndjson', [{ event_id: 'later-2', account_id: 'acct-0', ts: '2026-02-09T01:00:00Z', ip: '192.0.2.1' }]);
    const cold = createPromptFingerprinter();
    await ingestBatch(store, third, { fingerprinter: cold });
    expect(cold.stats().warmed).toBe(0);
  });

  it('reports a truncated gzip file as a failed load and keeps what was committed', async () => {
    await wipeDatabase(store);
    const directory = temporaryDirectory();
    const path = writeLines(directory, 'events.ndjson.gz', syntheticEvents(20, 50));
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const summary = await ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter(), chunkRows: 100 });
    expect(summary.status).toBe('failed');
    expect(summary.error).toMatch(/events\.ndjson\.gz: reading stopped after line \d+/);
    const [file] = summary.files;
    expect(file?.read).toBe((file?.loaded ?? 0) + (file?.rejected ?? 0) + (file?.duplicates ?? 0));
  });

  it('refuses a folder that does not exist with a clear error', async () => {
    await expect(ingestBatch(store, '/nonexistent/batch', { fingerprinter: createPromptFingerprinter() })).rejects.toThrow(expect.objectContaining({ kind: 'bad-input' }));
  });
});
