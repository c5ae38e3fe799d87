import { afterEach, describe, expect, it, vi } from 'vitest';

const setFlagsFromString = vi.fn();
vi.mock('node:v8', () => ({ setFlagsFromString }));
const { limitHeapGrowth } = await import('../../src/shared/heap-growth.js');

describe('limitHeapGrowth', () => {
  afterEach(() => setFlagsFromString.mockClear());

  it("sets V8's growth factor for the run and restores its own choice after", () => {
    const release = limitHeapGrowth(20);
    expect(setFlagsFromString).toHaveBeenLastCalledWith('--heap-growing-percent=20');
    release();
    expect(setFlagsFromString).toHaveBeenLastCalledWith('--heap-growing-percent=0');
  });

  it('restores the default only when the last overlapping caller finishes', () => {
    const first = limitHeapGrowth(20);
    const second = limitHeapGrowth(20);
    first();
    first();
    expect(setFlagsFromString).toHaveBeenCalledTimes(2);
    second();
    expect(setFlagsFromString).toHaveBeenLastCalledWith('--heap-growing-percent=0');
  });

  it('leaves V8 alone at 0', () => {
    limitHeapGrowth(0)();
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });

  it.each([-1, 2.5, Number.NaN])('refuses a growth of %s', (percent) => {
    expect(() => limitHeapGrowth(percent)).toThrow(RangeError);
  });
});
