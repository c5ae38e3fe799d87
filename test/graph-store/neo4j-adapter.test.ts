// The adapter's error sorting and retry policy. Sorting is checked on the driver's own error
// objects (and on real errors provoked from a real driver and server); retrying is checked on a
// real Neo4j: a deadlock between two writers is retried until it commits, a client error fails
// on the first attempt.
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { GraphStoreError } from '../../src/graph-store/errors.js';
import { floatColumn, openGraphStore, toNeo4jValue, toStoreError } from '../../src/graph-store/neo4j-adapter.js';
import { holdOneConnection, testConnection } from '../support/neo4j.js';
import { useTestStore } from '../support/test-store.js';

/** An error as the driver raises it for a server failure code (or for its own failures, code N/A). */
const driverError = (code: string, message = 'boom') => new neo4j.Neo4jError(message, code, '50N42', 'error: general processing exception');

describe('toStoreError', () => {
  // code, reason, the common kind (exit code and HTTP status), retriable for callers, retried by the driver itself
  it.each([
    ['ServiceUnavailable', 'unavailable', 'unavailable', true, true],
    ['SessionExpired', 'unavailable', 'unavailable', true, true],
    ['Neo.TransientError.General.DatabaseUnavailable', 'unavailable', 'unavailable', true, true],
    ['Neo.TransientError.Transaction.DeadlockDetected', 'transient', 'busy', true, true],
    ['Neo.TransientError.Transaction.LockClientStopped', 'transient', 'busy', true, true],
    // Neo4j 5 ends the transactions running when the database shuts down with these.
    ['Neo.ClientError.Transaction.Terminated', 'transient', 'busy', true, false],
    ['Neo.ClientError.Transaction.LockClientStopped', 'transient', 'busy', true, false],
    // A query cut at the store's time limit (the API's 15 s): overload, answered 503, not retried.
    ['Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration', 'unavailable', 'unavailable', true, false],
    ['Neo.ClientError.Security.Unauthorized', 'authentication', 'unavailable', false, false],
    ['Neo.ClientError.Schema.ConstraintValidationFailed', 'constraint', 'internal', false, false],
    ['Neo.ClientError.Statement.SyntaxError', 'query', 'internal', false, false],
    ['Neo.ClientError.Statement.ArithmeticError', 'query', 'internal', false, false],
    ['Neo.DatabaseError.General.UnknownError', 'query', 'internal', false, false],
  ])('sorts the driver error %s as %s, kind %s (retriable: %s; the driver retries it: %s)', (code, reason, kind, retriable, driverRetries) => {
    const original = driverError(code);
    expect(neo4j.isRetryableError(original)).toBe(driverRetries);
    const error = toStoreError(original, 'test');
    expect(error).toBeInstanceOf(GraphStoreError);
    expect(error.reason).toBe(reason);
    expect(error.kind).toBe(kind);
    expect(error.retriable).toBe(retriable);
    expect(error.code).toBe(code);
    expect(error.cause).toBe(original);
  });

  it.each([
    ['Connection acquisition timed out in 5000 ms. Pool status: Active conn count = 100, Idle conn count = 0.', 'unavailable'],
    ['Pool is closed, it is no more able to serve requests.', 'unavailable'],
    ['Something the driver did not expect', 'query'],
  ])('sorts the driver\'s own error "%s" (code N/A) as %s', (message, reason) => {
    // The driver raises its own failures through newError, which gives them the code "N/A".
    const error = toStoreError(driverError('N/A', message), 'test');
    expect(error.reason).toBe(reason);
    expect(error.retriable).toBe(reason === 'unavailable');
  });

  it('sorts a socket error without a code as unavailable', () => {
    expect(toStoreError(new Error('connect ECONNREFUSED 127.0.0.1:7687'), 'test').reason).toBe('unavailable');
  });

  it('sorts a query cut at its time limit as unavailable (retriable: a 503, come back shortly)', () => {
    const error = toStoreError(driverError('Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration', 'The transaction has been terminated.'), 'read-campaign-graph');
    expect(error.reason).toBe('unavailable');
    expect(error.retriable).toBe(true);
  });
});

