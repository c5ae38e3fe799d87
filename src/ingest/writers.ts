// How many chunk transactions a load writes at once when not told: half the Neo4j server's
// processors, at least one. A chunk transaction keeps about one server core busy; the rest of the
// server (commits, the page cache flush, its garbage collector) and, on a shared machine, the
// loader itself need the other half. On this project's 2-core machine that is one writer, which
// measured fastest (bench:ingest, medium: 16.8 k events/s with one, 9.0 k with two). A server that
// does not say (dbms.queryJmx refused, as on managed services) gets one.
import { cypher } from '../graph-store/cypher-files.js';
import type { GraphStore } from '../graph-store/neo4j-adapter.js';

/** Writers for a server with `cores` processors (null: unknown). */
export function writersForCores(cores: number | null): number {
  if (cores === null || !Number.isFinite(cores) || cores < 1) return 1;
  return Math.max(1, Math.floor(cores / 2));
}

/** The server's processors as its JVM sees them, or null when it does not say. */
export async function readServerCores(store: GraphStore): Promise<number | null> {
  try {
    const [row] = await store.read<{ cores: unknown }>(cypher('read-server-cores'));
    const cores = Number(row?.cores);
    return Number.isInteger(cores) && cores > 0 ? cores : null;
  } catch {
    return null;
  }
}

/** The writers a load uses: the ones asked for, or the server's default. */
export async function chooseWriters(store: GraphStore, requested: number | undefined): Promise<{ writers: number; serverCores: number | null }> {
  if (requested !== undefined) {
    if (!Number.isInteger(requested) || requested < 1) throw new RangeError(`writers must be a whole number of at least 1 (got ${requested})`);
    return { writers: requested, serverCores: null };
  }
  const serverCores = await readServerCores(store);
  return { writers: writersForCores(serverCores), serverCores };
}
