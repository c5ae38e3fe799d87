// The ingest use case: loads one batch directory into the graph, streaming, chunk by chunk.
// Every chunk commits in one transaction together with its IngestChunk marker, so a load killed
// at any moment and started again skips exactly what was committed: nothing lost, nothing twice.
// Every row is accounted for: read = loaded + rejected + duplicates, per file. An events file
// made mostly of ids an earlier batch loaded still loads (they are legitimately duplicates), but
// the load warns: its producer most likely reuses event ids, and that batch's events are lost.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { validateRow, type AccountRow, type EventRow, type FileKind, type PaymentRow } from '../contract/rows.js';
import { cypher } from '../graph-store/cypher-files.js';
import { GraphStoreError } from '../graph-store/errors.js';
import { floatColumn, type FloatColumn, type GraphStore, type TransactionRunner } from '../graph-store/neo4j-adapter.js';
import { applySchema } from '../graph-store/schema.js';
import { acquireLeaseWaiting, leaseOfSeconds, type Lease } from '../graph-store/lease-lock.js';
import { activityColumns, aggregateEvents, usageColumns, type AccountActivity, type FingerprintedEvent, type UsageAggregate } from './event-aggregator.js';
import { chunkKeyOf, EventDeduplicator } from './event-deduplication.js';
import { encodeEventIdHashes } from './event-id-ledger.js';
import { QuarantineError, QuarantineFile } from './quarantine.js';
import { readRecords } from './record-reader.js';
import { unpackSketches } from './prompt-fingerprint/index.js';
import { startSketchPool, type PromptSketcherLike } from './sketch-pool.js';
import { withDefaults } from '../shared/options.js';
import { labelsFileSummary, readBatch, unknownFileSummary, type BatchFile } from './batch-files.js';
import { BadBatchError, DEFAULTS, IngestBusyError, type FileSummary, type IngestOptions, type IngestProfile, type IngestSummary, type PromptFingerprinterLike } from './ingest-types.js';

export { BadBatchError, DEFAULTS, IngestBusyError } from './ingest-types.js';
export type { FileSummary, IngestLogger, IngestOptions, IngestProfile, IngestProgress, IngestSummary, PromptFingerprinterLike } from './ingest-types.js';
export { listBatchFiles } from './batch-files.js';

interface ChunkOutcome {
  loaded: number;
  duplicates: number;
  earlierBatchDuplicates: number;
}

type ValidRow = AccountRow | PaymentRow | FingerprintedEvent;

/** Wraps a transaction so every statement's time is added to the profile. */
function timed(transaction: TransactionRunner, profile: IngestProfile): TransactionRunner {
  return {
    async run(statement, parameters) {
      const started = performance.now();
      try {
        return await transaction.run(statement, parameters);
      } finally {
        profile.statements[statement.name] = (profile.statements[statement.name] ?? 0) + (performance.now() - started);
      }
    },
  };
}

/** A chunk ready to write: decided outside the transaction, so a retried transaction repeats exactly the same writes. */
interface PreparedChunk {
  outcome: ChunkOutcome;
  write: (transaction: TransactionRunner) => Promise<void>;
  /** Ids of the events this chunk loads, kept on its IngestChunk node (null for other files). */
  eventIds: string[] | null;
  /** Addresses the chunk merges; remembered once it commits so later chunks skip them. */
  addresses: string[];
}

/** What one load remembers across its chunks. */
interface EventDeduplication {
  events: EventDeduplicator;
  /** Addresses committed by this load (bounded; cleared when full, which only costs a repeated MERGE). */
  knownAddresses: Set<string>;
}

const MAX_KNOWN_ADDRESSES = 1_000_000;

/** Prompts per request to the sketch pool: small enough to start early, large enough that messages cost little. */
const SKETCH_PART_PROMPTS = 2_000;

