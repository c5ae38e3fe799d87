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

  it('reads each value back by its place, across chunk boundaries', () => {
    const values = new GrowableArray((length) => new Float64Array(length), 4);
    for (let value = 0; value < 10; value += 1) values.push(value / 2);
    expect(Array.from({ length: 10 }, (_, index) => values.at(index))).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5]);
    expect(Array.from(values.trimmed())).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5]);
  });

  it('holds nothing once released, and grows again from there', () => {
    const values = new GrowableArray((length) => new Int32Array(length), 2);
    for (let value = 0; value < 5; value += 1) values.push(value);
    values.release();
    expect(values.length).toBe(0);
    values.push(7);
    expect(Array.from(values.trimmed())).toEqual([7]);
  });

  it('refuses a chunk length that is not a power of two', () => {
    expect(() => new GrowableArray((length) => new Int32Array(length), 3)).toThrow(/power of two/);
  });

  it('trims to nothing when nothing was pushed', () => {
    expect(new GrowableArray((length) => new Float64Array(length)).trimmed().length).toBe(0);
  });
});
