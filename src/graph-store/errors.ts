// Store errors as the domain sees them: no driver types leak out of src/graph-store.
// The adapter sorts every Neo4j error in one place (toStoreError) into a reason and a common kind.
import { HydrascopeError, type ErrorKind } from '../shared/errors.js';

/** The adapter's finer sort, kept for logs and the neo4j_errors metric's label. */
export type StoreErrorReason = 'unavailable' | 'transient' | 'constraint' | 'query' | 'authentication';

const KIND_OF_REASON: Readonly<Record<StoreErrorReason, ErrorKind>> = {
  unavailable: 'unavailable',
  authentication: 'unavailable',
  transient: 'busy',
  constraint: 'internal',
  query: 'internal',
};

export class GraphStoreError extends HydrascopeError {
  override name = 'GraphStoreError';
  constructor(
    message: string,
    readonly reason: StoreErrorReason,
    /** True when repeating the same work later may succeed (the driver marks the error retriable). */
    readonly retriable: boolean,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(KIND_OF_REASON[reason], message, options);
  }
}

export function isStoreUnavailable(error: unknown): boolean {
  return error instanceof GraphStoreError && error.kind === 'unavailable';
}
