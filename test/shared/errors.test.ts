// The two tables of the one error module: every kind's CLI exit code and HTTP status as users have
// seen them, and the errors of the program's edges (store reasons, body-parser statuses, the local
// server) reaching the same codes through them.
import { describe, expect, it } from 'vitest';
import { problemFor } from '../../src/api/problem.js';
import { exitCodeFor } from '../../src/cli/context.js';
import { readConfig } from '../../src/config/config.js';
import { GraphStoreError, type StoreErrorReason } from '../../src/graph-store/errors.js';
import { LocalNeo4jError } from '../../src/graph-store/local-neo4j.js';
import { ERROR_KINDS, EXIT_CODE_BY_KIND, exitCodeOf, HTTP_STATUS_BY_KIND, HydrascopeError, kindOfHttpStatus, LeaseHeldError, refreshAlreadyRunning, type ErrorKind } from '../../src/shared/errors.js';

describe('the kind tables', () => {
  // kind, exit code (documented in --help), HTTP status (documented in /openapi.json)
  const expected: Array<[ErrorKind, number, number]> = [
    ['bad-input', 4, 400],
    ['usage', 2, 400],
    ['lease-held', 5, 409],
    ['unavailable', 3, 503],
    ['busy', 1, 503],
    ['not-found', 1, 404],
    ['unauthorized', 1, 401],
    ['forbidden', 1, 403],
    ['method-not-allowed', 1, 405],
    ['too-large', 1, 413],
    ['unsupported-media-type', 1, 415],
    ['rate-limited', 1, 429],
    ['internal', 1, 500],
    ['write-failed', 1, 500],
  ];

  it('lists every kind once', () => {
    expect(expected.map(([kind]) => kind).sort()).toEqual([...ERROR_KINDS].sort());
  });

  it.each(expected)('%s: exit code %i, HTTP status %i', (kind, exitCode, status) => {
    expect(EXIT_CODE_BY_KIND[kind]).toBe(exitCode);
    expect(HTTP_STATUS_BY_KIND[kind]).toBe(status);
    const error = new HydrascopeError(kind, `a ${kind} failure`);
    expect(exitCodeOf(error)).toBe(exitCode);
    expect(exitCodeFor(error)).toBe(exitCode);
    expect(problemFor(error).status).toBe(status);
  });

  it('gives an error of no kind exit code 1 and status 500, without its message', () => {
    const error = new Error('secret internals');
    expect(exitCodeFor(error)).toBe(1);
    const problem = problemFor(error);
    expect(problem.status).toBe(500);
    expect(JSON.stringify(problem.body('/x', undefined))).not.toContain('secret internals');
  });
});

describe('errors of the edges', () => {
  // Neo4j's errors as the adapter sorts them: reason, exit code, status, problem type
  it.each<[StoreErrorReason, number, number, string]>([
    ['unavailable', 3, 503, 'neo4j-unavailable'],
    ['authentication', 3, 503, 'neo4j-unavailable'],
    ['transient', 1, 503, 'neo4j-unavailable'],
    ['constraint', 1, 500, 'internal'],
    ['query', 1, 500, 'internal'],
  ])('a store error of reason %s exits %i and answers %i (%s)', (reason, exitCode, status, slug) => {
    const error = new GraphStoreError(`Neo4j said no (${reason})`, reason, false, undefined);
    expect(exitCodeFor(error)).toBe(exitCode);
    const problem = problemFor(error);
    expect(problem.status).toBe(status);
    expect(problem.slug).toBe(slug);
    expect(problem.detail).not.toContain('Neo4j said no');
  });

  it('answers a held refresh lease 409 naming the running run, and exits 5', () => {
    const error = refreshAlreadyRunning('refresh-1');
    expect(error).toBeInstanceOf(LeaseHeldError);
    expect(exitCodeFor(error)).toBe(5);
    const problem = problemFor(error);
    expect(problem.status).toBe(409);
    expect(problem.body('/api/v1/runs', 'r1')).toMatchObject({
      type: 'urn:hydrascope:problem:refresh-already-running',
      runningRunId: 'refresh-1',
      detail: 'a refresh is already running (run refresh-1)',
    });
  });

  it('exits 4 for an invalid configuration', () => {
    const error = (() => {
      try {
        return readConfig({ HYDRASCOPE_LOG_LEVEL: 'loud' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toMatchObject({ kind: 'bad-input' });
    expect(exitCodeFor(error)).toBe(4);
  });

  it('exits 3 when the local Neo4j cannot be started', () => {
    expect(exitCodeFor(new LocalNeo4jError('no Java'))).toBe(3);
  });

  // body-parser's errors carry their own status; the answer keeps it.
  it.each([
    [{ status: 400, type: 'entity.parse.failed', expose: true, message: 'Unexpected token' }, 400, 'invalid-parameters'],
    [{ status: 413, type: 'entity.too.large', expose: true, message: 'request entity too large' }, 413, 'bad-request'],
    [{ status: 415, type: 'charset.unsupported', expose: true, message: 'unsupported charset "UTF-7"' }, 415, 'bad-request'],
    [{ status: 403, type: 'entity.verify.failed', expose: true, message: 'invalid signature' }, 403, 'bad-request'],
  ])('answers a body-parser error %j with status %i (%s)', (error, status, slug) => {
    const problem = problemFor(Object.assign(new Error(error.message), error));
    expect(problem.status).toBe(status);
    expect(problem.slug).toBe(slug);
  });

  it('finds the kind of a status from the tables, bad input first', () => {
    expect(kindOfHttpStatus(400)).toBe('bad-input');
    expect(kindOfHttpStatus(413)).toBe('too-large');
    expect(kindOfHttpStatus(418)).toBeUndefined();
  });
});
