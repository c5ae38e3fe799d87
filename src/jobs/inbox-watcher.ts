// Inbox mode (`hydrascope watch DIR`): loads each batch folder that appears in DIR once it is
// complete (its `_SUCCESS` marker exists, the Hadoop/Spark convention), oldest first, one at a
// time, and sorts it into `done/` or `failed/` with its quarantine file and `_summary.json`.
// A batch is renamed into `.processing/` before loading, so a process killed mid-load finds it
// there on restart and finishes it; the ingest's chunk ledger keeps rows from loading twice.
// A lease per inbox (the refresh's lease mechanism) keeps two watchers off the same batches.
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { GraphStoreError, isStoreUnavailable } from '../graph-store/errors.js';
import type { GraphStore } from '../graph-store/neo4j-adapter.js';
import { ingestBatch, type IngestProgress, type IngestSummary, type PromptFingerprinterLike } from '../ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../ingest/prompt-fingerprint/index.js';
import { tryAcquireLease } from '../graph-store/lease-lock.js';
import { isErrorKind, LeaseHeldError } from '../shared/errors.js';
import { withDefaults } from '../shared/options.js';

export const INBOX_FOLDERS = { processing: '.processing', done: 'done', failed: 'failed' } as const;
export const COMPLETE_MARKER = '_SUCCESS';
export const SUMMARY_FILE = '_summary.json';
const QUARANTINE_FILE = '_quarantine.ndjson';

export interface InboxLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface InboxOptions {
  directory: string;
  store: GraphStore;
  logger: InboxLogger;
  /** Runs after a pass that loaded at least one batch (`watch --refresh`). */
  refresh?: () => Promise<unknown>;
  /** Valid rows per ingest transaction. */
  chunkRows?: number;
  /** The ingest lease (HYDRASCOPE_INGEST_LEASE_SECONDS); the ingest default when absent. */
  ingestLeaseSeconds?: number;
  /** Seconds-scale pause between polls of the inbox (watchInbox only). */
  intervalMs: number;
  createFingerprinter: () => PromptFingerprinterLike;
  onBatchStarted?: (name: string) => void;
  onProgress?: (name: string, progress: IngestProgress) => void;
  onBatchFinished?: (result: InboxBatchResult) => void;
  /** Aborted: no further batch starts (the one loading finishes). */
  signal?: AbortSignal;
}

export const DEFAULTS: Pick<InboxOptions, 'intervalMs' | 'createFingerprinter'> = { intervalMs: 10_000, createFingerprinter: createPromptFingerprinter };

export interface InboxBatchResult {
  name: string;
  /** deferred: Neo4j was unavailable; the batch stays in `.processing/` and is retried. */
  outcome: 'loaded' | 'failed' | 'deferred';
  /** Where the batch folder is now. */
  location: string;
  summary: IngestSummary | null;
  error: string | null;
}

export interface InboxPass {
  /** Another watcher holds this inbox's lease (cron started `watch --once` again while one runs). */
  busy: boolean;
  batches: InboxBatchResult[];
  refresh: 'not-configured' | 'not-needed' | 'succeeded' | 'already-running' | 'failed';
  neo4jUnavailable: boolean;
}

/** What `_summary.json` holds: the ingest summary with the batch's final paths. */
export interface InboxSummaryFile {
  batch: string;
  status: 'loaded' | 'failed';
  error: string | null;
  finishedAt: string;
  location: string;
  ingest: IngestSummary | null;
}

type Settings = InboxOptions;
/** What callers give: the defaults fill in the rest. */
export type InboxSettings = Partial<InboxOptions> & Pick<InboxOptions, 'directory' | 'store' | 'logger'>;

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Complete batch folders directly under `parent`, oldest `_SUCCESS` first. */
async function completeBatches(parent: string): Promise<string[]> {
  const entries = await readdir(parent, { withFileTypes: true });
  const batches: Array<{ name: string; completedAt: number }> = [];
  for (const entry of entries) {
    // `.processing`, `_temporary` (Spark's staging) and the like are never batches.
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
    if (entry.name === INBOX_FOLDERS.done || entry.name === INBOX_FOLDERS.failed) continue;
    try {
      const marker = await stat(join(parent, entry.name, COMPLETE_MARKER));
      batches.push({ name: entry.name, completedAt: marker.mtimeMs });
    } catch {
      // Still being written.
    }
  }
  return batches.sort((left, right) => left.completedAt - right.completedAt || left.name.localeCompare(right.name)).map((batch) => batch.name);
}

