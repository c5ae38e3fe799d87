// Which files a batch has: the contract files of a batch folder in load order (accounts, then
// payments, events and labels; by name within a kind), each with its size and a digest of its
// bytes (chunk keys start with it, and the batch id is made of them), and the names in the
// folder that are no contract file. Labels and unknown names are listed in the summary, never loaded.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileKindOf, type FileKind } from '../contract/rows.js';
import { HydrascopeError, isErrorKind } from '../shared/errors.js';
import type { FileSummary } from './ingest-types.js';

const KIND_ORDER: Record<FileKind, number> = { accounts: 0, payments: 1, events: 2, labels: 3 };

async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  // Pieces of 1 MiB, as the loader reads: the default 64 KiB made a medium batch's events 23,000
  // reads and buffers (about a quarter of a second of system time).
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex').slice(0, 32);
}

export interface BatchFile {
  name: string;
  path: string;
  kind: FileKind;
  format: 'ndjson' | 'csv';
  gzip: boolean;
  bytes: number;
  digest: string;
}

/** A batch folder: its contract files in load order, the names that are none, and the batch's id. */
export interface Batch {
  directory: string;
  /** Made of the files' names and digests: the same files give the same id. */
  id: string;
  files: BatchFile[];
  unknown: string[];
}

export async function listBatchFiles(directory: string): Promise<{ files: BatchFile[]; unknown: string[] }> {
  let names: string[];
  try {
    // Symbolic links count (a batch is often assembled from links); stat() below checks the target.
    names = (await readdir(directory, { withFileTypes: true })).filter((entry) => entry.isFile() || entry.isSymbolicLink()).map((entry) => entry.name);
  } catch (error) {
    throw new HydrascopeError('bad-input', `cannot read batch folder ${directory}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const files: BatchFile[] = [];
  const unknown: string[] = [];
  for (const name of names.sort()) {
    const recognized = fileKindOf(name);
    if (!recognized) {
      if (!name.startsWith('_') && !name.startsWith('.') && !/quarantine|summary|scenario|confounders/.test(name)) unknown.push(name);
      continue;
    }
    const path = join(directory, name);
    try {
      const info = await stat(path);
      if (!info.isFile()) throw new HydrascopeError('bad-input', `cannot read ${path}: not a regular file`);
      files.push({ name, path, ...recognized, bytes: info.size, digest: await fileDigest(path) });
    } catch (error) {
      if (isErrorKind(error, 'bad-input')) throw error;
      throw new HydrascopeError('bad-input', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  files.sort((left, right) => KIND_ORDER[left.kind] - KIND_ORDER[right.kind] || left.name.localeCompare(right.name));
  return { files, unknown };
}

/** The batch in `directory`; a folder without a contract file is a bad batch. */
export async function readBatch(directory: string): Promise<Batch> {
  const { files, unknown } = await listBatchFiles(directory);
  if (files.length === 0) throw new HydrascopeError('bad-input', `no contract files (accounts, payments, events .ndjson/.ndjson.gz/.csv) in ${directory}`);
  const id = createHash('sha256')
    .update(files.map((file) => `${file.name}:${file.digest}`).join('\n'))
    .digest('hex')
    .slice(0, 24);
  return { directory, id, files, unknown };
}

/** The summary of a name in the folder that is not a contract file. */
export function unknownFileSummary(name: string): FileSummary {
  return { file: name, kind: 'unknown', read: 0, loaded: 0, rejected: 0, duplicates: 0, skipped: 'not a contract file name' };
}

/** The summary of a labels file: evaluation data, not loaded. */
export function labelsFileSummary(name: string): FileSummary {
  return { file: name, kind: 'labels', read: 0, loaded: 0, rejected: 0, duplicates: 0, skipped: 'labels are evaluation data (hydrascope eval --labels), not loaded' };
}