/** One packed array from the parts of a chunk, in order (sketches have a fixed size). */
function joinSketchParts(parts: Uint32Array[]): Uint32Array {
  if (parts.length === 1) return parts[0] as Uint32Array;
  const joined = new Uint32Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/**
 * Drops events already loaded (same id earlier in this chunk, in an earlier chunk or an earlier
 * load) and folds the rest into aggregates. Runs for one chunk at a time, in file order.
 */
async function prepareEventChunk(rows: FingerprintedEvent[], chunkKey: string, deduplication: EventDeduplication, runId: string): Promise<PreparedChunk> {
  const { knownAddresses } = deduplication;
  const { fresh, eventIds, earlierBatchDuplicates } = await deduplication.events.deduplicate(rows, chunkKey);
  const aggregates = fresh.length > 0 ? aggregateEvents(fresh) : undefined;
  const newAddresses = aggregates ? aggregates.addresses.filter((address) => !knownAddresses.has(address.address)) : [];
  return {
    outcome: { loaded: fresh.length, duplicates: rows.length - fresh.length, earlierBatchDuplicates },
    eventIds,
    addresses: newAddresses.map((address) => address.address),
    async write(transaction) {
      if (!aggregates) return;
      await transaction.run(cypher('merge-account-activity'), { ...activityParameters(aggregates.accounts), runId });
      if (newAddresses.length > 0) await transaction.run(cypher('merge-ip-addresses'), { addresses: newAddresses, runId });
      await transaction.run(cypher('merge-ip-usage'), { ...usageParameters(aggregates.ipUsage), runId });
      if (aggregates.fingerprints.length > 0) {
        await transaction.run(cypher('merge-prompt-fingerprints'), { fingerprints: aggregates.fingerprints, runId });
        await transaction.run(cypher('merge-prompt-usage'), { ...usageParameters(aggregates.promptUsage), runId });
      }
    },
  };
}

/** The usage statements' parameters: columns, the numbers sent as floats (every one a whole number below 2^53). */
export function usageParameters(usage: readonly UsageAggregate[]): { accountIds: string[]; keys: string[]; numbers: FloatColumn } {
  const columns = usageColumns(usage);
  return { accountIds: columns.accountIds, keys: columns.keys, numbers: floatColumn(columns.numbers) };
}

/** merge-account-activity's parameters: columns, counts and times sent as floats (the day offsets, list indexes, as integers). */
function activityParameters(accounts: readonly AccountActivity[]): { accountIds: string[]; numbers: FloatColumn; hours: FloatColumn; days: FloatColumn; dayOffsets: number[] } {
  const columns = activityColumns(accounts);
  return { accountIds: columns.accountIds, numbers: floatColumn(columns.numbers), hours: floatColumn(columns.hours), days: floatColumn(columns.days), dayOffsets: columns.dayOffsets };
}

function dedupeByKey<T>(rows: T[], key: (row: T) => string): { unique: T[]; duplicates: number } {
  const seen = new Map<string, T>();
  for (const row of rows) seen.set(key(row), row); // the last row for a key wins, like a later upsert would
  return { unique: [...seen.values()], duplicates: rows.length - seen.size };
}

async function prepareChunk(kind: FileKind, rows: ValidRow[], chunkKey: string, deduplication: EventDeduplication, runId: string): Promise<PreparedChunk> {
  if (kind === 'events') return prepareEventChunk(rows as FingerprintedEvent[], chunkKey, deduplication, runId);
  if (kind === 'accounts') {
    const { unique, duplicates } = dedupeByKey(rows as AccountRow[], (row) => row.account_id);
    return { outcome: { loaded: unique.length, duplicates, earlierBatchDuplicates: 0 }, eventIds: null, addresses: [], write: async (transaction) => void (await transaction.run(cypher('merge-accounts'), { accounts: unique, runId })) };
  }
  const { unique, duplicates } = dedupeByKey(rows as PaymentRow[], (row) => `${row.account_id}\u0000${row.payment_fingerprint}`);
  return { outcome: { loaded: unique.length, duplicates, earlierBatchDuplicates: 0 }, eventIds: null, addresses: [], write: async (transaction) => void (await transaction.run(cypher('merge-payment-methods'), { payments: unique, runId })) };
}

async function writeChunk(store: GraphStore, prepared: PreparedChunk, rows: number, runId: string, chunkKey: string, file: string, profile: IngestProfile): Promise<void> {
  const eventHashes = prepared.eventIds ? encodeEventIdHashes(prepared.eventIds) : null;
  const started = performance.now();
  try {
    await store.writeTransaction(async (untimed) => {
      const transaction = timed(untimed, profile);
      await prepared.write(transaction);
      await transaction.run(cypher('create-ingest-chunk'), { chunkKey, file, rows, runId, eventIds: prepared.eventIds, eventHashes });
    });
  } finally {
    profile.transactions += performance.now() - started;
  }
}

function toValidRow(kind: FileKind, row: AccountRow | PaymentRow | EventRow): ValidRow {
  if (kind !== 'events') return row as AccountRow | PaymentRow;
  const event = row as EventRow;
  // Prompts are fingerprinted per chunk (sketched in the pool); a given fingerprint is used as is.
  const fingerprint = event.prompt === null && event.prompt_fingerprint !== null ? { fingerprint: event.prompt_fingerprint, simhash: null, intent: 'unknown' } : undefined;
  return { event, fingerprint };
}

/**
 * Gives every prompt of a chunk its family, in file order, from sketches made in the pool, and
 * drops the raw text: it is never written to the graph or a log.
 */
function fingerprintChunk(rows: FingerprintedEvent[], withPrompt: number[], packed: Uint32Array, fingerprinter: PromptFingerprinterLike): void {
  withPrompt.forEach((rowIndex, promptIndex) => {
    const { event } = rows[rowIndex] as FingerprintedEvent;
    rows[rowIndex] = { event, fingerprint: fingerprinter.fingerprintSketched(unpackSketches(packed, promptIndex), event.prompt as string) };
    event.prompt = null;
  });
}

async function loadFile(store: GraphStore, file: BatchFile, context: { runId: string; chunkRows: number; writeConcurrency: number; deduplication: EventDeduplication; quarantine: QuarantineFile; fingerprinter: PromptFingerprinterLike; sketcher: PromptSketcherLike; fileIndex: number; fileCount: number; options: IngestOptions; profile: IngestProfile }): Promise<FileSummary> {
  const summary: FileSummary = { file: file.name, kind: file.kind, read: 0, loaded: 0, rejected: 0, duplicates: 0, ...(file.kind === 'events' ? { earlierBatchDuplicates: 0 } : {}) };
  const committedRows = await store.read<{ chunk_key: string }>(cypher('read-committed-chunks'), { prefix: `${file.digest}:` });
  const committed = new Set(committedRows.map((row) => row.chunk_key));
  const progress = { bytesRead: 0 };
  let chunk: ValidRow[] = [];
  let chunkIndex = 0;
  // Prompts go to the sketch pool in parts while their chunk is still being read, so its sketches
  // are mostly done when it is full (sent all at its end, a small load's chunks waited 7.5 s for
  // them in all; in parts, 1.3 s).
  let promptRows: number[] = [];
  let unsentPrompts: string[] = [];
  let sketchParts: Array<Promise<Uint32Array>> = [];
  const sendPrompts = () => {
    if (unsentPrompts.length === 0) return;
    const part = context.sketcher.sketch(unsentPrompts);
    // Handled now: a failure surfaces when the chunk awaits its parts.
    part.catch(() => undefined);
    sketchParts.push(part);
    unsentPrompts = [];
  };
  // Writes in flight while the next chunk is parsed: Neo4j and Node each keep a core busy.
  const inFlight: Array<Promise<void>> = [];
  let preparation: Promise<PreparedChunk | undefined> = Promise.resolve(undefined);
  const settle = async (limit: number) => {
    while (inFlight.length > limit) await inFlight.shift();
  };
  let lastReport = 0;
  let lastLine = 0;

  const flush = () => {
    if (chunk.length === 0) return;
    const rows = chunk;
    const index = chunkIndex;
    const chunkKey = chunkKeyOf(file.digest, index);
    chunk = [];
    chunkIndex += 1;
    // A write starts once the one writeConcurrency places before it has finished.
    const predecessor = inFlight.length >= context.writeConcurrency ? inFlight[inFlight.length - context.writeConcurrency] : undefined;
    // Chunks are prepared (deduplicated) strictly in file order, each after the one before it.
    sendPrompts();
    const withPrompt = promptRows;
    const parts = sketchParts;
    promptRows = [];
    sketchParts = [];
    const sketched = parts.length > 0 ? Promise.all(parts).then(joinSketchParts) : undefined;
    sketched?.catch(() => undefined);
    const previousPreparation = preparation;
    const prepared = (async () => {
      await previousPreparation.catch(() => undefined);
      if (sketched) {
        const waitStarted = performance.now();
        const packed = await sketched;
        const assignStarted = performance.now();
        context.profile.waitForSketches += assignStarted - waitStarted;
        // Committed chunks too: the families must evolve exactly as in one clean load.
        fingerprintChunk(rows as FingerprintedEvent[], withPrompt, packed, context.fingerprinter);
        context.profile.fingerprint += performance.now() - assignStarted;
      }
      return committed.has(chunkKey) ? undefined : prepareChunk(file.kind, rows, chunkKey, context.deduplication, context.runId);
    })();
    preparation = prepared;
    const write = (async () => {
      const ready = await prepared;
      if (predecessor) await predecessor.catch(() => undefined);
      if (!ready) {
        summary.duplicates += rows.length;
        return;
      }
      await writeChunk(store, ready, rows.length, context.runId, chunkKey, file.name, context.profile);
      summary.loaded += ready.outcome.loaded;
      summary.duplicates += ready.outcome.duplicates;
      if (summary.earlierBatchDuplicates !== undefined) summary.earlierBatchDuplicates += ready.outcome.earlierBatchDuplicates;
      if (context.deduplication.knownAddresses.size + ready.addresses.length > MAX_KNOWN_ADDRESSES) context.deduplication.knownAddresses.clear();
      for (const address of ready.addresses) context.deduplication.knownAddresses.add(address);
      context.options.onChunkCommitted?.(file.name, index);
    })();
    // Marked handled now; the error still surfaces when the write is awaited in settle().
    write.catch(() => undefined);
    inFlight.push(write);
  };

  try {
    for await (const record of readRecords(file.path, file.format, file.gzip, progress)) {
      summary.read += 1;
      lastLine = record.lineNumber;
      if ('problem' in record) {
        summary.rejected += 1;
        await context.quarantine.write({ file: file.name, line: record.lineNumber, reason: record.problem, original: record.original });
        continue;
      }
      const result = validateRow(file.kind, record.value);
      if (!result.ok) {
        summary.rejected += 1;
        await context.quarantine.write({ file: file.name, line: record.lineNumber, reason: result.reason, original: record.original, prompt: record.value['prompt'] });
        continue;
      }
      const valid = toValidRow(file.kind, result.row as AccountRow | PaymentRow | EventRow);
      chunk.push(valid);
      if (file.kind === 'events' && (valid as FingerprintedEvent).event.prompt !== null) {
        promptRows.push(chunk.length - 1);
        unsentPrompts.push((valid as FingerprintedEvent).event.prompt as string);
        if (unsentPrompts.length >= SKETCH_PART_PROMPTS) sendPrompts();
      }
      if (chunk.length >= context.chunkRows) {
        flush();
        // Back-pressure: at most writeConcurrency chunks wait in Neo4j while one more is parsed.
        const waitStarted = performance.now();
        await settle(context.writeConcurrency);
        context.profile.waitForWrites += performance.now() - waitStarted;
      }
      if (context.options.onProgress && summary.read - lastReport >= 5000) {
        lastReport = summary.read;
        context.options.onProgress({ file: file.name, fileIndex: context.fileIndex, fileCount: context.fileCount, bytesRead: progress.bytesRead, bytesTotal: file.bytes, rows: summary.read });
      }
    }
  } catch (error) {
    if (error instanceof GraphStoreError || error instanceof QuarantineError) throw error;
    // A read failure (truncated gzip, I/O error, unusable CSV header) keeps what was committed
    // and is reported; rows after it were never read, so the file's counts still reconcile.
    flush();
    await settle(0);
    summary.error = `${file.name}: reading stopped after line ${lastLine}: ${describeReadError(error)}`;
    return summary;
  }
  flush();
  await settle(0);
  context.options.onProgress?.({ file: file.name, fileIndex: context.fileIndex, fileCount: context.fileCount, bytesRead: file.bytes, bytesTotal: file.bytes, rows: summary.read });
  return summary;
}

/**
 * The warning for an events file whose rows mostly repeat event ids an earlier batch loaded
 * (more than `share` of them), or undefined. Such rows are rightly dropped, so the load succeeds,
 * but a new batch whose producer reuses ids loses its events that way without another sign.
 */
export function earlierBatchWarning(file: FileSummary, share: number): { message: string; details: object } | undefined {
  const duplicates = file.earlierBatchDuplicates ?? 0;
  if (file.read === 0 || duplicates / file.read <= share) return undefined;
  const percent = Math.round((duplicates / file.read) * 1000) / 10;
  return {
    message: `${file.file}: ${duplicates} of ${file.read} rows (${percent}%) skipped as duplicates: event ids repeat those of an earlier batch; if this is a new batch, its producer reuses event ids`,
    details: { file: file.file, rows: file.read, earlierBatchDuplicates: duplicates, share: duplicates / file.read },
  };
}

/** Read errors in words a user can act on; zlib's own messages do not say "gzip". */
function describeReadError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'Z_BUF_ERROR') return `the gzip data ends early, the file is truncated (${message})`;
  if (code === 'Z_DATA_ERROR') return `the gzip data is corrupt (${message})`;
  return message;
}

