// Worker threads that sketch prompts while the main thread parses the next chunk and writes to
// Neo4j, so fingerprinting, the largest share of an ingest's own CPU time, runs on another core.
// Only sketching moves: family assignment depends on every prompt before it and stays on the
// main thread, in file order, so the fingerprints are exactly those of a single-threaded load.
import { Worker } from 'node:worker_threads';
import { compiledModuleUrl } from '../shared/project-paths.js';
import { sketchPromptsPacked, type PromptFingerprinterOptions } from './prompt-fingerprint/index.js';
import type { SketchRequest, SketchResponse } from './sketch-worker.js';
import { joinPrompts, splitPrompts, type JoinedPrompts } from './joined-prompts.js';

export type { JoinedPrompts } from './joined-prompts.js';

export interface PromptSketcherLike {
  /** Packed sketches of the prompts (see sketchPromptsPacked), in the same order. */
  sketch(prompts: readonly string[] | JoinedPrompts): Promise<Uint32Array>;
  close(): Promise<void>;
}

const promptsOf = (prompts: readonly string[] | JoinedPrompts): readonly string[] => ('lengths' in prompts ? splitPrompts(prompts) : prompts);

/** Sketches on the calling thread: for small batches and for machines with one core. */
export function inlineSketcher(options: Partial<PromptFingerprinterOptions> = {}): PromptSketcherLike {
  return { sketch: async (prompts) => sketchPromptsPacked(promptsOf(prompts), options), close: async () => undefined };
}

/** A pool of `size` sketch workers, used in turn. A worker that fails fails its batch, with its message. */
export function startSketchPool(size: number, options: Partial<PromptFingerprinterOptions> = {}): PromptSketcherLike {
  if (size < 1) return inlineSketcher(options);
  const pending = new Map<number, { resolve: (packed: Uint32Array) => void; reject: (error: Error) => void }>();
  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(compiledModuleUrl(import.meta.url, './sketch-worker.js'), { workerData: options });
    worker.on('message', (response: SketchResponse) => {
      const waiting = pending.get(response.id);
      if (!waiting) return;
      pending.delete(response.id);
      if (response.packed) waiting.resolve(response.packed);
      else waiting.reject(new Error(`prompt sketch worker failed: ${response.error ?? 'no result'}`));
    });
    worker.on('error', (error) => {
      for (const waiting of pending.values()) waiting.reject(new Error(`prompt sketch worker failed: ${error.message}`));
      pending.clear();
    });
    // The pool must not keep a finished command alive.
    worker.unref();
    return worker;
  });
  let nextId = 0;
  return {
    sketch(prompts) {
      const id = nextId;
      nextId += 1;
      const worker = workers[id % workers.length] as Worker;
      const { text, lengths } = 'lengths' in prompts ? prompts : joinPrompts(prompts);
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, text, lengths } satisfies SketchRequest);
      });
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
