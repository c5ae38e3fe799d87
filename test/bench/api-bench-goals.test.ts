// When the API benchmark calls a route's goal met: only with completed requests, no failures, and
// (when the route has a latency goal) a p95 under it.
import { describe, expect, it } from 'vitest';
import { goalMet } from '../../bench/support.js';

describe('the API benchmark goal', () => {
  it.each([
    ['fast and clean', { requests: 1000, errors: 0, non2xx: 0, p95Ms: 20 }, 50, true],
    ['too slow', { requests: 1000, errors: 0, non2xx: 0, p95Ms: 60 }, 50, false],
    ['no completed request (p95 reads 0)', { requests: 0, errors: 100, non2xx: 0, p95Ms: 0 }, 50, false],
    ['no request at all', { requests: 0, errors: 0, non2xx: 0, p95Ms: 0 }, null, false],
    ['a timeout among fast answers', { requests: 1000, errors: 1, non2xx: 0, p95Ms: 20 }, 50, false],
    ['an error status', { requests: 1000, errors: 0, non2xx: 3, p95Ms: 20 }, null, false],
    ['no latency goal, clean', { requests: 10, errors: 0, non2xx: 0, p95Ms: 900 }, null, true],
  ] as const)('%s', (_name, result, goal, met) => {
    expect(goalMet(result, goal)).toBe(met);
  });
});
