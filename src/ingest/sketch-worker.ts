// Worker thread of the sketch pool: sketches batches of prompts (the costly, order-free part of
// fingerprinting) and sends back one packed array per batch. Holds no state between batches.
import { parentPort, workerData } from 'node:worker_threads';
import { sketchPromptsPacked, type PromptFingerprinterOptions } from './prompt-fingerprint/index.js';
import { splitPrompts } from './joined-prompts.js';

/** A batch of prompts as JoinedPrompts (joined-prompts.ts): one string and their lengths. */
export interface SketchRequest {
  id: number;
  text: string;
  lengths: Uint32Array;
}

export interface SketchResponse {
  id: number;
  packed?: Uint32Array;
  error?: string;
}

const options = (workerData ?? {}) as Partial<PromptFingerprinterOptions>;
parentPort?.on('message', (request: SketchRequest) => {
  try {
    const packed = sketchPromptsPacked(splitPrompts(request), options);
    parentPort?.postMessage({ id: request.id, packed } satisfies SketchResponse, [packed.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies SketchResponse);
  }
});
