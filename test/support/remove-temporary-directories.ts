// Setup file of every test file (vitest.config.ts): its temporary directories go when it ends,
// and so do the data folders of the dedicated local Neo4j servers it stopped.
// Registered before the file's own hooks, so it runs after them (a local Neo4j is stopped first).
import { afterAll } from 'vitest';
import { removeTemporaryDirectories } from './batches.js';
import { removeStoppedDedicatedData } from './neo4j.js';

afterAll(async () => {
  removeTemporaryDirectories();
  await removeStoppedDedicatedData();
});
