import { describe, expect, it } from 'vitest';
import { GraphStoreError } from '../../src/graph-store/errors.js';
import { openGraphStore, toStoreError } from '../../src/graph-store/neo4j-adapter.js';
import { testConnection } from '../support/neo4j.js';

function neo4jError(code: string, message = 'boom'): Error {
  return Object.assign(new Error(message), { code, name: 'Neo4jError' });
}

describe('toStoreError', () => {
  it.each([
    ['ServiceUnavailable', 'unavailable', true],
    ['SessionExpired', 'unavailable', true],
    ['Neo.TransientError.Transaction.DeadlockDetected', 'transient', true],
    ['Neo.ClientError.Security.Unauthorized', 'authentication', false],
    ['Neo.ClientError.Schema.ConstraintValidationFailed', 'constraint', false],
    ['Neo.ClientError.Statement.SyntaxError', 'query', false],
  ])('sorts %s as %s (retriable: %s)', (code, kind, retriable) => {
    const error = toStoreError(neo4jError(code), 'test');
    expect(error).toBeInstanceOf(GraphStoreError);
    expect(error.kind).toBe(kind);
    expect(error.retriable).toBe(retriable);
    expect(error.code).toBe(code);
  });

  it('sorts a connection pool acquisition timeout as busy (retriable), not as a failed query', () => {
    const error = toStoreError(neo4jError('N/A', 'Connection acquisition timed out in 5000 ms. Pool status: Active conn count = 100, Idle conn count = 0.'), 'read-account');
    expect(error.kind).toBe('busy');
    expect(error.retriable).toBe(true);
    expect(error.message).toMatch(/^Neo4j is busy \(read-account\)/);
  });

  it('sorts a query cut at its time limit as busy (retriable)', () => {
    const error = toStoreError(neo4jError('Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration', 'The transaction has been terminated.'), 'read-campaign-graph');
    expect(error.kind).toBe('busy');
    expect(error.retriable).toBe(true);
  });
});

describe('openGraphStore', () => {
  it('ends a query running past the store\'s transaction time limit, as busy', async () => {
    const store = openGraphStore(testConnection(), { transactionTimeoutMs: 300, maxTransactionRetryTimeMs: 0 });
    try {
      const slow = { name: 'count-to-a-billion', text: 'UNWIND range(1, 1000000000) AS x WITH x WHERE x % 7 = 0 RETURN count(x) AS n' };
      const error = await store.read(slow).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(GraphStoreError);
      expect((error as GraphStoreError).kind).toBe('busy');
    } finally {
      await store.close();
    }
  });

  it('reports an unreachable server as unavailable, quickly', async () => {
    const store = openGraphStore({ uri: 'bolt://127.0.0.1:1', user: 'neo4j', password: 'x', database: undefined }, { connectionAcquisitionTimeoutMs: 2000 });
    const error = await store.verifyConnectivity().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GraphStoreError);
    expect((error as GraphStoreError).kind).toBe('unavailable');
    await store.close();
  });
});
