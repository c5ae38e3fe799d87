// Errors as the API answers them: RFC 9457 problem details (application/problem+json), built in
// one place. A ProblemError is a HydrascopeError whose kind gives its status (HTTP_STATUS_BY_KIND);
// problemFor turns every other failure into one for the app's one error middleware (app.ts),
// without leaking internals (no stack traces, no driver messages).
import type { ZodError } from 'zod';
import { HTTP_STATUS_BY_KIND, HydrascopeError, isErrorKind, kindOfHttpStatus, LeaseHeldError, type ErrorKind } from '../shared/errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface InvalidParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'body';
  reason: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  'invalid-params'?: InvalidParameter[];
  runningRunId?: string | null;
  retryAfterSeconds?: number;
}

/** Problem types are URNs: stable identifiers without pretending to be a fetchable web page. */
export const problemType = (slug: string): string => `urn:hydrascope:problem:${slug}`;

export class ProblemError extends HydrascopeError {
  override name = 'ProblemError';
  constructor(
    kind: ErrorKind,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Partial<Pick<ProblemBody, 'invalid-params' | 'runningRunId' | 'retryAfterSeconds'>> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(kind, detail ?? title);
  }

  get status(): number {
    return HTTP_STATUS_BY_KIND[this.kind];
  }

  body(instance: string, requestId: string | undefined): ProblemBody {
    return {
      type: problemType(this.slug),
      title: this.title,
      status: this.status,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
      instance,
      ...(requestId === undefined ? {} : { requestId }),
      ...this.extensions,
    };
  }
}

export const invalidParameters = (parameters: InvalidParameter[]): ProblemError =>
  new ProblemError('bad-input', 'invalid-parameters', 'Invalid request parameters', parameters.map((parameter) => `${parameter.in} parameter "${parameter.name}": ${parameter.reason}`).join('; '), {
    'invalid-params': parameters,
  });

/** Names each offending parameter (or unknown key) with zod's reason, so a client can fix its call. */
export function problemFromZodError(error: ZodError, location: InvalidParameter['in']): ProblemError {
  const parameters: InvalidParameter[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) parameters.push({ name: key, in: location, reason: 'unknown parameter' });
      continue;
    }
    const name = issue.path.length > 0 ? issue.path.map(String).join('.') : location;
    parameters.push({ name, in: location, reason: issue.message });
  }
  return invalidParameters(parameters);
}

export const notFound = (what: string, detail?: string): ProblemError => new ProblemError('not-found', 'not-found', `${what} not found`, detail);

export const STORE_RETRY_AFTER_SECONDS = 5;

export const storeUnavailable = (detail = 'the graph database is not reachable; try again shortly'): ProblemError =>
  new ProblemError('unavailable', 'neo4j-unavailable', 'Service unavailable', detail, { retryAfterSeconds: STORE_RETRY_AFTER_SECONDS }, { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) });

const internalProblem = (): ProblemError => new ProblemError('internal', 'internal', 'Internal server error', 'the request failed; quote the request id when reporting it');

/** Titles of the client errors body-parser raises before a route sees the request. */
const CLIENT_ERROR_TITLES: Record<number, string> = { 413: 'Request body too large', 415: 'Unsupported media type' };

/** Titles of the other kinds a route or use case may throw as a plain HydrascopeError. */
const TITLES: Partial<Record<ErrorKind, string>> = {
  'not-found': 'Not found',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  'method-not-allowed': 'Method not allowed',
  'rate-limited': 'Too many requests',
};

/** The problem answering a failure: its kind decides the status; messages of unexpected failures stay in the log. */
export function problemFor(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  // Only refreshes take a lease on the API's side.
  if (error instanceof LeaseHeldError) return new ProblemError('lease-held', 'refresh-already-running', 'A refresh is already running', error.message, { runningRunId: error.runningRunId });
  // Still failing after the driver's retries (deadlocks, a database starting up): the same
  // request is likely to work shortly, so the client is told when to retry instead of a 500.
  if (isErrorKind(error, 'busy')) return storeUnavailable('the graph database is busy; try again shortly');
  if (isErrorKind(error, 'unavailable')) return storeUnavailable();
  if (isErrorKind(error, 'internal', 'write-failed')) return internalProblem();
  if (error instanceof HydrascopeError) return new ProblemError(error.kind, error.kind, TITLES[error.kind] ?? 'Bad request', error.message);
  if (isClientHttpError(error)) {
    // body-parser's own errors: malformed JSON, a body too large, an unsupported charset.
    if (error.type === 'entity.parse.failed')
      return new ProblemError('bad-input', 'invalid-parameters', 'Invalid request body', 'the body is not valid JSON', { 'invalid-params': [{ name: 'body', in: 'body', reason: 'not valid JSON' }] });
    return new ProblemError(kindOfHttpStatus(error.status) ?? 'bad-input', 'bad-request', CLIENT_ERROR_TITLES[error.status] ?? 'Bad request', error.expose ? error.message : undefined);
  }
  return internalProblem();
}

function isClientHttpError(error: unknown): error is { status: number; type?: string; expose?: boolean; message: string } {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
