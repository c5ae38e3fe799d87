// The read bulkhead on its own, over a stand-in store whose reads finish when the test says:
// never more reads at once than allowed, admitted in arrival order, a read that waited too long
// refused as unavailable (503) without losing its slot, and writes never held back.
import { describe, expect, it } from 'vitest';
import { limitReadConcurrency } from '../../src/graph-store/concurrency-limit.js';
import { isStoreUnavailable } from '../../src/graph-store/errors.js';
import type { GraphStore } from '../../src/graph-store/neo4j-adapter.js';

function standInStore() {
  const running: Array<{ name: string; finish: () => void }> = [];
  const started: string[] = [];
  const pending = (name: string) =>
    new Promise<Array<{ name: string }>>((resolve) => {
      started.push(name);
      const entry = {
        name,
        finish: () => {
          running.splice(running.indexOf(entry), 1);
          resolve([{ name }]);
        },
      };
      running.push(entry);
    });
  const store = {
    description: 'stand-in',
    read: (statement: { name: string }) => pending(statement.name),
    write: (statement: { name: string }) => pending(statement.name),
  } as unknown as GraphStore;
  return { store, running, started };
}

const statement = (name: string) => ({ name, text: 'RETURN 1' });
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('limitReadConcurrency', () => {
  it('runs at most the allowed reads at once and admits the rest in arrival order', async () => {
    const { store, running, started } = standInStore();
    const limited = limitReadConcurrency(store, { maxConcurrent: 2, maxWaitMs: 60_000 });
    const reads = ['a', 'b', 'c', 'd', 'e'].map((name) => limited.read(statement(name)));
    await settle();
    expect(started).toEqual(['a', 'b']);
    running[1]?.finish();
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    while (running.length > 0) {
      expect(running.length).toBeLessThanOrEqual(2);
      running[0]?.finish();
      await settle();
    }
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect((await Promise.all(reads)).map((rows) => rows[0]?.['name'])).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('refuses a read that waited too long as unavailable, and the queue moves on', async () => {
    const { store, running, started } = standInStore();
    const limited = limitReadConcurrency(store, { maxConcurrent: 1, maxWaitMs: 20 });
    const first = limited.read(statement('first'));
    const error = await limited.read(statement('late')).catch((caught: unknown) => caught);
    expect(isStoreUnavailable(error)).toBe(true);
    expect(String(error)).toMatch(/too busy \(late\)/);
    running[0]?.finish();
    await first;
    const next = limited.read(statement('next'));
    await settle();
    running[0]?.finish();
    await next;
    expect(started).toEqual(['first', 'next']);
  });

  it('does not hold back writes', async () => {
    const { store, started } = standInStore();
    const limited = limitReadConcurrency(store, { maxConcurrent: 1, maxWaitMs: 60_000 });
    void limited.read(statement('read'));
    void limited.read(statement('queued read'));
    void limited.write(statement('write'));
    await settle();
    expect(started.sort()).toEqual(['read', 'write']);
  });
});
