// The ingest use case: loads one batch directory into the graph, streaming, chunk by chunk.
// Every chunk commits in one transaction together with its IngestChunk marker, so a load killed
// at any moment and started again skips exactly what was committed: nothing lost, nothing twice.
// Every row is accounted for: read = loaded + rejected + duplicates, per file. An events file
// made mostly of ids an earlier batch loaded still loads (they are legitimately duplicates), but
// the load warns: its producer most likely reuses event ids, and that batch's events are lost.
//
// The load, as ingestBatch tells it: read which files the batch has (batch-files.ts), open the
// quarantine, take the ingest lease, record the batch as running and warm up, load each file
// through its chunk pipeline (chunk-pipeline.ts, chunk-preparation.ts), record the outcome
// (batch-summary.ts). The quarantine and the lease are let go in one place, whatever happens.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { cypher } from '../graph-store/cypher-files.js';
import type { GraphStore } from '../graph-store/neo4j-adapter.js';
import { applySchema } from '../graph-store/schema.js';
import { acquireLeaseWaiting, leaseOfSeconds, type Lease } from '../graph-store/lease-lock.js';
import { HydrascopeError, LeaseHeldError } from '../shared/errors.js';
import { withDefaults } from '../shared/options.js';
import { labelsFileSummary, readBatch, unknownFileSummary, type Batch } from './batch-files.js';
import { earlierBatchWarning, emptyProfile, outcomeOf, reportedProfile, totalsOf } from './batch-summary.js';
import { loadFile, type BatchLoad } from './chunk-pipeline.js';
import type { EventDeduplication } from './chunk-preparation.js';
import { EventDeduplicator } from './event-deduplication.js';
import { DEFAULTS, type FileSummary, type IngestLogger, type IngestOptions, type IngestSummary, type PromptFingerprinterLike } from './ingest-types.js';
import { prepareOnlyStore } from './prepare-only-store.js';
import { QuarantineFile } from './quarantine.js';
import { startSketchPool, type PromptSketcherLike } from './sketch-pool.js';
import { chooseWriters } from './writers.js';

export { DEFAULTS } from './ingest-types.js';
export type { FileSummary, IngestLogger, IngestOptions, IngestProfile, IngestProgress, IngestSummary, PromptFingerprinterLike } from './ingest-types.js';
export { listBatchFiles } from './batch-files.js';
export { earlierBatchWarning } from './batch-summary.js';
export { usageParameters } from './chunk-preparation.js';

/** What a load has found so far: a summary per file, in order, and its warnings. */
interface Findings {
  files: FileSummary[];
  warnings: string[];
}

