import { describe, expect, it } from 'vitest';
import { median, percentileOfSorted } from '../../src/shared/statistics.js';

describe('median', () => {
  it.each([
    [[], 0],
    [[7], 7],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[5, 5, 1, 9], 5],
  ])('of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });

  it('leaves its input in the order given', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('percentileOfSorted', () => {
  const hundred = Array.from({ length: 100 }, (_value, index) => index + 1);
  it.each([
    [[], 0.95, 0],
    [[42], 0.5, 42],
    [[42], 0.99, 42],
    [hundred, 0.5, 50],
    [hundred, 0.95, 95],
    [hundred, 0.99, 99],
    [hundred, 1, 100],
    [hundred, 0, 1],
    [[1, 2, 3], 0.5, 2],
  ])('of %j at %d is %d (nearest rank)', (sorted, share, expected) => {
    expect(percentileOfSorted(sorted, share)).toBe(expected);
  });
});
