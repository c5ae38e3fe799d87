// The only module that talks to neo4j-driver. It owns the driver and its sessions, turns
// records, Integers and temporal values into plain objects, and sorts every Neo4j error
// (retriable or not) into a GraphStoreError. Domain code receives a GraphStore and nothing else.
import neo4j, { type Driver, type ManagedTransaction, type Record as Neo4jRecord } from 'neo4j-driver';
import type { Neo4jConnectionConfig } from '../config/config.js';
import { GraphStoreError } from './errors.js';
import type { CypherStatement } from './cypher-files.js';

export type Parameters = Record<string, unknown>;
export type Row = Record<string, unknown>;

/** Runs statements inside one transaction; everything it runs commits or rolls back together. */
export interface TransactionRunner {
  run<T extends Row = Row>(statement: CypherStatement, parameters?: Parameters): Promise<T[]>;
}

export interface GraphStore {
  /** Auto-retried read transaction (routed to a reader on a cluster). */
  read<T extends Row = Row>(statement: CypherStatement, parameters?: Parameters): Promise<T[]>;
  /** Auto-retried write transaction. */
  write<T extends Row = Row>(statement: CypherStatement, parameters?: Parameters): Promise<T[]>;
  /** Several statements in one write transaction, retried as a whole on retriable errors. */
  writeTransaction<R>(work: (transaction: TransactionRunner) => Promise<R>): Promise<R>;
  readTransaction<R>(work: (transaction: TransactionRunner) => Promise<R>): Promise<R>;
  /** Streams a large read row by row, without holding the whole result in memory. */
  stream<T extends Row = Row>(statement: CypherStatement, parameters: Parameters, onRow: (row: T) => void): Promise<number>;
  /** Runs a statement outside a managed transaction (schema changes, CALL { } IN TRANSACTIONS). */
  runAutoCommit<T extends Row = Row>(statement: CypherStatement, parameters?: Parameters): Promise<T[]>;
  verifyConnectivity(): Promise<void>;
  serverInfo(): Promise<{ address: string; agent: string; protocolVersion: string }>;
  close(): Promise<void>;
  readonly description: string;
}

const DEFAULT_TRANSACTION_TIMEOUT_MS = 10 * 60 * 1000;

/** Converts driver values (Integer, temporal types, nodes, lists, maps) into plain JSON-friendly values. */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value;
  if (neo4j.isInt(value)) return (value as { toNumber(): number }).toNumber();
  // Byte arrays (event-id hashes) stay binary.
  if (ArrayBuffer.isView(value)) return value;
  if (
    neo4j.isDateTime(value as never) ||
    neo4j.isDate(value as never) ||
    neo4j.isLocalDateTime(value as never) ||
    neo4j.isTime(value as never) ||
    neo4j.isLocalTime(value as never) ||
    neo4j.isDuration(value as never)
  ) {
    if (neo4j.isDateTime(value as never)) {
      const dateTime = value as { toStandardDate(): Date };
      return dateTime.toStandardDate().toISOString();
    }
    return String(value);
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (neo4j.isNode(value as never)) {
    const node = value as unknown as { labels: string[]; properties: Row; elementId: string };
    return { elementId: node.elementId, labels: node.labels, properties: toPlain(node.properties) };
  }
  if (neo4j.isRelationship(value as never)) {
    const relationship = value as unknown as { type: string; properties: Row; elementId: string; startNodeElementId: string; endNodeElementId: string };
    return {
      elementId: relationship.elementId,
      type: relationship.type,
      start: relationship.startNodeElementId,
      end: relationship.endNodeElementId,
      properties: toPlain(relationship.properties),
    };
  }
  const plain: Row = {};
  for (const [key, entry] of Object.entries(value as Row)) plain[key] = toPlain(entry);
  return plain;
}

/**
 * Numbers sent as floats even when whole, for bulk parameters whose statement turns them back
 * into integers with toInteger(). The driver packs a list of plain numbers several times faster
 * than the Integer objects toNeo4jValue makes of whole numbers: packing the ingest's per-row maps
 * of Integers took a third of its main thread, on the path of every write. Only for values below
 * 2^53, which a float holds exactly.
 */
export class FloatColumn {
  constructor(readonly values: readonly number[]) {}
}

