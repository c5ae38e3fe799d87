// The set-up and tear-down every integration test file needs: a store on the run's real Neo4j,
// opened with the schema applied before the file's (or describe block's) tests and closed after
// them, wiped so no file sees another's data.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { wipeDatabase } from '../../src/graph-store/schema.js';
import { openTestStore } from './neo4j.js';

export interface TestStoreOptions {
  /**
   * When to empty the database: `all` before the first test and after the last (default), `each`
   * also before every test, `never` for files that only read (the Cypher plan checks).
   */
  wipe?: 'all' | 'each' | 'never';
}

/**
 * Registers the hooks and returns the store, usable in the tests and in hooks registered after
 * this call (they run after its set-up and before its tear-down). The returned object is filled
 * in by the set-up, so spreading it (`{ ...store, read }`) in a test works as on any store.
 */
export function useTestStore(options: TestStoreOptions = {}): GraphStore {
  const wipe = options.wipe ?? 'all';
  const store = {} as GraphStore;
  let opened: GraphStore | undefined;
  beforeAll(async () => {
    opened = await openTestStore({ wipe: wipe !== 'never' });
    Object.assign(store, opened);
  });
  if (wipe === 'each') beforeEach(async () => wipeDatabase(store));
  afterAll(async () => {
    if (!opened) return;
    try {
      if (wipe !== 'never') await wipeDatabase(opened);
    } finally {
      await opened.close();
    }
  });
  return store;
}