/** `done/NAME`, or `done/NAME-<time>` when a batch of that name was sorted there before. */
async function freeDestination(folder: string, name: string): Promise<string> {
  const plain = join(folder, name);
  if (!(await exists(plain))) return plain;
  return join(folder, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 4)}`);
}

async function writeSummaryFile(batchPath: string, content: InboxSummaryFile): Promise<void> {
  // Written whole, then renamed: a restart never reads half a summary.
  const temporary = join(batchPath, `${SUMMARY_FILE}.tmp`);
  await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`);
  await rename(temporary, join(batchPath, SUMMARY_FILE));
}

async function readSummaryFile(batchPath: string): Promise<InboxSummaryFile | null> {
  try {
    return JSON.parse(await readFile(join(batchPath, SUMMARY_FILE), 'utf8')) as InboxSummaryFile;
  } catch {
    return null;
  }
}

async function sortBatch(settings: Settings, name: string, batchPath: string, status: 'loaded' | 'failed', ingest: IngestSummary | null, error: string | null): Promise<InboxBatchResult> {
  const location = await freeDestination(join(settings.directory, status === 'loaded' ? INBOX_FOLDERS.done : INBOX_FOLDERS.failed), name);
  const relocated = ingest ? { ...ingest, directory: location, quarantinePath: join(location, QUARANTINE_FILE) } : null;
  await writeSummaryFile(batchPath, { batch: name, status, error, finishedAt: new Date().toISOString(), location, ingest: relocated });
  await rename(batchPath, location);
  return { name, outcome: status, location, summary: relocated, error };
}

async function loadBatch(settings: Settings, name: string, batchPath: string): Promise<InboxBatchResult> {
  // Killed after the summary was written but before the move: the load is over, only sort it.
  const finished = await readSummaryFile(batchPath);
  if (finished) return sortBatch(settings, name, batchPath, finished.status, finished.ingest, finished.error);

  settings.onBatchStarted?.(name);
  try {
    const summary = await ingestBatch(settings.store, batchPath, {
      fingerprinter: settings.createFingerprinter(),
      logger: settings.logger,
      ...(settings.chunkRows ? { chunkRows: settings.chunkRows } : {}),
      ...(settings.ingestLeaseSeconds ? { leaseSeconds: settings.ingestLeaseSeconds } : {}),
      onProgress: (progress) => settings.onProgress?.(name, progress),
    });
    return await sortBatch(settings, name, batchPath, summary.status, summary, summary.error ?? null);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Neo4j down or a retriable hiccup says nothing about the batch: keep it and try again later.
    // So does another load holding the ingest lease.
    if (isStoreUnavailable(error) || (error instanceof GraphStoreError && error.retriable) || isErrorKind(error, 'lease-held')) {
      return { name, outcome: 'deferred', location: batchPath, summary: null, error: message };
    }
    if (isErrorKind(error, 'bad-input') || error instanceof GraphStoreError) return sortBatch(settings, name, batchPath, 'failed', null, message);
    throw error;
  }
}

async function runRefreshAfterPass(settings: Settings): Promise<InboxPass['refresh']> {
  if (!settings.refresh) return 'not-configured';
  try {
    await settings.refresh();
    return 'succeeded';
  } catch (error) {
    if (error instanceof LeaseHeldError) {
      settings.logger.info({ runningRunId: error.runningRunId }, 'refresh after ingest skipped: another refresh holds the lease');
      return 'already-running';
    }
    // The failed run is recorded by the job; the inbox keeps going.
    settings.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'refresh after ingest failed');
    return 'failed';
  }
}

/** The lease that keeps two watchers of one inbox from finishing the same batch at once. */
export function inboxLeaseName(directory: string): string {
  return `inbox:${directory}`;
}

