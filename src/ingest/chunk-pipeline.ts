// The chunk pipeline of one file. Records are read in order: a bad one goes to the quarantine, a
// valid one into the chunk being filled, whose prompts go to the sketch pool in parts while it is
// still being read. A full chunk is handed on: fingerprinted and prepared strictly in file order
// (each after the one before it), then written in its own transaction together with its
// IngestChunk marker while the next chunk is read, at most `writeConcurrency` writes in Neo4j at
// once. A chunk an earlier, killed load committed is not written again (its rows count as
// duplicates) but is still fingerprinted, so the families evolve exactly as in one clean load.
// The pipeline owns the file's state: its counts, the chunk being filled, the prompts on their
// way to the pool, the chain of preparations and the writes in flight.
import { validateRow, type AccountRow, type EventRow, type PaymentRow } from '../contract/rows.js';
import { cypher } from '../graph-store/cypher-files.js';
import { GraphStoreError } from '../graph-store/errors.js';
import type { GraphStore, TransactionRunner } from '../graph-store/neo4j-adapter.js';
import { isErrorKind } from '../shared/errors.js';
import type { BatchFile } from './batch-files.js';
import { fingerprintChunk, prepareChunk, rememberAddresses, toValidRow, type EventDeduplication, type PreparedChunk, type ValidRow } from './chunk-preparation.js';
import type { FingerprintedEvent } from './event-aggregator.js';
import { chunkKeyOf } from './event-deduplication.js';
import type { FileSummary, IngestOptions, IngestProfile, PromptFingerprinterLike } from './ingest-types.js';
import type { QuarantineFile } from './quarantine.js';
import { readRecordBatches, type FileRecord } from './record-reader.js';
import { joinPrompts } from './joined-prompts.js';
import type { PromptSketcherLike } from './sketch-pool.js';

/** What every file of one load shares: where it writes, its settings, and the state kept from file to file. */
export interface BatchLoad {
  store: GraphStore;
  runId: string;
  /** Valid rows per chunk transaction. */
  chunkRows: number;
  /** Chunk transactions in Neo4j at once. */
  writeConcurrency: number;
  quarantine: QuarantineFile;
  fingerprinter: PromptFingerprinterLike;
  sketcher: PromptSketcherLike;
  deduplication: EventDeduplication;
  /** Where the time goes, added to by every file. */
  profile: IngestProfile;
  hooks: Pick<IngestOptions, 'onProgress' | 'onChunkCommitted'>;
}

/** Where a file stands in its batch, for progress reports. */
export interface FilePosition {
  fileIndex: number;
  fileCount: number;
}

/** Prompts per request to the sketch pool: small enough to start early, large enough that messages cost little. */
const SKETCH_PART_PROMPTS = 2_000;
/** Characters after which a part is sent sooner: its joined text stays far below V8's longest string. */
const SKETCH_PART_CHARACTERS = 4_000_000;

/** Rows read between two progress reports. */
const PROGRESS_EVERY_ROWS = 5000;

/**
 * Loads one file through its chunk pipeline and returns its summary. A read failure (truncated
 * gzip, I/O error, unusable CSV header) keeps what was committed and is reported in the summary;
 * a failure to write to the graph or to the quarantine fails the load.
 */
export async function loadFile(load: BatchLoad, file: BatchFile, position: FilePosition): Promise<FileSummary> {
  const started = performance.now();
  const waitedBefore = load.profile.waitForWrites;
  const committed = await load.store.read<{ chunk_key: string }>(cypher('read-committed-chunks'), { prefix: `${file.digest}:` });
  const summary = await new ChunkPipeline(load, file, position, new Set(committed.map((row) => row.chunk_key))).run();
  // Reading and validating: the file's time less its waits for writes (fingerprinting is taken off in the end).
  load.profile.readAndValidate += performance.now() - started - (load.profile.waitForWrites - waitedBefore);
  return summary;
}

/** A full chunk on its way: its rows, and the sketches of its prompts coming back from the pool. */
interface HandedOnChunk {
  index: number;
  key: string;
  rows: ValidRow[];
  /** Indexes of the rows with a prompt, in the order of their sketches. */
  withPrompt: number[];
  sketched: Promise<Uint32Array> | undefined;
}

class ChunkPipeline {
  private readonly summary: FileSummary;
  private readonly progress = { bytesRead: 0 };
  private lastReport = 0;
  private lastLine = 0;
  /** The chunk being filled. */
  private rows: ValidRow[] = [];
  private chunkIndex = 0;
  // Prompts go to the sketch pool in parts while their chunk is still being read, so its sketches
  // are mostly done when it is full (sent all at its end, a small load's chunks waited 7.5 s for
  // them in all; in parts, 1.3 s).
  private promptRows: number[] = [];
  private unsentPrompts: string[] = [];
  private unsentCharacters = 0;
  private sketchParts: Array<Promise<Uint32Array>> = [];
  /** The last chunk's preparation: chunks are prepared strictly in file order, each after the one before it. */
  private preparation: Promise<PreparedChunk | undefined> = Promise.resolve(undefined);
  /** Writes in flight while the next chunk is parsed: Neo4j and Node each keep a core busy. */
  private readonly inFlight: Array<Promise<void>> = [];