export async function ingestBatch(store: GraphStore, directory: string, options: IngestOptions): Promise<IngestSummary> {
  const started = Date.now();
  const settings = withDefaults(DEFAULTS, options);
  const runId = options.runId ?? `ingest-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
  const { id: batchId, files, unknown } = await readBatch(directory);
  const quarantinePath = options.quarantinePath ?? join(directory, '_quarantine.ndjson');
  // Opened before anything is written, so a folder that cannot take it fails the load cleanly.
  let quarantine: QuarantineFile;
  try {
    quarantine = await QuarantineFile.open(quarantinePath);
  } catch (error) {
    throw new BadBatchError(`${(error as Error).message} (choose another place with --quarantine FILE)`);
  }

  let lease: Lease;
  const deduplication: EventDeduplication = { events: new EventDeduplicator(store), knownAddresses: new Set() };
  try {
    await applySchema(store);
    // One load at a time: the event-id ledger in memory must see every id committed before it.
    const acquired = await acquireLeaseWaiting(store, 'ingest', runId, { ...leaseOfSeconds(settings.leaseSeconds), waitMs: settings.leaseSeconds * 1000 + 5000, onWait: options.onWaitForLease });
    if ('holderRunId' in acquired) throw new IngestBusyError(`another load (${acquired.holderRunId ?? 'unknown run'}) is running; hydrascope loads one batch at a time, try again when it has finished`);
    lease = acquired.lease;
  } catch (error) {
    await quarantine.close().catch(() => undefined);
    throw error;
  }
  try {
    await store.write(cypher('merge-ingest-batch'), { batchId, runId, status: 'running', countsJson: null, error: null, directory });
    const families = await store.read<{ fingerprint: string; simhash: string }>(cypher('read-prompt-families'), { limit: settings.warmFamilies });
    options.fingerprinter.warm(families);
    await deduplication.events.loadStoredIds();
  } catch (error) {
    await lease.release().catch(() => undefined);
    await quarantine.close().catch(() => undefined);
    throw error;
  }

  const profile: IngestProfile = { readAndValidate: 0, fingerprint: 0, waitForSketches: 0, waitForWrites: 0, transactions: 0, statements: {} };
  const sketcher = options.sketcher ?? startSketchPool(settings.sketchWorkers, options.fingerprinter.options);
  const summaries: FileSummary[] = unknown.map(unknownFileSummary);
  const warnings: string[] = [];
  try {
    for (const [index, file] of files.entries()) {
      if (file.kind === 'labels') {
        summaries.push(labelsFileSummary(file.name));
        continue;
      }
      const fileStarted = performance.now();
      const waitedBefore = profile.waitForWrites;
      const loaded = await loadFile(store, file, { runId, chunkRows: settings.chunkRows, writeConcurrency: settings.writeConcurrency, deduplication, quarantine, fingerprinter: options.fingerprinter, sketcher, fileIndex: index, fileCount: files.length, options, profile });
      summaries.push(loaded);
      profile.readAndValidate += performance.now() - fileStarted - (profile.waitForWrites - waitedBefore);
      const warning = earlierBatchWarning(loaded, settings.earlierBatchWarningShare);
      if (warning) {
        warnings.push(warning.message);
        options.logger?.warn({ ...warning.details, runId, directory }, warning.message);
      }
    }
    // Inside the try: rows whose quarantine entry never reached the disk fail the load.
    await quarantine.close();
  } catch (error) {
    await quarantine.close().catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    await store.write(cypher('merge-ingest-batch'), { batchId, runId, status: 'failed', countsJson: JSON.stringify(summaries), error: message, directory }).catch(() => undefined);
    await lease.release().catch(() => undefined);
    throw error;
  } finally {
    if (!options.sketcher) await sketcher.close();
  }
  await lease.release().catch(() => undefined);
  const totals = summaries.reduce(
    (sum, file) => ({ read: sum.read + file.read, loaded: sum.loaded + file.loaded, rejected: sum.rejected + file.rejected, duplicates: sum.duplicates + file.duplicates }),
    { read: 0, loaded: 0, rejected: 0, duplicates: 0 },
  );
  const fileErrors = summaries.filter((file) => file.error).map((file) => file.error as string);
  const status = fileErrors.length > 0 ? 'failed' : 'loaded';
  const error = fileErrors.length > 0 ? fileErrors.join('; ') : undefined;
  await store.write(cypher('merge-ingest-batch'), { batchId, runId, status, countsJson: JSON.stringify(summaries), error: error ?? null, directory });
  profile.readAndValidate -= profile.fingerprint;
  const rounded = (value: number) => Math.round(value);
  const finalProfile: IngestProfile = {
    readAndValidate: rounded(profile.readAndValidate),
    fingerprint: rounded(profile.fingerprint),
    waitForSketches: rounded(profile.waitForSketches),
    waitForWrites: rounded(profile.waitForWrites),
    transactions: rounded(profile.transactions),
    statements: Object.fromEntries(Object.entries(profile.statements).map(([name, ms]) => [name, rounded(ms)])),
  };
  return { batchId, runId, directory, status, ...(error ? { error } : {}), files: summaries, totals, warnings, quarantinePath, seconds: (Date.now() - started) / 1000, profile: finalProfile };
}
