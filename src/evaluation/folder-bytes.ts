// How much disk a folder takes: a measurement of Neo4j's store files (benchmarks, tests).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Bytes of every file under a folder. */
export function folderBytes(folder: string): number {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((total, entry) => total + statSync(join(entry.parentPath, entry.name)).size, 0);
}
