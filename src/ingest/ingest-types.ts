// What the ingest use case takes and returns: its options and their defaults, progress, the
// summary with its profile, and the errors a caller tells apart. ingest-batch.ts re-exports all
// of it; the modules of the load import it from here.
import type { FileKind } from '../contract/rows.js';
import type { PromptFingerprinter } from './prompt-fingerprint/index.js';
import type { PromptSketcherLike } from './sketch-pool.js';

/** What a load needs of the fingerprinter: sketches are made in the sketch pool with its options. */
export type PromptFingerprinterLike = Pick<PromptFingerprinter, 'fingerprintPacked' | 'warm' | 'options' | 'scheme'>;

export interface IngestProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
  bytesRead: number;
  bytesTotal: number;
  rows: number;
}

export interface IngestOptions {
  quarantinePath?: string;
  runId?: string;
  /** Valid rows per transaction. */
  chunkRows?: number;
  /**
   * Chunk transactions written at once (each keeps about one Neo4j core busy): `hydrascope ingest
   * --writers`. Not given: half the server's processors, at least 1, or 1 when the server does not
   * say (see writers.ts).
   */
  writeConcurrency?: number;
  fingerprinter: PromptFingerprinterLike;
  /** Worker threads that sketch prompts (0 = on the main thread). */
  sketchWorkers?: number;
  /** A sketcher to use instead of starting a pool (kept open: the caller closes it). */
  sketcher?: PromptSketcherLike;
  /** How many known prompt families to preload into the fingerprinter. */
  warmFamilies?: number;
  onProgress?: (progress: IngestProgress) => void;
  /** The ingest lease (HYDRASCOPE_INGEST_LEASE_SECONDS): how long a killed load keeps the next one waiting. */
  leaseSeconds?: number;
  /** Called once when another load holds the lease and this one waits for it. */
  onWaitForLease?: (holderRunId: string | null) => void;
  /** Test hook: called after each committed chunk (used to kill a load mid-way). */
  onChunkCommitted?: (file: string, chunkIndex: number) => void;
  /** Where the load's warnings are logged (they are in the summary either way). */
  logger?: IngestLogger;
  /** Warn when more than this share of an events file's rows repeat ids an earlier batch loaded. */
  earlierBatchWarningShare?: number;
}

/** What a load logs to (a pino logger fits). */
export interface IngestLogger {
  warn(details: object, message: string): void;
}

/** writeConcurrency here is what a load uses when the server's processors cannot be read (and a prepare-only load). */
export const DEFAULTS: { chunkRows: number; writeConcurrency: number; warmFamilies: number; leaseSeconds: number; sketchWorkers: number; earlierBatchWarningShare: number } = {
  chunkRows: 20_000,
  writeConcurrency: 1,
  warmFamilies: 200_000,
  leaseSeconds: 30,
  sketchWorkers: 1,
  earlierBatchWarningShare: 0.5,
};

export interface FileSummary {
  file: string;
  kind: FileKind | 'unknown';
  read: number;
  loaded: number;
  rejected: number;
  duplicates: number;
  /**
   * Events files: the duplicates whose id an earlier batch loaded from another file (part of
   * `duplicates`; the same file loaded again or resumed after a kill does not count).
   */
  earlierBatchDuplicates?: number;
  /** Why the file was not loaded (labels are evaluation data; unknown names are not contract files). */
  skipped?: string;
  /** Set when reading the file failed part-way (unreadable, truncated gzip). */
  error?: string;
}

/** Where the time went, in milliseconds: parsing and validation, fingerprinting, each write statement. */
export interface IngestProfile {
  readAndValidate: number;
  /** Family assignment on the main thread (sketching runs in the sketch pool). */
  fingerprint: number;
  /** Time chunks waited for their sketches from the pool (overlaps with reading). */
  waitForSketches: number;
  waitForWrites: number;
  /** Chunk transactions from start to commit: their statements plus the commits (and any retries). */
  transactions: number;
  statements: Record<string, number>;
}

export interface IngestSummary {
  batchId: string;
  runId: string;
  directory: string;
  status: 'loaded' | 'failed';
  error?: string;
  files: FileSummary[];
  totals: { read: number; loaded: number; rejected: number; duplicates: number };
  /** What the load logged as warnings (an events file made mostly of an earlier batch's event ids); the load still counts as loaded. */
  warnings: string[];
  quarantinePath: string;
  seconds: number;
  /** Chunk transactions written at once. */
  writers: number;
  profile: IngestProfile;
}
