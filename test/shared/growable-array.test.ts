import { describe, expect, it } from 'vitest';
import { GrowableArray } from '../../src/shared/growable-array.js';

describe('GrowableArray', () => {
  it('keeps every value pushed past its first length, in order', () => {
    const values = new GrowableArray((length) => new Int32Array(length), 2);
    for (let value = 0; value < 9; value += 1) values.push(value * 3);
    expect(values.length).toBe(9);
    expect(Array.from(values.trimmed())).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24]);
    expect(values.trimmed()).toBeInstanceOf(Int32Array);
  });

  it('trims to nothing when nothing was pushed', () => {
    expect(new GrowableArray((length) => new Float64Array(length)).trimmed().length).toBe(0);
  });
});