describe('toNeo4jValue', () => {
  it('sends whole numbers as Integers and fractions as floats', () => {
    const converted = toNeo4jValue({ count: 3, share: 0.5, list: [1, 2] }) as { count: unknown; share: unknown; list: unknown[] };
    expect(neo4j.isInt(converted.count)).toBe(true);
    expect(converted.share).toBe(0.5);
    expect(converted.list.every((value) => neo4j.isInt(value))).toBe(true);
  });

  it('sends a float column as plain numbers, for the statement to turn into integers', () => {
    const converted = toNeo4jValue({ numbers: floatColumn([3, 1_767_225_600_000]) }) as { numbers: unknown[] };
    expect(converted.numbers).toEqual([3, 1_767_225_600_000]);
    expect(converted.numbers.some((value) => neo4j.isInt(value))).toBe(false);
  });
});

describe('openGraphStore', () => {
  it("ends a query running past the store's transaction time limit, as unavailable", async () => {
    const store = openGraphStore(testConnection(), { transactionTimeoutMs: 300, maxTransactionRetryTimeMs: 0 });
    try {
      const slow = { name: 'count-to-a-billion', text: 'UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 0 RETURN count(x) AS n' };
      const error = await store.read(slow).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(GraphStoreError);
      expect((error as GraphStoreError).reason).toBe('unavailable');
    } finally {
      await store.close();
    }
  });

  it('reports an unreachable server as unavailable, quickly', async () => {
    const store = openGraphStore({ uri: 'bolt://127.0.0.1:1', user: 'neo4j', password: 'x', database: undefined }, { connectionAcquisitionTimeoutMs: 2000 });
    const error = await store.verifyConnectivity().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GraphStoreError);
    expect((error as GraphStoreError).reason).toBe('unavailable');
    await store.close();
  });
});

describe('the adapter on a real Neo4j', () => {
  const store = useTestStore();

  it('reports an exhausted connection pool as unavailable (retriable), not as a failed query', async () => {
    const small = openGraphStore(testConnection(), { maxConnectionPoolSize: 1, connectionAcquisitionTimeoutMs: 300 });
    try {
      // The only connection stays busy in an open transaction while a second read asks for one.
      const releaseConnection = await holdOneConnection(small);
      const error = await small.read(cypher('read-account-count')).catch((caught: unknown) => caught);
      await releaseConnection();
      expect(error).toBeInstanceOf(GraphStoreError);
      expect((error as GraphStoreError).reason).toBe('unavailable');
      expect((error as GraphStoreError).retriable).toBe(true);
      expect((error as GraphStoreError).message).toMatch(/Connection acquisition timed out/);
    } finally {
      await small.close();
    }
  });

  it('fails a statement with a client error on the first attempt, without retrying', async () => {
    let attempts = 0;
    const error = await store
      .readTransaction(async (transaction) => {
        attempts += 1;
        return transaction.run(cypher('test/read-quotient'), { dividend: 1, divisor: 0 });
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GraphStoreError);
    expect((error as GraphStoreError).reason).toBe('query');
    expect((error as GraphStoreError).code).toBe('Neo.ClientError.Statement.ArithmeticError');
    expect(attempts).toBe(1);
  });

  it('retries a writer that lost a real deadlock until it commits', async () => {
    await store.write(cypher('test/update-lock-touched'), { name: 'test-deadlock-a' });
    await store.write(cypher('test/update-lock-touched'), { name: 'test-deadlock-b' });
    // Each writer locks its first node, waits until the other holds its own, then asks for the
    // other's: Neo4j detects the cycle and fails one of them with a transient DeadlockDetected.
    const firstLocks = new Set<string>();
    let bothLocked: () => void = () => undefined;
    const bothHoldFirstLock = new Promise<void>((resolve) => {
      bothLocked = resolve;
    });
    const attempts: Record<string, number> = { ab: 0, ba: 0 };
    const deadlocked: string[] = [];
    const writer = (first: string, second: string, key: 'ab' | 'ba') =>
      store.writeTransaction(async (transaction) => {
        attempts[key] = (attempts[key] ?? 0) + 1;
        await transaction.run(cypher('test/update-lock-touched'), { name: first });
        if (attempts[key] === 1) {
          firstLocks.add(key);
          if (firstLocks.size === 2) bothLocked();
          await bothHoldFirstLock;
        }
        try {
          await transaction.run(cypher('test/update-lock-touched'), { name: second });
        } catch (error) {
          deadlocked.push((error as { code?: string }).code ?? 'unknown');
          throw error;
        }
      });
    await Promise.all([writer('test-deadlock-a', 'test-deadlock-b', 'ab'), writer('test-deadlock-b', 'test-deadlock-a', 'ba')]);
    expect(deadlocked).toEqual(['Neo.TransientError.Transaction.DeadlockDetected']);
    expect((attempts['ab'] ?? 0) + (attempts['ba'] ?? 0)).toBe(3);
  });
});
