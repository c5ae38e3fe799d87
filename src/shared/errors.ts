// The program's one error type, as neo4j-javascript-driver's error.ts: a HydrascopeError names its
// kind, and two tables turn a kind into the CLI's exit code and the API's HTTP status, so no caller
// maps error classes by hand. Subclasses exist only where an error carries data of its own.

/** Process exit codes shared by every command; documented in `--help` (src/cli/exit-codes.ts) and the README. */
export const EXIT_CODES = {
  success: 0,
  failure: 1,
  usage: 2,
  neo4jUnavailable: 3,
  badInput: 4,
  alreadyRunning: 5,
} as const;

/** What went wrong, as far as a caller deciding what to do next needs to know. */
export type ErrorKind =
  /** The command line is wrong (a missing or conflicting option). */
  | 'usage'
  /** The input or the configuration is wrong: a file, a folder, a setting, a request parameter. */
  | 'bad-input'
  /** Another refresh or load holds the lease; try again when it has finished. */
  | 'lease-held'
  /** Neo4j cannot be reached, refused the credentials, or is too slow to answer. */
  | 'unavailable'
  /** Neo4j failed in a way the same work retried shortly may not (deadlocks, a database starting). */
  | 'busy'
  | 'not-found'
  | 'unauthorized'
  | 'forbidden'
  | 'method-not-allowed'
  | 'too-large'
  | 'unsupported-media-type'
  | 'rate-limited'
  /** A file hydrascope writes itself (the quarantine) could not be written. */
  | 'write-failed'
  /** A bug or an unexpected failure. */
  | 'internal';

/** Kind → exit code of a command that ends with such an error. */
export const EXIT_CODE_BY_KIND: Readonly<Record<ErrorKind, number>> = {
  'bad-input': EXIT_CODES.badInput,
  usage: EXIT_CODES.usage,
  'lease-held': EXIT_CODES.alreadyRunning,
  unavailable: EXIT_CODES.neo4jUnavailable,
  busy: EXIT_CODES.failure,
  'not-found': EXIT_CODES.failure,
  unauthorized: EXIT_CODES.failure,
  forbidden: EXIT_CODES.failure,
  'method-not-allowed': EXIT_CODES.failure,
  'too-large': EXIT_CODES.failure,
  'unsupported-media-type': EXIT_CODES.failure,
  'rate-limited': EXIT_CODES.failure,
  internal: EXIT_CODES.failure,
  'write-failed': EXIT_CODES.failure,
};

/** Kind → HTTP status of the problem+json answer to a request that ends with such an error. */
export const HTTP_STATUS_BY_KIND: Readonly<Record<ErrorKind, number>> = {
  'bad-input': 400,
  usage: 400,
  'lease-held': 409,
  unavailable: 503,
  busy: 503,
  'not-found': 404,
  unauthorized: 401,
  forbidden: 403,
  'method-not-allowed': 405,
  'too-large': 413,
  'unsupported-media-type': 415,
  'rate-limited': 429,
  internal: 500,
  'write-failed': 500,
};

export const ERROR_KINDS = Object.keys(EXIT_CODE_BY_KIND) as ErrorKind[];

export class HydrascopeError extends Error {
  override name = 'HydrascopeError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A refresh or a load refused because another one holds the lease: carries the holder's run id. */
export class LeaseHeldError extends HydrascopeError {
  override name = 'LeaseHeldError';
  constructor(
    message: string,
    readonly runningRunId: string | null,
  ) {
    super('lease-held', message);
  }
}

/** The refusal of a refresh while another one runs. */
export const refreshAlreadyRunning = (runningRunId: string | null): LeaseHeldError => new LeaseHeldError(`a refresh is already running${runningRunId ? ` (run ${runningRunId})` : ''}`, runningRunId);

export function isErrorKind<K extends ErrorKind>(error: unknown, ...kinds: K[]): error is HydrascopeError & { kind: K } {
  return error instanceof HydrascopeError && (kinds as ErrorKind[]).includes(error.kind);
}

/** The exit code of a command that failed with this error: unknown failures are 1. */
export function exitCodeOf(error: unknown): number {
  return error instanceof HydrascopeError ? EXIT_CODE_BY_KIND[error.kind] : EXIT_CODES.failure;
}

/** The kind an HTTP status stands for (the first in the tables' order), for client errors raised by express's own middleware. */
export function kindOfHttpStatus(status: number): ErrorKind | undefined {
  return ERROR_KINDS.find((kind) => HTTP_STATUS_BY_KIND[kind] === status);
}