/** Wraps bulk numbers so they travel as floats (see FloatColumn). */
export const floatColumn = (values: readonly number[]): FloatColumn => new FloatColumn(values);

/**
 * JavaScript has one number type; Neo4j has integers and floats. Whole numbers go as integers
 * (counts, epoch milliseconds, LIMIT), everything else as floats, and a FloatColumn as floats.
 */
export function toNeo4jValue(value: unknown): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? neo4j.int(value) : value;
  if (value instanceof FloatColumn) return value.values;
  if (Array.isArray(value)) return value.map(toNeo4jValue);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const converted: Row = {};
    for (const [key, entry] of Object.entries(value as Row)) converted[key] = toNeo4jValue(entry);
    return converted;
  }
  return value;
}

const toNeo4jParameters = (parameters: Parameters = {}) => toNeo4jValue(parameters) as Parameters;

function recordToRow<T extends Row>(record: Neo4jRecord): T {
  const row: Row = {};
  for (const key of record.keys) row[String(key)] = toPlain(record.get(key));
  return row as T;
}

/** Neo4j cannot be reached, or answers that its database is stopping or still starting. */
const UNAVAILABLE_CODES = new Set([neo4j.error.SERVICE_UNAVAILABLE, neo4j.error.SESSION_EXPIRED, 'Neo.TransientError.General.DatabaseUnavailable']);
/**
 * Neo4j 5 reports a transaction ended under it (the database shutting down, an operator's
 * TERMINATE) as a client error, which the driver does not retry itself; the same work started
 * again later may well succeed, so callers see it as transient.
 */
const TERMINATED_CODES = new Set(['Neo.ClientError.Transaction.Terminated', 'Neo.ClientError.Transaction.LockClientStopped']);
/** The code the driver gives its own errors, which carry no server code (pool timeouts, closed pools). */
const DRIVER_ERROR_CODE = 'N/A';
/**
 * The pool gives up waiting for a free connection with a code-less driver error. It means Neo4j
 * is saturated, hung or unreachable, not that the query is wrong: a caller should retry later.
 */
const POOL_ACQUISITION_TIMEOUT = /^Connection acquisition timed out/;

/** The one place where Neo4j errors are sorted. */
export function toStoreError(error: unknown, context: string): GraphStoreError {
  if (error instanceof GraphStoreError) return error;
  const code = typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : undefined;
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  const retriable = neo4j.isRetryableError(error);
  const fromDriver = code === undefined || code === DRIVER_ERROR_CODE;
  if (code !== undefined && UNAVAILABLE_CODES.has(code)) {
    return new GraphStoreError(`Neo4j is unavailable (${context}): ${message}`, 'unavailable', true, code, { cause: error });
  }
  if (fromDriver && POOL_ACQUISITION_TIMEOUT.test(message.replace(/^\[[^\]]*\] /, ''))) {
    return new GraphStoreError(`Neo4j is unavailable (${context}): no free connection: ${message}`, 'unavailable', true, code, { cause: error });
  }
  // A query cut at its time limit (Neo4j was too slow for it): the same, come back shortly.
  if (code?.startsWith('Neo.ClientError.Transaction.TransactionTimedOut')) {
    return new GraphStoreError(`Neo4j is too busy (${context}): the query ran past its time limit: ${message}`, 'unavailable', true, code, { cause: error });
  }
  if (code === 'Neo.ClientError.Security.Unauthorized' || code === 'Neo.ClientError.Security.AuthenticationRateLimit') {
    return new GraphStoreError(`Neo4j refused the credentials (${context}): ${message}`, 'authentication', false, code, { cause: error });
  }
  if (code?.startsWith('Neo.ClientError.Schema.ConstraintValidationFailed')) {
    return new GraphStoreError(`Neo4j constraint violated (${context}): ${message}`, 'constraint', false, code, { cause: error });
  }
  if (retriable || code?.startsWith('Neo.TransientError') || (code !== undefined && TERMINATED_CODES.has(code))) {
    return new GraphStoreError(`Neo4j transient error (${context}): ${message}`, 'transient', true, code, { cause: error });
  }
  if (fromDriver && error instanceof Error && /ECONNREFUSED|ECONNRESET|connect|socket|closed/i.test(error.message)) {
    return new GraphStoreError(`Neo4j is unavailable (${context}): ${message}`, 'unavailable', true, code, { cause: error });
  }
  return new GraphStoreError(`Neo4j query failed (${context}): ${message}`, 'query', false, code, { cause: error });
}