export async function ingestBatch(store: GraphStore, directory: string, options: IngestOptions): Promise<IngestSummary> {
  const started = Date.now();
  const settings = withDefaults(DEFAULTS, options);
  const runId = options.runId ?? `ingest-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
  const batch = await readBatch(directory);
  const quarantinePath = options.quarantinePath ?? join(directory, '_quarantine.ndjson');
  // Opened before anything is written, so a folder that cannot take it fails the load cleanly.
  const quarantine = await openQuarantine(quarantinePath);
  const findings: Findings = { files: batch.unknown.map(unknownFileSummary), warnings: [] };
  const profile = emptyProfile();
  let lease: Lease | undefined;
  let sketchPool: PromptSketcherLike | undefined;
  let writers = settings.writeConcurrency;
  try {
    await applySchema(store);
    lease = await takeIngestLease(store, runId, settings.leaseSeconds, options.onWaitForLease);
    await recordBatch(store, batch, runId, 'running', null, null);
    const deduplication = await warmUp(store, options.fingerprinter, settings.warmFamilies);
    writers = (await chooseWriters(store, options.writeConcurrency)).writers;
    const sketcher = options.sketcher ?? (sketchPool = startSketchPool(settings.sketchWorkers, options.fingerprinter.options));
    const load: BatchLoad = {
      store,
      runId,
      chunkRows: settings.chunkRows,
      writeConcurrency: writers,
      quarantine,
      fingerprinter: options.fingerprinter,
      sketcher,
      deduplication,
      profile,
      hooks: options,
    };
    await loadFiles(load, batch, findings, { share: settings.earlierBatchWarningShare, logger: options.logger }).catch((error: unknown) => recordFailure(store, batch, runId, findings, error));
  } finally {
    // After a successful close (the end of loadFiles) a second one does nothing.
    await quarantine.close().catch(() => undefined);
    await lease?.release().catch(() => undefined);
    await sketchPool?.close();
  }
  const summary = summaryOf({ batchId: batch.id, runId, directory, quarantinePath, started, writers }, findings, profile);
  await recordBatch(store, batch, runId, summary.status, findings.files, summary.error ?? null);
  return summary;
}

/**
 * Everything a load does on the loader's side, nothing in Neo4j: reads, validates (bad rows still
 * go to the quarantine), fingerprints, deduplicates and aggregates every chunk and builds its
 * statements' parameters, as a load into an empty database would, then drops the writes. For
 * measuring the loader's own CPU (bench:ingest --prepare-only); its counts are those of a first load
 * (but for event ids repeated more than 32 chunks apart, which it cannot check and counts as new).
 */
export async function prepareBatch(directory: string, options: IngestOptions): Promise<IngestSummary> {
  const started = Date.now();
  const settings = withDefaults(DEFAULTS, options);
  const store = prepareOnlyStore();
  const runId = options.runId ?? `prepare-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}`;
  const batch = await readBatch(directory);
  const quarantinePath = options.quarantinePath ?? join(directory, '_quarantine.ndjson');
  const quarantine = await openQuarantine(quarantinePath);
  const findings: Findings = { files: batch.unknown.map(unknownFileSummary), warnings: [] };
  const profile = emptyProfile();
  let sketchPool: PromptSketcherLike | undefined;
  // The sketch workers do not keep the process alive (unref), and with no database there may be
  // nothing else to wait on while a chunk's sketches are on their way: hold it open until done.
  const keepAlive = setInterval(() => undefined, 60_000);
  try {
    const deduplication = await warmUp(store, options.fingerprinter, settings.warmFamilies);
    const sketcher = options.sketcher ?? (sketchPool = startSketchPool(settings.sketchWorkers, options.fingerprinter.options));
    const load: BatchLoad = {
      store,
      runId,
      chunkRows: settings.chunkRows,
      writeConcurrency: settings.writeConcurrency,
      quarantine,
      fingerprinter: options.fingerprinter,
      sketcher,
      deduplication,
      profile,
      hooks: options,
    };
    await loadFiles(load, batch, findings, { share: settings.earlierBatchWarningShare, logger: options.logger });
  } finally {
    clearInterval(keepAlive);
    await quarantine.close().catch(() => undefined);
    await sketchPool?.close();
  }
  return summaryOf({ batchId: batch.id, runId, directory, quarantinePath, started, writers: settings.writeConcurrency }, findings, profile);
}

/** What a load or a prepare-only run reports: its files' outcome and totals, warnings and timing. */
function summaryOf(
  run: { batchId: string; runId: string; directory: string; quarantinePath: string; started: number; writers: number },
  findings: Findings,
  profile: ReturnType<typeof emptyProfile>,
): IngestSummary {
  const { status, error } = outcomeOf(findings.files);
  return {
    batchId: run.batchId,
    runId: run.runId,
    directory: run.directory,
    status,
    ...(error ? { error } : {}),
    files: findings.files,
    totals: totalsOf(findings.files),
    warnings: findings.warnings,
    quarantinePath: run.quarantinePath,
    seconds: (Date.now() - run.started) / 1000,
    writers: run.writers,
    profile: reportedProfile(profile),
  };
}

async function openQuarantine(path: string): Promise<QuarantineFile> {
  try {
    return await QuarantineFile.open(path);
  } catch (error) {
    throw new HydrascopeError('bad-input', `${(error as Error).message} (choose another place with --quarantine FILE)`);
  }
}

/** One load at a time: the event-id ledger in memory must see every id committed before it. */
async function takeIngestLease(store: GraphStore, runId: string, leaseSeconds: number, onWait: IngestOptions['onWaitForLease']): Promise<Lease> {
  const acquired = await acquireLeaseWaiting(store, 'ingest', runId, { ...leaseOfSeconds(leaseSeconds), waitMs: leaseSeconds * 1000 + 5000, onWait });
  if ('holderRunId' in acquired)
    throw new LeaseHeldError(`another load (${acquired.holderRunId ?? 'unknown run'}) is running; hydrascope loads one batch at a time, try again when it has finished`, acquired.holderRunId);
  return acquired.lease;
}

/** The batch's IngestBatch node: its status and, once files were loaded, their summaries. */
async function recordBatch(store: GraphStore, batch: Batch, runId: string, status: 'running' | IngestSummary['status'], files: FileSummary[] | null, error: string | null): Promise<void> {
  await store.write(cypher('merge-ingest-batch'), { batchId: batch.id, runId, status, countsJson: files ? JSON.stringify(files) : null, error, directory: batch.directory });
}

/** Records the batch as failed with what was loaded so far (best effort), then fails with `error`. */
async function recordFailure(store: GraphStore, batch: Batch, runId: string, findings: Findings, error: unknown): Promise<never> {
  const message = error instanceof Error ? error.message : String(error);
  await recordBatch(store, batch, runId, 'failed', findings.files, message).catch(() => undefined);
  throw error;
}

/** Preloads the known prompt families into the fingerprinter and every stored event id into the ledger. */
async function warmUp(store: GraphStore, fingerprinter: PromptFingerprinterLike, warmFamilies: number): Promise<EventDeduplication> {
  const families = await store.read<{ fingerprint: string; simhash: string }>(cypher('read-prompt-families'), { limit: warmFamilies, scheme: fingerprinter.scheme });
  fingerprinter.warm(families);
  const deduplication: EventDeduplication = { events: new EventDeduplicator(store), knownAddresses: new Set() };
  await deduplication.events.loadStoredIds();
  return deduplication;
}

/** Loads the files in order (labels are listed, not loaded), warns about each as needed, then closes the quarantine. */
async function loadFiles(load: BatchLoad, batch: Batch, findings: Findings, warn: { share: number; logger: IngestLogger | undefined }): Promise<void> {
  for (const [fileIndex, file] of batch.files.entries()) {
    if (file.kind === 'labels') {
      findings.files.push(labelsFileSummary(file.name));
      continue;
    }
    const summary = await loadFile(load, file, { fileIndex, fileCount: batch.files.length });
    findings.files.push(summary);
    const warning = earlierBatchWarning(summary, warn.share);
    if (warning) {
      findings.warnings.push(warning.message);
      warn.logger?.warn({ ...warning.details, runId: load.runId, directory: batch.directory }, warning.message);
    }
  }
  // Still part of the load: rows whose quarantine entry never reached the disk fail it.
  await load.quarantine.close();
}
