// validateRow checks plain events rows directly instead of interpreting the schema (the loader's
// largest own cost); the schema stays the contract. These tests hold the two to one answer: on
// hand-picked edge cases of every events field and on generated hostile rows, validateRow gives
// exactly what the schema alone gives (the same typed row, key order included, or the same reason).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateRow, validateRowBySchema } from '../../src/contract/rows.js';
import { INJECTION_STRINGS } from '../support/hostile-strings.js';

const PLAIN = {
  event_id: 'evt-1',
  account_id: 'acct_1',
  ts: '2026-02-03T04:05:06Z',
  ip: '203.0.113.7',
  user_agent: 'Mozilla/5.0',
  model: 'frontier-large',
  prompt: 'Summarise this for me',
  prompt_fingerprint: null,
  input_tokens: 12,
  output_tokens: '340',
};

const sameAnswer = (row: Record<string, unknown>) => {
  const direct = validateRow('events', row);
  const bySchema = validateRowBySchema('events', row);
  expect(direct).toEqual(bySchema);
  // Key order too: the typed row is serialised and digested downstream.
  expect(JSON.stringify(direct)).toBe(JSON.stringify(bySchema));
};

const EDGE_VALUES: Record<string, unknown[]> = {
  ts: [
    '2026-02-29T00:00:00Z',
    '2024-02-29T00:00:00Z',
    '2000-02-29T12:00:00Z',
    '1900-02-29T12:00:00Z',
    '0099-12-31T23:59:59Z',
    '0100-01-01T00:00:00Z',
    '0000-02-29T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '2026-01-01T24:00:00Z',
    '2026-01-01T23:60:00Z',
    '2026-01-01T23:59:60Z',
    '2026-13-01T00:00:00Z',
    '2026-00-10T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-04-00T00:00:00Z',
    '2026-01-01t00:00:00z',
    '2026-01-01 00:00:00Z',
    '2026-01-01T00:00:00.123Z',
    '2026-01-01T00:00:00+02:00',
    '2026-01-01T00:00:00',
    '2026-1-01T00:00:00Z',
    '２０２６-01-01T00:00:00Z',
    'x026-01-01T00:00:00Z',
    '',
    null,
    1_700_000_000_000,
    undefined,
  ],
  ip: [
    '0.0.0.0',
    '255.255.255.255',
    '256.1.1.1',
    '01.2.3.4',
    '1.2.3.04',
    '1.2.3',
    '1.2.3.4.5',
    '1..3.4',
    '.1.2.3',
    '1.2.3.',
    ' 1.2.3.4',
    '1.2.3.4 ',
    '1000.1.1.1',
    '::1',
    '::ffff:1.2.3.4',
    '2001:DB8::1',
    'fe80::1%eth0',
    '0x7f.0.0.1',
    '',
    null,
    16909060,
  ],
  account_id: ['a', 'a'.repeat(128), 'a'.repeat(129), '🙂'.repeat(128), ' a', 'a ', 'a b', 'a\u2000', '\ufeffa', 'a\u0085', 'a\u00a0', 'é', '\ud800', '', null, 7, undefined],
  event_id: ['e', 'e'.repeat(129), ' e', '', null, undefined, 3, 'e\u0000'],
  prompt_fingerprint: ['fp', '', null, 'f p', ' fp', 5],
  user_agent: ['', null, 'x'.repeat(1024), 'x'.repeat(1025), '🙂'.repeat(1000), 'bad \udc00', 42, undefined],
  model: ['m'.repeat(128), 'm'.repeat(129), null, '', ['m']],
  prompt: ['', null, 'p'.repeat(10_000), 'lone \ud83d surrogate', { text: 'p' }],
  input_tokens: [0, -0, 1, 100_000_000, 100_000_001, -1, 1.5, Number.NaN, '0', '007', '100000000', '100000001', '1e3', ' 1', '-1', '', null, true, '12345678901234567890'],
  output_tokens: [0, '340', 2 ** 53, '00000000012', null],
};

describe('validateRow on events gives what the schema gives', () => {
  it('for the plain row', () => {
    sameAnswer(PLAIN);
    expect(validateRow('events', PLAIN)).toMatchObject({ ok: true, row: { ts: Date.parse(PLAIN.ts), output_tokens: 340 } });
  });

  const cases = Object.entries(EDGE_VALUES).flatMap(([field, values]) => values.map((value) => ({ field, value })));
  it.each(cases)('with $field = $value', ({ field, value }) => {
    sameAnswer({ ...PLAIN, [field]: value });
  });

  it('with a field missing, extra fields, or no fields at all', () => {
    for (const field of Object.keys(PLAIN)) {
      const row: Record<string, unknown> = { ...PLAIN, extra: 'ignored' };
      delete row[field];
      sameAnswer(row);
    }
    sameAnswer({});
  });

  it('on generated hostile rows', () => {
    const anyValue = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom(...INJECTION_STRINGS),
      fc.constantFrom(...Object.values(EDGE_VALUES).flat()),
      fc.integer(),
      fc.double(),
      fc.constant(null),
      fc.constant(undefined),
      fc.boolean(),
    );
    const plausibleTimestamp = fc.date({ min: new Date(Date.UTC(-10, 0, 1)), max: new Date(Date.UTC(10_500, 0, 1)), noInvalidDate: true }).map((date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    const plausibleAddress = fc.tuple(fc.nat(300), fc.nat(300), fc.nat(300), fc.nat(300)).map((octets) => octets.join('.'));
    fc.assert(
      fc.property(
        fc.record({
          event_id: fc.oneof(anyValue, fc.string({ maxLength: 140 })),
          account_id: fc.oneof(anyValue, fc.string({ minLength: 1, maxLength: 140 })),
          ts: fc.oneof(plausibleTimestamp, anyValue),
          ip: fc.oneof(plausibleAddress, anyValue),
          user_agent: anyValue,
          model: anyValue,
          prompt: anyValue,
          prompt_fingerprint: anyValue,
          input_tokens: fc.oneof(fc.nat(), fc.nat().map(String), anyValue),
          output_tokens: fc.oneof(fc.nat(), anyValue),
        }),
        (row) => sameAnswer(row),
      ),
      { numRuns: 3000 },
    );
  });
});
