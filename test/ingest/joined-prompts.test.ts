import { describe, expect, it } from 'vitest';
import { joinPrompts, splitPrompts } from '../../src/ingest/joined-prompts.js';
import { inlineSketcher, startSketchPool } from '../../src/ingest/sketch-pool.js';
import { sketchPromptsPacked } from '../../src/ingest/prompt-fingerprint/index.js';

const prompts = ['Summarise this, please.', '', 'Ünïcödé and emoji 🙂 and ｆｕｌｌ width', 'x', 'Write a function `add(a, b)` in TypeScript.\nThen test it.'];

describe('joined prompts', () => {
  it('give back every prompt exactly, empty ones and surrogate pairs included', () => {
    const joined = joinPrompts(prompts);
    expect(joined.text).toBe(prompts.join(''));
    expect(splitPrompts(joined)).toEqual(prompts);
  });

  it('sketch as the prompts do, inline and in a worker', async () => {
    const expected = [...sketchPromptsPacked(prompts)];
    expect([...(await inlineSketcher().sketch(joinPrompts(prompts)))]).toEqual(expected);
    const pool = startSketchPool(1);
    try {
      expect([...(await pool.sketch(joinPrompts(prompts)))]).toEqual(expected);
      expect([...(await pool.sketch(prompts))]).toEqual(expected);
    } finally {
      await pool.close();
    }
  });
});
