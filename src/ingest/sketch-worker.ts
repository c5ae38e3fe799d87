// Worker thread of the sketch pool: sketches batches of prompts (the costly, order-free part of
// fingerprinting) and sends back one packed array per batch. Holds no state between batches.
import { parentPort, workerData } from 'node:worker_threads';
import { sketchPromptsPacked, type PromptFingerprinterOptions } from './prompt-fingerprint/index.js';

export interface SketchRequest {
  id: number;
  texts: string[];
}

export interface SketchResponse {
  id: number;
  packed?: Uint32Array;
  error?: string;
}

const options = (workerData ?? {}) as Partial<PromptFingerprinterOptions>;
parentPort?.on('message', (request: SketchRequest) => {
  try {
    const packed = sketchPromptsPacked(request.texts, options);
    parentPort?.postMessage({ id: request.id, packed } satisfies SketchResponse, [packed.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies SketchResponse);
  }
});
