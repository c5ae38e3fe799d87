// Store errors as the domain sees them: no driver types leak out of src/graph-store.
// The adapter sorts every Neo4j error into one of these in one place (toStoreError).

export type StoreErrorKind = 'unavailable' | 'transient' | 'constraint' | 'query' | 'authentication';

export class GraphStoreError extends Error {
  override name = 'GraphStoreError';
  constructor(
    message: string,
    readonly kind: StoreErrorKind,
    /** True when repeating the same work later may succeed (the driver marks the error retriable). */
    readonly retriable: boolean,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isStoreUnavailable(error: unknown): boolean {
  return error instanceof GraphStoreError && (error.kind === 'unavailable' || error.kind === 'authentication');
}
