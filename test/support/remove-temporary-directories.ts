// Setup file of every test file (vitest.config.ts): its temporary directories go when it ends.
// Registered before the file's own hooks, so it runs after them (a local Neo4j is stopped first).
import { afterAll } from 'vitest';
import { removeTemporaryDirectories } from './batches.js';

afterAll(() => {
  removeTemporaryDirectories();
});
