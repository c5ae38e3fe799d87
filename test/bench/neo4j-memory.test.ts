// The benchmarks' Neo4j memory figures: size settings read as Neo4j prints them, the most of the
// page cache a store can fill, and the sampler against the real
// test server (heap from JMX; a child process standing in for the local server's /proc entry).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { platform } from 'node:os';
import { describe, expect, it } from 'vitest';
import { pageCacheBound, parseNeo4jBytes, sampleNeo4jMemory } from '../../bench/neo4j-memory.js';
import { temporaryDirectory } from '../support/batches.js';
import { useTestStore } from '../support/test-store.js';

const MIB = 1024 ** 2;
const GIB = 1024 ** 3;

describe('parseNeo4jBytes', () => {
  it.each([
    ['4.00GiB', 4 * GIB],
    ['512.0MiB', 512 * MIB],
    ['512m', 512 * MIB],
    ['2g', 2 * GIB],
    ['1048576', 1_048_576],
    ['64KiB', 65_536],
    [' 1.5 GB ', 1.5 * GIB],
  ])('reads %j as %d bytes', (text, bytes) => {
    expect(parseNeo4jBytes(text)).toBe(bytes);
  });

  it.each(['', 'lots', '-1g', '2 parsecs', '1e9'])('reads %j as no size', (text) => {
    expect(parseNeo4jBytes(text)).toBeNull();
  });
});

describe('pageCacheBound', () => {
  it.each([
    [300 * MIB, 2 * GIB, 300 * MIB],
    [5 * GIB, 4 * GIB, 4 * GIB],
    [0, GIB, 0],
  ])('a %d-byte store in a %d-byte page cache fills at most %d bytes', (store, pageCache, used) => {
    expect(pageCacheBound(store, pageCache)).toBe(used);
  });
});

describe('sampleNeo4jMemory on the real server', () => {
  const store = useTestStore({ wipe: 'never' });

  it('reports the heap in use and its maximum, and no process or store figures for a server elsewhere', async () => {
    const memory = sampleNeo4jMemory(store, undefined, 50);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { used: use } = await memory.stop();
    expect(use.heapUsedPeakMb).toBeGreaterThan(0);
    expect(use.heapUsedEndMb).toBeGreaterThan(0);
    expect(use.heapMaxMb).toBeGreaterThanOrEqual(use.heapUsedPeakMb as number);
    expect(use.pageCacheSizeMb).toBeGreaterThan(0);
    expect(use).toMatchObject({ processRssPeakMb: null, storeMb: null, pageCacheUsedAtMostMb: null });
  });

  it.runIf(platform() === 'linux')('samples a local process and measures its store folder', async () => {
    // A child holding 64 MB stands in for the server's process; a folder with a 3 MB file for its store.
    const child = spawn(process.execPath, ['-e', "globalThis.kept = Buffer.alloc(64 * 1024 * 1024, 1); process.stdout.write('ready\\n'); setTimeout(() => {}, 60000);"], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      await new Promise((resolve) => child.stdout.once('data', resolve));
      const storeFolder = temporaryDirectory();
      writeFileSync(join(storeFolder, 'neostore.nodestore.db'), Buffer.alloc(3 * MIB));
      const memory = sampleNeo4jMemory(store, { pid: child.pid, storeFolder }, 50);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const { used: use } = await memory.stop();
      expect(use.processRssPeakMb).toBeGreaterThanOrEqual(64);
      expect(use.storeMb).toBe(3);
      expect(use.pageCacheUsedAtMostMb).toBe(3);
    } finally {
      child.kill();
    }
  });
});
