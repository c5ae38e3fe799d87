import { afterAll, describe, expect, it } from 'vitest';
import { PromptFingerprinter, sketchPromptsPacked, unpackSketches } from '../../src/ingest/prompt-fingerprint/index.js';
import { startSketchPool } from '../../src/ingest/sketch-pool.js';
import { PROMPT_TEMPLATES, renderPrompt } from '../../src/scenario/prompt-templates.js';
import { seededRandom } from '../../src/shared/random.js';

const random = seededRandom(7);
const prompts = PROMPT_TEMPLATES.slice(0, 40).flatMap((template) => Array.from({ length: 5 }, () => renderPrompt(template, random)));

describe('sketch pool', () => {
  const pool = startSketchPool(2);
  afterAll(() => pool.close());

  it('sketches in worker threads exactly as on the main thread', async () => {
    const [first, second] = await Promise.all([pool.sketch(prompts.slice(0, 100)), pool.sketch(prompts.slice(100))]);
    const together = new Uint32Array([...(first ?? []), ...(second ?? [])]);
    expect([...together]).toEqual([...sketchPromptsPacked(prompts)]);
  });

  it('gives prompts sketched elsewhere the same families as fingerprinting their text', async () => {
    const direct = new PromptFingerprinter();
    const split = new PromptFingerprinter();
    const packed = await pool.sketch(prompts);
    const fromText = prompts.map((prompt) => direct.fingerprint(prompt));
    const fromSketches = prompts.map((prompt, index) => split.fingerprintSketched(unpackSketches(packed, index), prompt));
    expect(fromSketches).toEqual(fromText);
  });
});
