// The result cache on its own: answers are kept per current run, the run id is read again only
// after the check interval, a new run or an invalidation drops everything, concurrent misses
// share one computation, and the byte budget evicts the least recently used entries.
import { describe, expect, it } from 'vitest';
import { createResultCache } from '../../src/api/result-cache.js';

function setup(options: { checkIntervalMs?: number; maxBytes?: number } = {}) {
  const state = { runId: 'run-1' as string | null, now: 0, probes: 0, computations: 0 };
  const cache = createResultCache(
    async () => {
      state.probes += 1;
      return state.runId;
    },
    { checkIntervalMs: options.checkIntervalMs ?? 1000, maxBytes: options.maxBytes ?? 1000, now: () => state.now },
  );
  const compute =
    (value: string, bytes = 10) =>
    async () => {
      state.computations += 1;
      return { value: `${value}@${state.runId}`, bytes };
    };
  return { state, cache, compute };
}

describe('the result cache', () => {
  it('computes once per run and reads the run id again only after the check interval', async () => {
    const { state, cache, compute } = setup();
    expect((await cache.get('list', compute('list'))).value).toBe('list@run-1');
    expect((await cache.get('list', compute('list'))).value).toBe('list@run-1');
    expect(state.computations).toBe(1);
    expect(state.probes).toBe(1);

    // A refresh elsewhere promotes run-2: not seen until the interval has passed.
    state.runId = 'run-2';
    state.now = 999;
    expect((await cache.get('list', compute('list'))).value).toBe('list@run-1');
    state.now = 1000;
    expect((await cache.get('list', compute('list'))).value).toBe('list@run-2');
    expect(state.probes).toBe(2);
    expect(state.computations).toBe(2);
    expect(cache.stats()).toMatchObject({ entries: 1, runId: 'run-2' });
  });

  it('drops every answer at once on invalidate (a refresh this process promoted)', async () => {
    const { state, cache, compute } = setup({ checkIntervalMs: 60_000 });
    await cache.get('list', compute('list'));
    state.runId = 'run-2';
    cache.invalidate();
    expect(cache.stats().entries).toBe(0);
    expect((await cache.get('list', compute('list'))).value).toBe('list@run-2');
  });

  it('keys answers by run even before the first refresh (no current run)', async () => {
    const { state, cache, compute } = setup({ checkIntervalMs: 0 });
    state.runId = null;
    expect((await cache.get('list', compute('list'))).value).toBe('list@null');
    state.runId = 'run-1';
    expect((await cache.get('list', compute('list'))).value).toBe('list@run-1');
  });

  it('shares one computation between concurrent misses of a key', async () => {
    const { state, cache, compute } = setup();
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.get('graph', compute('graph'))));
    expect(new Set(answers.map((answer) => answer.value))).toEqual(new Set(['graph@run-1']));
    expect(state.computations).toBe(1);
    expect(state.probes).toBe(1);
  });

  it('keeps nothing from a failed computation, so the next request tries again', async () => {
    const { state, cache, compute } = setup();
    await expect(cache.get('graph', () => Promise.reject(new Error('Neo4j went away')))).rejects.toThrow('Neo4j went away');
    expect((await cache.get('graph', compute('graph'))).value).toBe('graph@run-1');
    expect(state.computations).toBe(1);
  });

  it('does not keep an answer computed for a run that stopped being current meanwhile', async () => {
    const { cache } = setup();
    let release: () => void = () => undefined;
    const slow = cache.get('graph', () => new Promise<{ value: string; bytes: number }>((resolve) => (release = () => resolve({ value: 'old', bytes: 10 }))));
    // Let the run id be read and the computation start.
    await new Promise((resolve) => setImmediate(resolve));
    cache.invalidate();
    release();
    expect((await slow).value).toBe('old');
    expect(cache.stats().entries).toBe(0);
  });

  it('evicts the least recently used answers beyond its byte budget, and never keeps one larger than it', async () => {
    const { state, cache, compute } = setup({ maxBytes: 30 });
    await cache.get('a', compute('a'));
    await cache.get('b', compute('b'));
    await cache.get('c', compute('c'));
    await cache.get('a', compute('a'));
    await cache.get('d', compute('d'));
    expect(cache.stats()).toMatchObject({ entries: 3, bytes: 30 });
    state.computations = 0;
    await cache.get('a', compute('a'));
    await cache.get('b', compute('b'));
    expect(state.computations).toBe(1);
    await cache.get('huge', compute('huge', 31));
    await cache.get('huge', compute('huge', 31));
    expect(state.computations).toBe(3);
  });

  it('computes every time when its budget is zero', async () => {
    const { state, cache, compute } = setup({ maxBytes: 0 });
    await cache.get('a', compute('a'));
    await cache.get('a', compute('a'));
    expect(state.computations).toBe(2);
    expect(state.probes).toBe(0);
  });
});
