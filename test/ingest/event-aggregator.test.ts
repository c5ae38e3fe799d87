import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventRow } from '../../src/contract/rows.js';
import { ACTIVITY_NUMBERS_PER_ROW, activityColumns, aggregateEvents, USAGE_NUMBERS_PER_ROW, usageColumns } from '../../src/ingest/event-aggregator.js';

const eventAt = (ts: number): EventRow => ({
  event_id: null,
  account_id: 'a',
  ts,
  ip: '192.0.2.1',
  user_agent: null,
  model: null,
  prompt: null,
  prompt_fingerprint: null,
  input_tokens: null,
  output_tokens: null,
});

describe('aggregateEvents', () => {
  it('puts an event before 1970 into its UTC hour of day', () => {
    // 1969-12-31T23:30:00Z
    const [account] = aggregateEvents([{ event: eventAt(-1_800_000), fingerprint: undefined }]).accounts;
    expect(account?.hours[23]).toBe(1);
    expect(account?.hours.reduce((sum, count) => sum + count, 0)).toBe(1);
  });

  it('counts every event in the 24-hour histogram, for any time the contract accepts (years 0000-9999)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), { minLength: 1, maxLength: 20 }), (times) => {
        const [account] = aggregateEvents(times.map((ts) => ({ event: eventAt(ts), fingerprint: undefined }))).accounts;
        expect(account?.hours).toHaveLength(24);
        expect(account?.hours.reduce((sum, count) => sum + count, 0)).toBe(times.length);
        for (const ts of times) expect(account?.hours[new Date(ts).getUTCHours()]).toBeGreaterThan(0);
      }),
    );
  });
});

describe('usageColumns', () => {
  it('lays usage rows out as columns, five numbers per row in the order the usage statements read them', () => {
    const usage = [
      { account_id: 'a', key: '192.0.2.1', events: 2, input_tokens: 30, output_tokens: 400, first: 1_000, last: 5_000 },
      { account_id: 'b', key: 'fp-1', events: 1, input_tokens: 0, output_tokens: 7, first: -60_000, last: -60_000 },
    ];
    expect(usageColumns(usage)).toEqual({ accountIds: ['a', 'b'], keys: ['192.0.2.1', 'fp-1'], numbers: [2, 30, 400, 1_000, 5_000, 1, 0, 7, -60_000, -60_000] });
    expect(USAGE_NUMBERS_PER_ROW).toBe(5);
  });

  it('gives empty columns for no rows', () => {
    expect(usageColumns([])).toEqual({ accountIds: [], keys: [], numbers: [] });
  });
});

describe('activityColumns', () => {
  it('lays account activity out as columns: six numbers, 24 hours and the days (with offsets) per row', () => {
    const hoursOf = (hour: number, count: number) => Array.from({ length: 24 }, (_, index) => (index === hour ? count : 0));
    const accounts = [
      { account_id: 'a', events: 3, input_tokens: 10, output_tokens: 20, first: 1_000, last: 9_000, hours: hoursOf(5, 3), days: [20_480, 20_481], extraction_events: 2 },
      { account_id: 'b', events: 1, input_tokens: 0, output_tokens: 0, first: 50, last: 50, hours: hoursOf(0, 1), days: [20_000], extraction_events: 0 },
    ];
    const columns = activityColumns(accounts);
    expect(columns.accountIds).toEqual(['a', 'b']);
    expect(columns.numbers).toEqual([3, 10, 20, 2, 1_000, 9_000, 1, 0, 0, 0, 50, 50]);
    expect(columns.numbers).toHaveLength(accounts.length * ACTIVITY_NUMBERS_PER_ROW);
    expect(columns.hours).toEqual([...hoursOf(5, 3), ...hoursOf(0, 1)]);
    expect(columns.days).toEqual([20_480, 20_481, 20_000]);
    expect(columns.dayOffsets).toEqual([0, 2, 3]);
  });
});
