// What Neo4j's memory holds during a benchmark: its heap in use (JMX, sampled every second), the
// local server's resident memory (sampled from /proc) and the most of the page cache its store
// can fill. Community Edition reports no page cache figures of its own (dbms.listPools is
// Enterprise). The cache holds pages of the store files, so it uses at most min(store size, page
// cache size); a load into a new database writes every page through the cache and reaches that
// bound, while after a wipe the files keep the size of the largest graph they held.
import { readFileSync } from 'node:fs';
import { folderBytes } from '../src/evaluation/folder-bytes.js';
import { cypher } from '../src/graph-store/cypher-files.js';
import type { GraphStore } from '../src/graph-store/neo4j-adapter.js';
import { megabytes } from './support.js';

export interface Neo4jMemoryUse {
  /** Heap in use as the JVM reports it (garbage not yet collected included): highest sample and at the end. */
  heapUsedPeakMb: number | null;
  heapUsedEndMb: number | null;
  heapMaxMb: number | null;
  /** The local server's whole process (heap, page cache and the rest); null for a server elsewhere. */
  processRssPeakMb: number | null;
  /** The user database's store files on disk after the run (local server only). */
  storeMb: number | null;
  pageCacheSizeMb: number | null;
  pageCacheUsedAtMostMb: number | null;
}

const UNITS: Record<string, number> = {
  '': 1,
  B: 1,
  K: 1024,
  KB: 1024,
  KIB: 1024,
  M: 1024 ** 2,
  MB: 1024 ** 2,
  MIB: 1024 ** 2,
  G: 1024 ** 3,
  GB: 1024 ** 3,
  GIB: 1024 ** 3,
  T: 1024 ** 4,
  TB: 1024 ** 4,
  TIB: 1024 ** 4,
};

/** Bytes of a Neo4j size setting as the server reports it ("4.00GiB", "512m", "1048576"); null when it is not one. */
export function parseNeo4jBytes(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? UNITS[(match[2] as string).toUpperCase()] : undefined;
  return match && unit !== undefined ? Math.round(Number(match[1]) * unit) : null;
}

/** The most of the page cache a store can fill: all of it that fits. */
export function pageCacheBound(storeBytes: number, pageCacheBytes: number): number {
  return Math.min(storeBytes, pageCacheBytes);
}

/** Resident memory of a process in bytes, from /proc; undefined off Linux or once it has gone. */
function residentBytes(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

const megabytesOrNull = (bytes: number | null | undefined) => (bytes === null || bytes === undefined ? null : megabytes(bytes));

/** The server's memory settings (read-server-memory.cypher, by name) and what it used. */
export interface Neo4jMemoryReport {
  settings: Record<string, string>;
  used: Neo4jMemoryUse;
}

/** Starts sampling; `local` names the local server's process and store folder (absent for a server elsewhere). */
export function sampleNeo4jMemory(store: GraphStore, local: { pid: number | undefined; storeFolder: string } | undefined, intervalMs = 1000): { stop(): Promise<Neo4jMemoryReport> } {
  let heapPeak: number | undefined;
  let rssPeak: number | undefined;
  let sampling: Promise<unknown> | undefined;
  /** One sample; returns the heap reading (undefined when the server did not answer). */
  const sample = async () => {
    const [heap] = await store.read<{ used: number; max: number }>(cypher('bench/read-server-heap')).catch(() => []);
    if (heap) heapPeak = Math.max(heapPeak ?? 0, heap.used);
    const rss = local?.pid === undefined ? undefined : residentBytes(local.pid);
    if (rss !== undefined) rssPeak = Math.max(rssPeak ?? 0, rss);
    return heap;
  };
  const timer = setInterval(() => {
    // One sample at a time: a busy server may answer slower than the interval.
    sampling ??= sample().finally(() => {
      sampling = undefined;
    });
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await sampling;
      const heap = await sample();
      const rows = await store.read<{ name: string; value: unknown }>(cypher('bench/read-server-memory')).catch(() => []);
      const settings = Object.fromEntries(rows.map((row) => [row.name, String(row.value)]));
      const pageCacheText = settings['server.memory.pagecache.size'];
      const pageCacheBytes = pageCacheText === undefined ? null : parseNeo4jBytes(pageCacheText);
      const storeBytes = local ? folderBytes(local.storeFolder) : null;
      return {
        settings,
        used: {
          heapUsedPeakMb: megabytesOrNull(heapPeak),
          heapUsedEndMb: megabytesOrNull(heap?.used),
          heapMaxMb: megabytesOrNull(heap?.max),
          processRssPeakMb: megabytesOrNull(rssPeak),
          storeMb: megabytesOrNull(storeBytes),
          pageCacheSizeMb: megabytesOrNull(pageCacheBytes),
          pageCacheUsedAtMostMb: storeBytes === null || pageCacheBytes === null ? null : megabytes(pageCacheBound(storeBytes, pageCacheBytes)),
        },
      };
    },
  };
}