/** One pass: finishes batches a killed process left in `.processing/`, then loads the complete ones waiting. */
export async function processInbox(options: InboxSettings): Promise<InboxPass> {
  const settings: Settings = withDefaults(DEFAULTS, options);
  // A batch in `.processing/` looks the same whether its watcher died or still runs: only the
  // lease (expiring when its holder dies) tells them apart.
  const notRefreshed = settings.refresh ? 'not-needed' : 'not-configured';
  let acquired: Awaited<ReturnType<typeof tryAcquireLease>>;
  try {
    acquired = await tryAcquireLease(settings.store, inboxLeaseName(settings.directory), `watch-${randomUUID().slice(0, 8)}`);
  } catch (error) {
    if (!isStoreUnavailable(error)) throw error;
    settings.logger.warn({ err: (error as Error).message }, 'Neo4j unavailable; the inbox is retried on the next pass');
    return { busy: false, batches: [], refresh: notRefreshed, neo4jUnavailable: true };
  }
  if (!('lease' in acquired)) {
    settings.logger.info({ directory: settings.directory }, 'another watcher is processing this inbox; skipping this pass');
    return { busy: true, batches: [], refresh: notRefreshed, neo4jUnavailable: false };
  }
  try {
    return await processClaimedInbox(settings, () => acquired.lease.lost());
  } finally {
    await acquired.lease.release().catch(() => undefined);
  }
}

async function processClaimedInbox(settings: Settings, leaseLost: () => boolean): Promise<InboxPass> {
  const processing = join(settings.directory, INBOX_FOLDERS.processing);
  for (const folder of Object.values(INBOX_FOLDERS)) await mkdir(join(settings.directory, folder), { recursive: true });

  const batches: InboxBatchResult[] = [];
  let neo4jUnavailable = false;
  const stopping = () => Boolean(settings.signal?.aborted) || neo4jUnavailable || leaseLost();
  const record = (result: InboxBatchResult) => {
    batches.push(result);
    const details = { batch: result.name, location: result.location, totals: result.summary?.totals, error: result.error };
    if (result.outcome === 'loaded') settings.logger.info(details, 'batch loaded');
    else if (result.outcome === 'failed') settings.logger.warn(details, 'batch failed; moved to failed/');
    else settings.logger.warn(details, 'Neo4j unavailable; the batch stays in .processing/ and is retried');
    settings.onBatchFinished?.(result);
    if (result.outcome === 'deferred') neo4jUnavailable = true;
  };

  const interrupted = await completeBatches(processing);
  for (const name of interrupted) {
    if (stopping()) break;
    settings.logger.info({ batch: name }, 'finishing a batch an earlier process left half-loaded');
    record(await loadBatch(settings, name, join(processing, name)));
  }
  for (const name of await completeBatches(settings.directory)) {
    if (stopping()) break;
    const claimed = join(processing, name);
    try {
      await rename(join(settings.directory, name), claimed);
    } catch (error) {
      // Removed meanwhile, or a batch of that name is still in `.processing/`: next pass.
      settings.logger.warn({ batch: name, err: (error as NodeJS.ErrnoException).code ?? String(error) }, 'could not claim the batch; retrying on the next pass');
      continue;
    }
    // A summary from an earlier attempt (a batch moved back from failed/ to retry) is stale.
    await rm(join(claimed, SUMMARY_FILE), { force: true });
    record(await loadBatch(settings, name, claimed));
  }

  // One refresh for everything this pass loaded: a backlog of batches is not refreshed batch by batch.
  const loaded = batches.some((batch) => batch.outcome === 'loaded');
  const refresh = loaded ? await runRefreshAfterPass(settings) : settings.refresh ? 'not-needed' : 'not-configured';
  return { busy: false, batches, refresh, neo4jUnavailable };
}

/** Polls the inbox until the signal is aborted. */
export async function watchInbox(options: InboxSettings): Promise<void> {
  const settings: Settings = withDefaults(DEFAULTS, options);
  while (!settings.signal?.aborted) {
    await processInbox(settings);
    try {
      await sleep(settings.intervalMs, undefined, settings.signal ? { signal: settings.signal } : {});
    } catch {
      // Aborted while waiting.
    }
  }
}
