// Records the write transactions a load commits and replays them into an empty database, so
// bench:write-replay can time Neo4j's write path alone: the same statements with the same
// parameters, in the same transactions, with no reading, validation or fingerprinting beside it.
// The recording is a file of length-prefixed V8-serialized transactions (bench data, not a format
// anyone else reads); only committed attempts are kept, so a retried transaction appears once.
import { closeSync, openSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { deserialize, serialize } from 'node:v8';
import { cypher } from '../src/graph-store/cypher-files.js';
import { FloatColumn, type GraphStore, type Parameters, type TransactionRunner } from '../src/graph-store/neo4j-adapter.js';

/** One statement as recorded: FloatColumn values travel as plain arrays named in floatKeys. */
interface RecordedStatement {
  statement: string;
  parameters: Parameters;
  floatKeys: string[];
}

const LENGTH_BYTES = 4;

function recordStatement(name: string, parameters: Parameters = {}): RecordedStatement {
  const plain: Parameters = {};
  const floatKeys: string[] = [];
  for (const [key, value] of Object.entries(parameters)) {
    if (value instanceof FloatColumn) {
      floatKeys.push(key);
      plain[key] = value.values;
    } else plain[key] = value;
  }
  return { statement: name, parameters: plain, floatKeys };
}

function restoredParameters(recorded: RecordedStatement): Parameters {
  const parameters = { ...recorded.parameters };
  for (const key of recorded.floatKeys) parameters[key] = new FloatColumn(parameters[key] as number[]);
  return parameters;
}

/** Every chunk of a load commits with its IngestChunk marker; the ingest lease's transactions do not. */
export const isIngestChunkTransaction = (statements: readonly string[]) => statements.includes('create-ingest-chunk');

export interface WriteRecorder {
  /** The store to load through: every committed write transaction is appended to the recording. */
  readonly store: GraphStore;
  /** Closes the recording file; returns the transactions and bytes written. */
  close(): { transactions: number; bytes: number };
}

/**
 * Wraps a store so the statements of each committed `writeTransaction` that `keep` accepts (given
 * its statement names) go to `file` as well. Single-statement writes (`write`) are never recorded.
 * Bookkeeping such as the ingest lease is left out this way: it is not the load's data, and a
 * replayed lease would hold the lock for a process that no longer exists.
 */
export function recordWrites(store: GraphStore, file: string, keep: (statements: readonly string[]) => boolean = () => true): WriteRecorder {
  const descriptor = openSync(file, 'w');
  let transactions = 0;
  let bytes = 0;
  const append = (statements: RecordedStatement[]) => {
    const body = serialize(statements);
    const header = Buffer.alloc(LENGTH_BYTES);
    header.writeUInt32LE(body.length);
    writeSync(descriptor, header);
    writeSync(descriptor, body);
    transactions += 1;
    bytes += LENGTH_BYTES + body.length;
  };
  const recording: GraphStore = Object.create(store) as GraphStore;
  Object.defineProperty(recording, 'writeTransaction', {
    value: async <R>(work: (transaction: TransactionRunner) => Promise<R>): Promise<R> => {
      let attempt: RecordedStatement[] = [];
      const result = await store.writeTransaction((transaction) => {
        attempt = [];
        return work({
          run(statement, parameters) {
            attempt.push(recordStatement(statement.name, parameters));
            return transaction.run(statement, parameters);
          },
        });
      });
      if (keep(attempt.map((entry) => entry.statement))) append(attempt);
      return result;
    },
  });
  return {
    store: recording,
    close() {
      closeSync(descriptor);
      return { transactions, bytes };
    },
  };
}

export interface ReplayResult {
  transactions: number;
  statements: number;
  seconds: number;
  /** Time inside the transactions, commits included, and per statement (milliseconds). */
  transactionsMs: number;
  statementsMs: Record<string, number>;
  /** Time spent reading and deserializing the recording that did not overlap a transaction. */
  waitForRecordingMs: number;
}

/** Reads recorded transactions in order; the next one is read while the caller writes this one. */
async function* recordedTransactions(file: string): AsyncGenerator<RecordedStatement[]> {
  const handle = await open(file, 'r');
  try {
    let position = 0;
    const readOne = async (): Promise<RecordedStatement[] | undefined> => {
      const header = Buffer.alloc(LENGTH_BYTES);
      const { bytesRead } = await handle.read(header, 0, LENGTH_BYTES, position);
      if (bytesRead === 0) return undefined;
      if (bytesRead < LENGTH_BYTES) throw new Error(`recording ${file} ends inside a record header at byte ${position}`);
      const length = header.readUInt32LE(0);
      const body = Buffer.alloc(length);
      const read = await handle.read(body, 0, length, position + LENGTH_BYTES);
      if (read.bytesRead < length) throw new Error(`recording ${file} ends inside a record at byte ${position}`);
      position += LENGTH_BYTES + length;
      return deserialize(body) as RecordedStatement[];
    };
    // The read-ahead may fail while the caller is still writing (or after it stopped early): a
    // handler is attached at once so that is no unhandled rejection; awaiting it still throws.
    const readAhead = () => {
      const reading = readOne();
      reading.catch(() => undefined);
      return reading;
    };
    let next = readAhead();
    for (;;) {
      const current = await next;
      if (!current) return;
      next = readAhead();
      yield current;
    }
  } finally {
    await handle.close();
  }
}

/** Replays a recording into `store`, one transaction per recorded transaction, in order. */
export async function replayWrites(store: GraphStore, file: string, onTransaction?: (done: number) => void): Promise<ReplayResult> {
  const started = performance.now();
  const statementsMs: Record<string, number> = {};
  let transactions = 0;
  let statements = 0;
  let transactionsMs = 0;
  let waitForRecordingMs = 0;
  let waitStarted = performance.now();
  for await (const recorded of recordedTransactions(file)) {
    waitForRecordingMs += performance.now() - waitStarted;
    const transactionStarted = performance.now();
    // Timed per attempt and counted once committed, so a retried transaction is not counted twice.
    let attemptMs: Record<string, number> = {};
    await store.writeTransaction(async (transaction) => {
      attemptMs = {};
      for (const entry of recorded) {
        const statementStarted = performance.now();
        await transaction.run(cypher(entry.statement), restoredParameters(entry));
        attemptMs[entry.statement] = (attemptMs[entry.statement] ?? 0) + (performance.now() - statementStarted);
      }
    });
    for (const [name, ms] of Object.entries(attemptMs)) statementsMs[name] = (statementsMs[name] ?? 0) + ms;
    transactionsMs += performance.now() - transactionStarted;
    transactions += 1;
    statements += recorded.length;
    onTransaction?.(transactions);
    waitStarted = performance.now();
  }
  const round = (value: number) => Math.round(value);
  return {
    transactions,
    statements,
    seconds: (performance.now() - started) / 1000,
    transactionsMs: round(transactionsMs),
    statementsMs: Object.fromEntries(Object.entries(statementsMs).map(([name, ms]) => [name, round(ms)])),
    waitForRecordingMs: round(waitForRecordingMs),
  };
}
