// I/O edge for Graph Data Science (GDS) on the connected server: whether it is installed, how
// much heap it has, and the errors the gds refresh engine raises when the server cannot run it.
// The engine's own statements live in cypher/gds/.
import { HydrascopeError } from '../shared/errors.js';
import { cypher } from './cypher-files.js';
import { GraphStoreError } from './errors.js';
import type { GraphStore } from './neo4j-adapter.js';

/** The GDS version, or undefined when the server has no gds.* functions (any other failure is thrown). */
export async function readGdsVersion(store: GraphStore): Promise<string | undefined> {
  try {
    const [row] = await store.read<{ version: string }>(cypher('gds/read-gds-version'));
    return row?.version;
  } catch (error) {
    if (error instanceof GraphStoreError && error.reason === 'query' && /gds\.version|Unknown function/i.test(error.message)) return undefined;
    throw error;
  }
}

export const GDS_INSTALL_HELP =
  'to get it: a local server started with `hydrascope neo4j start --with-gds` (or HYDRASCOPE_NEO4J_GDS=true), ' +
  "Docker's official image with NEO4J_PLUGINS='[\"graph-data-science\"]' (docker-compose.yml does this), " +
  'or Aura Graph Analytics / a self-managed server with the GDS plugin (docs/gds-engine.md)';

/** The gds engine met a server without Graph Data Science: a configuration problem (exit code 4). */
export function gdsNotInstalled(server: string): HydrascopeError {
  return new HydrascopeError('bad-input', `the gds refresh engine needs Graph Data Science on the Neo4j server, and ${server} has none; ${GDS_INSTALL_HELP}; or refresh with --engine graphology`);
}

/** Fails with gdsNotInstalled unless the server has GDS; returns its version. */
export async function requireGds(store: GraphStore): Promise<string> {
  const version = await readGdsVersion(store);
  if (version === undefined) throw gdsNotInstalled(store.description);
  return version;
}

export interface GdsHeap {
  freeBytes: number;
  maxBytes: number;
}

export async function readGdsHeap(store: GraphStore): Promise<GdsHeap> {
  const [row] = await store.read<{ free_heap: number; max_heap: number }>(cypher('gds/read-gds-memory'));
  return { freeBytes: row?.free_heap ?? 0, maxBytes: row?.max_heap ?? 0 };
}

const mebibytes = (bytes: number) => `${Math.ceil(bytes / 1024 / 1024)} MiB`;

/**
 * The memory guard's refusal: the estimate says the projection and Louvain need more heap than
 * the server has free, so the refresh stops before projecting anything (instead of failing half-way).
 */
export function gdsMemoryExceeded(neededBytes: number, heap: GdsHeap): HydrascopeError {
  return new HydrascopeError(
    'too-large',
    `the gds refresh engine needs about ${mebibytes(neededBytes)} of Neo4j heap for this graph (GDS estimate), and the server has ${mebibytes(heap.freeBytes)} free of ${mebibytes(heap.maxBytes)}; ` +
      'give Neo4j more heap (HYDRASCOPE_NEO4J_HEAP for the local server, server.memory.heap.max_size elsewhere), use a bigger server or Aura Graph Analytics (docs/gds-engine.md), or refresh with --engine graphology',
  );
}
