// Chunk preparation: from a chunk's valid rows to what its transaction writes. Event rows get
// their prompt families (from sketches made in the pool) and lose the raw text; events already
// loaded are dropped and the rest folded into aggregates, sent as column parameters; account and
// payment rows are deduplicated by key. Everything is decided outside the transaction, so a
// retried transaction repeats exactly the same writes; only which addresses are private (used by
// one account, kept on the IP node: docs/decisions/private-addresses.md) is decided inside it, on
// what is committed, by merge-ip-ownership.cypher, and decided again by a retry.
import type { AccountRow, EventRow, FileKind, PaymentRow } from '../contract/rows.js';
import { cypher } from '../graph-store/cypher-files.js';
import { floatColumn, type FloatColumn, type TransactionRunner } from '../graph-store/neo4j-adapter.js';
import { activityColumns, aggregateEvents, usageColumns, type AccountActivity, type ChunkEvent, type FingerprintedEvent, type UsageAggregate } from './event-aggregator.js';
import { planAddressClaims, sharedAfterClaim } from './address-claims.js';
import type { EventDeduplicator } from './event-deduplication.js';
import type { PromptFingerprinterLike } from './ingest-types.js';

export interface ChunkOutcome {
  loaded: number;
  duplicates: number;
  earlierBatchDuplicates: number;
}

export type ValidRow = AccountRow | PaymentRow | FingerprintedEvent;

/** A chunk ready to write: decided outside the transaction, so a retried transaction repeats exactly the same writes. */
export interface PreparedChunk {
  outcome: ChunkOutcome;
  write: (transaction: TransactionRunner) => Promise<void>;
  /** Ids of the events this chunk loads, kept on its IngestChunk node (null for other files). */
  eventIds: string[] | null;
  /** Their hashes as the IngestChunk node keeps them (null for other files). */
  eventHashes: Int8Array | null;
  /**
   * Addresses this chunk found shared (filled by the transaction that committed); remembered once
   * it commits so later chunks of this load write their usage without claiming them again.
   */
  addresses: string[];
}

/** What one load remembers across its chunks. */
export interface EventDeduplication {
  events: EventDeduplicator;
  /**
   * Addresses this load has seen shared by two or more accounts (bounded; cleared when full, which
   * only costs a repeated claim). Shared is for good, so a later chunk needs no claim for them.
   */
  knownAddresses: Set<string>;
}

const MAX_KNOWN_ADDRESSES = 1_000_000;

/** Remembers the addresses a committed chunk found shared, so later chunks of this load skip their claim. */
export function rememberAddresses(deduplication: EventDeduplication, addresses: readonly string[]): void {
  const { knownAddresses } = deduplication;
  if (knownAddresses.size + addresses.length > MAX_KNOWN_ADDRESSES) knownAddresses.clear();
  for (const address of addresses) knownAddresses.add(address);
}

/**
 * A valid row as a chunk holds it: an event keeps the fingerprint its row came with, if any.
 * `previous`: the event the chunk took before this one. An account's events usually come one after
 * another, from one address: an account id or address equal to the previous event's is kept as
 * that event's string (the same text), so a chunk holds one copy of it instead of one per event
 * for young-generation collections to copy and the aggregation to compare.
 */
export function toValidRow(kind: FileKind, row: AccountRow | PaymentRow | EventRow, previous?: ChunkEvent): ValidRow {
  if (kind !== 'events') return row as AccountRow | PaymentRow;
  const event = row as EventRow;
  // Prompts are fingerprinted per chunk (sketched in the pool); a given fingerprint is used as is.
  const fingerprint = event.prompt === null && event.prompt_fingerprint !== null ? { fingerprint: event.prompt_fingerprint, simhash: null, intent: 'unknown' } : undefined;
  const kept: ChunkEvent = {
    event_id: event.event_id,
    account_id: previous !== undefined && previous.account_id === event.account_id ? previous.account_id : event.account_id,
    ts: event.ts,
    ip: previous !== undefined && previous.ip === event.ip ? previous.ip : event.ip,
    prompt: event.prompt,
    input_tokens: event.input_tokens,
    output_tokens: event.output_tokens,
  };
  return { event: kept, fingerprint };
}

/**
 * Gives every prompt of a chunk its family, in file order, from sketches made in the pool, and
 * drops the raw text: it is never written to the graph or a log.
 */