function runner(transaction: ManagedTransaction): TransactionRunner {
  return {
    async run<T extends Row>(statement: CypherStatement, parameters: Parameters = {}) {
      try {
        const result = await transaction.run(statement.text, toNeo4jParameters(parameters));
        return result.records.map((record) => recordToRow<T>(record));
      } catch (error) {
        // Name the statement in the message; keep the driver's error (and its retriability) as the cause.
        if (error instanceof Error && !error.message.includes(`[${statement.name}]`)) error.message = `[${statement.name}] ${error.message}`;
        throw error;
      }
    },
  };
}

export interface Neo4jStoreOptions {
  maxTransactionRetryTimeMs?: number;
  connectionAcquisitionTimeoutMs?: number;
  maxConnectionPoolSize?: number;
  /** Neo4j ends a transaction running longer than this (default 10 minutes, for jobs). */
  transactionTimeoutMs?: number;
}

export function openGraphStore(connection: Neo4jConnectionConfig, options: Neo4jStoreOptions = {}): GraphStore {
  const driver: Driver = neo4j.driver(connection.uri, neo4j.auth.basic(connection.user, connection.password), {
    disableLosslessIntegers: true,
    maxTransactionRetryTime: options.maxTransactionRetryTimeMs ?? 30_000,
    connectionAcquisitionTimeout: options.connectionAcquisitionTimeoutMs ?? 20_000,
    connectionTimeout: 10_000,
    maxConnectionPoolSize: options.maxConnectionPoolSize ?? 50,
    logging: { level: 'error', logger: () => undefined },
  });
  const sessionConfig = () => (connection.database ? { database: connection.database } : {});
  const txConfig = { timeout: options.transactionTimeoutMs ?? DEFAULT_TRANSACTION_TIMEOUT_MS };

  async function withSession<R>(mode: 'READ' | 'WRITE', context: string, work: (session: ReturnType<Driver['session']>) => Promise<R>): Promise<R> {
    const session = driver.session({ ...sessionConfig(), defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE });
    try {
      return await work(session);
    } catch (error) {
      throw toStoreError(error, context);
    } finally {
      await session.close().catch(() => undefined);
    }
  }

  return {
    description: connection.uri,
    read: (statement, parameters) => withSession('READ', statement.name, (session) => session.executeRead((tx) => runner(tx).run(statement, parameters), txConfig)),
    write: (statement, parameters) => withSession('WRITE', statement.name, (session) => session.executeWrite((tx) => runner(tx).run(statement, parameters), txConfig)),
    writeTransaction: (work) => withSession('WRITE', 'write transaction', (session) => session.executeWrite((tx) => work(runner(tx)), txConfig)),
    readTransaction: (work) => withSession('READ', 'read transaction', (session) => session.executeRead((tx) => work(runner(tx)), txConfig)),
    stream: (statement, parameters, onRow) =>
      withSession('READ', statement.name, async (session) => {
        let count = 0;
        await new Promise<void>((resolvePromise, reject) => {
          session.run(statement.text, toNeo4jParameters(parameters), txConfig).subscribe({
            onNext: (record) => {
              count += 1;
              onRow(recordToRow(record));
            },
            onCompleted: () => resolvePromise(),
            onError: reject,
          });
        });
        return count;
      }),
    runAutoCommit: (statement, parameters = {}) =>
      withSession('WRITE', statement.name, async (session) => {
        const result = await session.run(statement.text, toNeo4jParameters(parameters));
        return result.records.map((record) => recordToRow(record));
      }),
    async verifyConnectivity() {
      try {
        await driver.verifyConnectivity(sessionConfig());
      } catch (error) {
        throw toStoreError(error, 'connectivity check');
      }
    },
    async serverInfo() {
      try {
        const info = await driver.getServerInfo(sessionConfig());
        return { address: info.address ?? '', agent: info.agent ?? '', protocolVersion: String(info.protocolVersion ?? '') };
      } catch (error) {
        throw toStoreError(error, 'server info');
      }
    },
    close: () => driver.close(),
  };
}
