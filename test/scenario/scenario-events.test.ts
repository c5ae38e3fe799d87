// Generated event ids belong to their scenario: another seed, scale or window gives ids no other
// scenario uses (a second generated batch used to load as nothing but duplicates), and the same
// scenario generated again gives the same ids, so reloading it stays idempotent.
import { describe, expect, it } from 'vitest';
import { createScenario } from '../../src/scenario/generate-scenario.js';
import type { ScenarioOptions } from '../../src/scenario/scenario-plan.js';

type Options = Pick<ScenarioOptions, 'scale' | 'seed'> & Partial<ScenarioOptions>;

/** The event ids of a scenario, the first `limit` of them (the generator is lazy: larger scales are cut short). */
function eventIds(options: Options, limit = Infinity): string[] {
  const ids: string[] = [];
  for (const event of createScenario(options).eventRows()) {
    if (ids.length >= limit) break;
    ids.push(event.event_id);
  }
  return ids;
}

const shared = (left: readonly string[], right: readonly string[]) => {
  const other = new Set(right);
  return left.filter((id) => other.has(id));
};

describe('generated event ids', () => {
  const seven = eventIds({ scale: 'tiny', seed: 7 });

  it('are unique within a scenario and name it: evt_<scale>-s<seed>-<number>', () => {
    expect(new Set(seven).size).toBe(seven.length);
    expect(seven[0]).toBe('evt_tiny-s7-0000001');
    expect(seven.every((id) => /^evt_tiny-s7-[0-9a-z]{7}$/.test(id))).toBe(true);
  });

  it('are the same when the same scenario is generated again', () => {
    expect(eventIds({ scale: 'tiny', seed: 7 })).toEqual(seven);
  });

  it('never repeat across seeds', () => {
    const eight = eventIds({ scale: 'tiny', seed: 8 });
    expect(eight.length).toBeGreaterThan(0);
    expect(shared(eight, seven)).toEqual([]);
  });

  it('never repeat across scales with the same seed', () => {
    const small = eventIds({ scale: 'small', seed: 7 }, seven.length);
    expect(small.length).toBe(seven.length);
    expect(shared(small, seven)).toEqual([]);
  });

  it('never repeat across windows with the same scale and seed, and keep a window their own', () => {
    const later = eventIds({ scale: 'tiny', seed: 7, windowStart: '2026-03-02T00:00:00Z' });
    const shorter = eventIds({ scale: 'tiny', seed: 7, windowDays: 20 }, 5_000);
    expect(shared(later, seven)).toEqual([]);
    expect(shared(shorter, seven)).toEqual([]);
    expect(shared(shorter, later)).toEqual([]);
    expect(eventIds({ scale: 'tiny', seed: 7, windowStart: '2026-03-02T00:00:00.000Z' }, 5_000)).toEqual(later.slice(0, 5_000));
    // The default window written out is the default window: the ids do not change.
    expect(eventIds({ scale: 'tiny', seed: 7, windowStart: '2026-01-05T00:00:00Z', windowDays: 30 }, 5_000)).toEqual(seven.slice(0, 5_000));
  });
});