export function fingerprintChunk(rows: FingerprintedEvent[], withPrompt: number[], packed: Uint32Array, fingerprinter: PromptFingerprinterLike): void {
  withPrompt.forEach((rowIndex, promptIndex) => {
    const row = rows[rowIndex] as FingerprintedEvent;
    row.fingerprint = fingerprinter.fingerprintPacked(packed, promptIndex, row.event.prompt as string);
    row.event.prompt = null;
  });
}

/**
 * Drops events already loaded (same id earlier in this chunk, in an earlier chunk or an earlier
 * load) and folds the rest into aggregates. Runs for one chunk at a time, in file order.
 */
async function prepareEventChunk(rows: FingerprintedEvent[], chunkKey: string, deduplication: EventDeduplication, runId: string, fingerprintScheme: string): Promise<PreparedChunk> {
  const { knownAddresses } = deduplication;
  const { fresh, eventIds, eventHashes, earlierBatchDuplicates } = await deduplication.events.deduplicate(rows, chunkKey);
  const aggregates = fresh.length > 0 ? aggregateEvents(fresh) : undefined;
  const plan = aggregates ? planAddressClaims(aggregates.addresses, aggregates.ipUsage, knownAddresses) : undefined;
  const prepared: PreparedChunk = {
    outcome: { loaded: fresh.length, duplicates: rows.length - fresh.length, earlierBatchDuplicates },
    eventIds,
    eventHashes,
    addresses: [],
    async write(transaction) {
      if (!aggregates || !plan) return;
      // Activity first: it write-locks every account of the chunk for the rest of the transaction.
      await transaction.run(cypher('merge-account-activity'), { ...activityParameters(aggregates.accounts), runId });
      let sharedIndexes: number[] = [];
      if (plan.claims.keys.length > 0) {
        const { claims } = plan;
        const claimed = await transaction.run<{ row: number }>(cypher('merge-ip-ownership'), {
          keys: claims.keys,
          networks: claims.networks,
          versions: claims.versions,
          accountIds: claims.accountIds,
          numbers: floatColumn(claims.numbers),
          runId,
        });
        sharedIndexes = claimed.map((row) => Number(row.row));
      }
      const shared = sharedAfterClaim(plan, sharedIndexes);
      // Set anew by every attempt: a retried transaction decides again on what is committed then.
      prepared.addresses = shared.sharedAddresses;
      if (shared.usage.length > 0) await transaction.run(cypher('merge-ip-usage'), { ...usageParameters(shared.usage), runId });
      if (aggregates.fingerprints.length > 0) {
        await transaction.run(cypher('merge-prompt-fingerprints'), { fingerprints: aggregates.fingerprints, scheme: fingerprintScheme, runId });
        await transaction.run(cypher('merge-prompt-usage'), { ...usageParameters(aggregates.promptUsage), runId });
      }
    },
  };
  return prepared;
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

/** The writes of one chunk of a `kind` file, with how many rows they load and skip as duplicates. */
/** `fingerprintScheme`: how the events' prompt SimHashes were computed (sketchScheme), stamped on new fingerprint nodes. */
export async function prepareChunk(kind: FileKind, rows: ValidRow[], chunkKey: string, deduplication: EventDeduplication, runId: string, fingerprintScheme: string): Promise<PreparedChunk> {
  if (kind === 'events') return prepareEventChunk(rows as FingerprintedEvent[], chunkKey, deduplication, runId, fingerprintScheme);
  if (kind === 'accounts') {
    const { unique, duplicates } = dedupeByKey(rows as AccountRow[], (row) => row.account_id);
    return {
      outcome: { loaded: unique.length, duplicates, earlierBatchDuplicates: 0 },
      eventIds: null,
      eventHashes: null,
      addresses: [],
      write: async (transaction) => void (await transaction.run(cypher('merge-accounts'), { accounts: unique, runId })),
    };
  }
  const { unique, duplicates } = dedupeByKey(rows as PaymentRow[], (row) => `${row.account_id}\u0000${row.payment_fingerprint}`);
  return {
    outcome: { loaded: unique.length, duplicates, earlierBatchDuplicates: 0 },
    eventIds: null,
    eventHashes: null,
    addresses: [],
    write: async (transaction) => void (await transaction.run(cypher('merge-payment-methods'), { payments: unique, runId })),
  };
}
