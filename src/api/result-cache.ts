// In-process cache of answers derived from the current refresh result (campaign list, detail,
// graph). A refresh result never changes once promoted, so an answer stays valid for as long as
// its run is the current one: entries are keyed by the current run id, and the whole cache is
// dropped when another run becomes current. Knowing the current run costs one tiny read at most
// every `checkIntervalMs` (shared by all requests meanwhile); a refresh started by this process
// drops the cache at once through invalidate(). Concurrent misses of one key share one
// computation, and the cache holds at most `maxBytes`, least recently used out first.

export interface ResultCacheOptions {
  /** How long a known current run id is trusted before it is read again. */
  checkIntervalMs: number;
  /** Budget for the cached values (their stated sizes); 0 turns caching off. */
  maxBytes: number;
  /** Milliseconds; injectable so tests can move time. */
  now: () => number;
}

export const RESULT_CACHE_DEFAULTS: ResultCacheOptions = { checkIntervalMs: 1000, maxBytes: 64 * 1024 * 1024, now: () => Date.now() };

export interface Sized {
  /** Approximate memory the value holds, in bytes. */
  readonly bytes: number;
}

export interface ResultCache {
  /** The current run id (null before the first refresh), read again after the check interval. */
  currentRunId(): Promise<string | null>;
  /** The value for `key` in the current result, computing it on a miss. */
  get<T extends Sized>(key: string, compute: () => Promise<T>): Promise<T>;
  /** Forget the known run id and every entry (a refresh was promoted). */
  invalidate(): void;
  stats(): { entries: number; bytes: number; hits: number; misses: number; runId: string | null | undefined };
}

export function createResultCache(readCurrentRunId: () => Promise<string | null>, options: Partial<ResultCacheOptions> = {}): ResultCache {
  const settings = { ...RESULT_CACHE_DEFAULTS, ...options };
  // undefined: not known yet (or invalidated); null: no refresh has been promoted.
  let knownRunId: string | null | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let probe: Promise<string | null> | undefined;
  // Map iteration order is insertion order: re-inserting on a hit makes the first entry the least recently used.
  const entries = new Map<string, Sized>();
  const pending = new Map<string, Promise<Sized>>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  let generation = 0;

  const clear = () => {
    entries.clear();
    pending.clear();
    bytes = 0;
    generation += 1;
  };

  const remember = (runId: string | null) => {
    if (runId !== knownRunId) clear();
    knownRunId = runId;
    checkedAt = settings.now();
  };

  async function currentRunId(): Promise<string | null> {
    if (knownRunId !== undefined && settings.now() - checkedAt < settings.checkIntervalMs) return knownRunId;
    if (!probe) {
      const started = generation;
      probe = readCurrentRunId()
        .then((runId) => {
          // An invalidation while reading: the answer may predate the new run; read again next time.
          if (started === generation) remember(runId);
          return runId;
        })
        .finally(() => {
          probe = undefined;
        });
    }
    return probe;
  }

  function store(key: string, value: Sized): void {
    if (value.bytes > settings.maxBytes) return;
    entries.set(key, value);
    bytes += value.bytes;
    for (const [oldKey, oldValue] of entries) {
      if (bytes <= settings.maxBytes) break;
      entries.delete(oldKey);
      bytes -= oldValue.bytes;
    }
  }

  async function get<T extends Sized>(key: string, compute: () => Promise<T>): Promise<T> {
    if (settings.maxBytes <= 0) return compute();
    const runId = await currentRunId();
    const fullKey = `${runId ?? ''}\u0000${key}`;
    const cached = entries.get(fullKey);
    if (cached) {
      hits += 1;
      entries.delete(fullKey);
      entries.set(fullKey, cached);
      return cached as T;
    }
    const running = pending.get(fullKey);
    if (running) {
      hits += 1;
      return running as Promise<T>;
    }
    misses += 1;
    const started = generation;
    const computation = compute().then(
      (value) => {
        // Computed for a result that is no longer current: answer this request, keep nothing.
        if (started === generation) {
          pending.delete(fullKey);
          store(fullKey, value);
        }
        return value;
      },
      (error: unknown) => {
        if (started === generation) pending.delete(fullKey);
        throw error;
      },
    );
    pending.set(fullKey, computation);
    return computation;
  }

  return {
    currentRunId,
    get,
    invalidate() {
      knownRunId = undefined;
      clear();
    },
    stats: () => ({ entries: entries.size, bytes, hits, misses, runId: knownRunId }),
  };
}