  constructor(
    private readonly load: BatchLoad,
    private readonly file: BatchFile,
    private readonly position: FilePosition,
    /** Keys of this file's chunks that an earlier load committed. */
    private readonly committed: ReadonlySet<string>,
  ) {
    this.summary = { file: file.name, kind: file.kind, read: 0, loaded: 0, rejected: 0, duplicates: 0, ...(file.kind === 'events' ? { earlierBatchDuplicates: 0 } : {}) };
  }

  async run(): Promise<FileSummary> {
    try {
      // Records come a read piece at a time; only a record that must be waited for is awaited.
      for await (const records of readRecordBatches(this.file.path, this.file.format, this.file.gzip, this.progress)) {
        for (const record of records) {
          const waiting = this.take(record);
          if (waiting) await waiting;
        }
      }
    } catch (error) {
      if (error instanceof GraphStoreError || isErrorKind(error, 'write-failed')) throw error;
      // A read failure keeps what was committed and is reported; rows after it were never read,
      // so the file's counts still reconcile.
      await this.drain();
      this.summary.error = `${this.file.name}: reading stopped after line ${this.lastLine}: ${describeReadError(error)}`;
      return this.summary;
    }
    await this.drain();
    this.reportProgress(this.file.bytes);
    return this.summary;
  }

  /**
   * One record: a bad one goes to the quarantine, a valid one joins the chunk, and a full chunk is
   * handed on. Returns a promise only when the record must be waited for (its quarantine entry,
   * or the back-pressure of a full chunk); most records are taken synchronously.
   */
  private take(record: FileRecord): Promise<void> | undefined {
    const { summary, file } = this;
    summary.read += 1;
    this.lastLine = record.lineNumber;
    if ('problem' in record) {
      summary.rejected += 1;
      return this.load.quarantine.write({ file: file.name, line: record.lineNumber, reason: record.problem, original: record.original });
    }
    const result = validateRow(file.kind, record.value);
    if (!result.ok) {
      summary.rejected += 1;
      return this.load.quarantine.write({ file: file.name, line: record.lineNumber, reason: result.reason, original: record.original, prompt: record.value['prompt'] });
    }
    const previous = file.kind === 'events' ? (this.rows[this.rows.length - 1] as FingerprintedEvent | undefined)?.event : undefined;
    this.add(toValidRow(file.kind, result.row as AccountRow | PaymentRow | EventRow, previous));
    if (this.rows.length >= this.load.chunkRows) {
      this.handOn();
      return this.waitForWrites();
    }
    if (summary.read - this.lastReport >= PROGRESS_EVERY_ROWS) this.reportProgress(this.progress.bytesRead);
    return undefined;
  }

  /** Back-pressure after a full chunk: at most writeConcurrency chunks wait in Neo4j while one more is parsed. */
  private async waitForWrites(): Promise<void> {
    const waitStarted = performance.now();
    await this.settle(this.load.writeConcurrency);
    this.load.profile.waitForWrites += performance.now() - waitStarted;
    if (this.summary.read - this.lastReport >= PROGRESS_EVERY_ROWS) this.reportProgress(this.progress.bytesRead);
  }

  /** Adds a valid row to the chunk; an event's prompt goes to the sketch pool with the next part. */
  private add(row: ValidRow): void {
    this.rows.push(row);
    if (this.file.kind !== 'events') return;
    const { prompt } = (row as FingerprintedEvent).event;
    if (prompt === null) return;
    this.promptRows.push(this.rows.length - 1);
    this.unsentPrompts.push(prompt);
    this.unsentCharacters += prompt.length;
    if (this.unsentPrompts.length >= SKETCH_PART_PROMPTS || this.unsentCharacters >= SKETCH_PART_CHARACTERS) this.sendPrompts();
  }

  /**
   * Sends the unsent prompts to the sketch pool as one joined text, and gives their rows slices of
   * it in place of their own strings (the same text): the chunk then holds one string per part
   * instead of thousands, which young-generation collections would copy while the chunk fills.
   */
  private sendPrompts(): void {
    const texts = this.unsentPrompts;
    if (texts.length === 0) return;
    const prompts = joinPrompts(texts);
    const first = this.promptRows.length - texts.length;
    let offset = 0;
    for (let index = 0; index < texts.length; index += 1) {
      const end = offset + (prompts.lengths[index] as number);
      (this.rows[this.promptRows[first + index] as number] as FingerprintedEvent).event.prompt = prompts.text.slice(offset, end);
      offset = end;
    }
    const part = this.load.sketcher.sketch(prompts);
    // Handled now: a failure surfaces when the chunk awaits its parts.
    part.catch(() => undefined);
    this.sketchParts.push(part);
    this.unsentPrompts = [];
    this.unsentCharacters = 0;
  }

