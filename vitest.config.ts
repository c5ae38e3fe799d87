// Test runner settings: one real Neo4j for the whole run (see test/support/global-neo4j.ts);
// files run one after another because Community Edition has a single user database.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-neo4j.ts'],
    setupFiles: ['test/support/remove-temporary-directories.ts'],
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 240_000,
    reporters: ['default'],
  },
});
