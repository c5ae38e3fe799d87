import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EventRow } from '../../src/contract/rows.js';
import { aggregateEvents } from '../../src/ingest/event-aggregator.js';

const eventAt = (ts: number): EventRow => ({ event_id: null, account_id: 'a', ts, ip: '192.0.2.1', user_agent: null, model: null, prompt: null, prompt_fingerprint: null, input_tokens: null, output_tokens: null });

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