  /** Hands the chunk being filled on (prepared after the chunk before it, then written) and starts the next one. */
  private handOn(): void {
    if (this.rows.length === 0) return;
    this.sendPrompts();
    const chunk: HandedOnChunk = {
      index: this.chunkIndex,
      key: chunkKeyOf(this.file.digest, this.chunkIndex),
      rows: this.rows,
      withPrompt: this.promptRows,
      sketched: joinedSketches(this.sketchParts),
    };
    this.rows = [];
    this.chunkIndex += 1;
    this.promptRows = [];
    this.sketchParts = [];
    // A write starts once the one writeConcurrency places before it has finished.
    const { writeConcurrency } = this.load;
    const predecessor = this.inFlight.length >= writeConcurrency ? this.inFlight[this.inFlight.length - writeConcurrency] : undefined;
    const prepared = this.prepare(chunk, this.preparation);
    this.preparation = prepared;
    const write = this.write(chunk, prepared, predecessor);
    // Marked handled now; the error still surfaces when the write is awaited in settle().
    write.catch(() => undefined);
    this.inFlight.push(write);
  }

  /** Gives the chunk's prompts their families, then its writes (undefined: an earlier load committed it). */
  private async prepare(chunk: HandedOnChunk, previous: Promise<PreparedChunk | undefined>): Promise<PreparedChunk | undefined> {
    await previous.catch(() => undefined);
    if (chunk.sketched) {
      const { profile } = this.load;
      const waitStarted = performance.now();
      const packed = await chunk.sketched;
      const assignStarted = performance.now();
      profile.waitForSketches += assignStarted - waitStarted;
      // Committed chunks too: the families must evolve exactly as in one clean load.
      fingerprintChunk(chunk.rows as FingerprintedEvent[], chunk.withPrompt, packed, this.load.fingerprinter);
      profile.fingerprint += performance.now() - assignStarted;
    }
    return this.committed.has(chunk.key) ? undefined : prepareChunk(this.file.kind, chunk.rows, chunk.key, this.load.deduplication, this.load.runId, this.load.fingerprinter.scheme);
  }

  /** Writes the prepared chunk once the write before it (writeConcurrency places back) is done, and counts it. */
  private async write(chunk: HandedOnChunk, prepared: Promise<PreparedChunk | undefined>, predecessor: Promise<void> | undefined): Promise<void> {
    const ready = await prepared;
    if (predecessor) await predecessor.catch(() => undefined);
    const { summary } = this;
    if (!ready) {
      summary.duplicates += chunk.rows.length;
      return;
    }
    await writeChunk(this.load, this.file.name, chunk, ready);
    summary.loaded += ready.outcome.loaded;
    summary.duplicates += ready.outcome.duplicates;
    if (summary.earlierBatchDuplicates !== undefined) summary.earlierBatchDuplicates += ready.outcome.earlierBatchDuplicates;
    rememberAddresses(this.load.deduplication, ready.addresses);
    this.load.hooks.onChunkCommitted?.(this.file.name, chunk.index);
  }

  /** Waits until at most `limit` writes are in flight; a failed write throws here. */
  private async settle(limit: number): Promise<void> {
    while (this.inFlight.length > limit) await this.inFlight.shift();
  }

  /** Hands the last chunk on and waits for every write: the file's counts are final. */
  private async drain(): Promise<void> {
    this.handOn();
    await this.settle(0);
  }

  private reportProgress(bytesRead: number): void {
    this.lastReport = this.summary.read;
    this.load.hooks.onProgress?.({ file: this.file.name, fileIndex: this.position.fileIndex, fileCount: this.position.fileCount, bytesRead, bytesTotal: this.file.bytes, rows: this.summary.read });
  }
}

/** The sketches of a chunk's prompts once every part is back (undefined: no prompts). */
function joinedSketches(parts: Array<Promise<Uint32Array>>): Promise<Uint32Array> | undefined {
  if (parts.length === 0) return undefined;
  const sketched = Promise.all(parts).then(joinSketchParts);
  // Handled now: a failure surfaces when the chunk's preparation awaits it.
  sketched.catch(() => undefined);
  return sketched;
}

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

/** One chunk's transaction: its writes and its IngestChunk marker commit together. */
async function writeChunk(load: BatchLoad, file: string, chunk: HandedOnChunk, prepared: PreparedChunk): Promise<void> {
  const { profile, runId } = load;
  const started = performance.now();
  try {
    await load.store.writeTransaction(async (untimed) => {
      const transaction = timed(untimed, profile);
      await prepared.write(transaction);
      await transaction.run(cypher('create-ingest-chunk'), { chunkKey: chunk.key, file, rows: chunk.rows.length, runId, eventIds: prepared.eventIds, eventHashes: prepared.eventHashes });
    });
  } finally {
    profile.transactions += performance.now() - started;
  }
}

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

/** Read errors in words a user can act on; zlib's own messages do not say "gzip". */
function describeReadError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'Z_BUF_ERROR') return `the gzip data ends early, the file is truncated (${message})`;
  if (code === 'Z_DATA_ERROR') return `the gzip data is corrupt (${message})`;
  return message;
}
