// Errors as the API answers them: RFC 9457 problem details (application/problem+json), built in
// one place. Routes and use cases throw ProblemError; the one error middleware (app.ts) renders it
// and turns every other failure into a problem without leaking internals (no stack traces).
import type { ZodError } from 'zod';

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

export class ProblemError extends Error {
  override name = 'ProblemError';
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail?: string,
    readonly extensions: Partial<Pick<ProblemBody, 'invalid-params' | 'runningRunId' | 'retryAfterSeconds'>> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
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
  new ProblemError(
    400,
    'invalid-parameters',
    'Invalid request parameters',
    parameters.map((parameter) => `${parameter.in} parameter "${parameter.name}": ${parameter.reason}`).join('; '),
    { 'invalid-params': parameters },
  );

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

export const notFound = (what: string, detail?: string): ProblemError => new ProblemError(404, 'not-found', `${what} not found`, detail);

export const STORE_RETRY_AFTER_SECONDS = 5;

export const storeUnavailable = (detail = 'the graph database is not reachable; try again shortly'): ProblemError =>
  new ProblemError(503, 'neo4j-unavailable', 'Service unavailable', detail, { retryAfterSeconds: STORE_RETRY_AFTER_SECONDS }, { 'Retry-After': String(STORE_RETRY_AFTER_SECONDS) });

