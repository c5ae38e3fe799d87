import { describe, expect, it } from 'vitest';
import { canonicalAddress, fileKindOf, networkOf, validateRow } from '../../src/contract/rows.js';

const event = { event_id: 'e1', account_id: 'acct-1', ts: '2026-02-03T04:05:06Z', ip: '203.0.113.7' };

describe('validateRow', () => {
  it.each([
    ['accepts a complete event', 'events', event, null],
    ['accepts an event with an offset timestamp', 'events', { ...event, ts: '2026-02-03T04:05:06.123+02:00' }, null],
    ['accepts IPv6', 'events', { ...event, ip: '2001:db8::1' }, null],
    ['accepts a hostile-looking id as plain data', 'events', { ...event, account_id: "x'}) DETACH DELETE n //" }, null],
    ['accepts digit strings as token counts (CSV)', 'events', { ...event, input_tokens: '12', output_tokens: '' }, null],
    ['rejects an IP that is not an address', 'events', { ...event, ip: '999.1.1.1' }, 'ip: is not an IPv4 or IPv6 address'],
    ['rejects a legacy short-form IPv4', 'events', { ...event, ip: '10.1' }, 'ip: is not an IPv4 or IPv6 address'],
    ['rejects a missing account id', 'events', { ...event, account_id: undefined }, 'account_id: is required'],
    ['rejects an empty account id', 'events', { ...event, account_id: '' }, 'account_id: must not be empty'],
    ['rejects an id longer than 128 characters', 'events', { ...event, account_id: 'a'.repeat(129) }, 'account_id: must be at most 128 characters'],
    ['rejects control characters in an id', 'events', { ...event, account_id: 'a\u0000b' }, 'account_id: must not contain control characters'],
    ['rejects a timestamp without a zone', 'events', { ...event, ts: '2026-02-03T04:05:06' }, 'ts: must be an RFC 3339 timestamp such as 2026-02-03T04:05:06Z'],
    ['rejects an impossible date', 'events', { ...event, ts: '2026-02-30T04:05:06Z' }, 'ts: is not a real date and time'],
    ['rejects hour 24 (RFC 3339 hours stop at 23)', 'events', { ...event, ts: '2026-02-03T24:00:00Z' }, 'ts: is not a real date and time'],
    ['accepts Feb 29 of year 0000 (a leap year)', 'events', { ...event, ts: '0000-02-29T00:00:00Z' }, null],
    ['rejects an IPv6 zone id', 'events', { ...event, ip: 'fe80::1%eth0' }, 'ip: is not an IPv4 or IPv6 address (zone ids such as %eth0 are not client addresses)'],
    ['rejects leading zeros in an IPv4-mapped address', 'events', { ...event, ip: '::ffff:010.0.0.1' }, 'ip: is not an IPv4 or IPv6 address'],
    ['rejects a hexadecimal IPv4-mapped address', 'events', { ...event, ip: '::ffff:0x0a.0.0.1' }, 'ip: is not an IPv4 or IPv6 address'],
    ['rejects a negative token count', 'events', { ...event, output_tokens: -1 }, 'output_tokens: must not be negative'],
    ['rejects a fractional token count', 'events', { ...event, input_tokens: 1.5 }, 'input_tokens: must be an integer'],
    ['rejects a number where an id belongs', 'events', { ...event, account_id: 42 }, 'account_id: must be a string'],
    ['accepts an account', 'accounts', { account_id: 'a', created_at: '2026-01-01T00:00:00Z', country: 'us' }, null],
    ['rejects a country that is not alpha-2', 'accounts', { account_id: 'a', created_at: '2026-01-01T00:00:00Z', country: 'USA' }, 'country: must be an ISO 3166-1 alpha-2 code such as US'],
    ['rejects an account without sign-up time', 'accounts', { account_id: 'a' }, 'created_at: is required'],
    ['accepts a payment link', 'payments', { account_id: 'a', payment_fingerprint: 'pf-1', kind: 'prepaid', bin: '123456' }, null],
    ['rejects a BIN that is not 6-8 digits', 'payments', { account_id: 'a', payment_fingerprint: 'pf-1', bin: '12ab' }, 'bin: must be 6 to 8 digits'],
    ['accepts a benign label', 'labels', { account_id: 'a', campaign: null }, null],
    ['rejects a label without campaign field', 'labels', { account_id: 'a' }, 'campaign: is required (null for a benign account)'],
    ['accepts a campaign named "missing"', 'labels', { account_id: 'a', campaign: 'missing' }, null],
    ['rejects an array instead of an object', 'events', [1, 2], 'line is not a JSON object'],
  ] as const)('%s', (_name, kind, row, reason) => {
    const result = validateRow(kind, row);
    if (reason === null) expect(result).toMatchObject({ ok: true });
    else expect(result).toEqual({ ok: false, reason });
  });

  it('normalizes timestamps to epoch milliseconds and countries to upper case', () => {
    const result = validateRow('accounts', { account_id: 'a', created_at: '2026-01-01T01:00:00+01:00', country: 'de' });
    expect(result).toEqual({ ok: true, row: { account_id: 'a', created_at: Date.UTC(2026, 0, 1), email_domain: null, country: 'DE', plan: null, org_id: null } });
  });
});

describe('addresses', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7', '203.0.113.0/24'],
    ['::ffff:203.0.113.7', '203.0.113.7', '203.0.113.0/24'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1', '2001:db8:0::/48'],
  ])('canonicalizes %s and finds its network', (input, canonical, network) => {
    expect(canonicalAddress(input)).toBe(canonical);
    expect(networkOf(canonical)).toBe(network);
  });
});

describe('fileKindOf', () => {
  it.each([
    ['events.ndjson', { kind: 'events', format: 'ndjson', gzip: false }],
    ['accounts.ndjson.gz', { kind: 'accounts', format: 'ndjson', gzip: true }],
    ['payments.csv', { kind: 'payments', format: 'csv', gzip: false }],
    ['notes.txt', undefined],
  ])('recognizes %s', (name, expected) => {
    expect(fileKindOf(name)).toEqual(expected);
  });
});
