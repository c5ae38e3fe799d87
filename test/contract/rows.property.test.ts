// Property tests of the contract validators against hostile and broken rows: whatever a producer
// sends, validateRow answers (it never throws), accepts only what the contract allows and then
// keeps the data exactly (ids byte for byte), and rejects the rest with a reason naming the field.
// Expected outcomes come from small independent oracles written here, not from the validators.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalAddress, FILE_KINDS, MAX_ID_LENGTH, MAX_TEXT_LENGTH, validateRow, type FileKind } from '../../src/contract/rows.js';
import { INJECTION_STRINGS } from '../support/hostile-strings.js';

const RUNS = { numRuns: 400 };

// Characters producers get wrong: controls (C0, DEL, C1), lone surrogates, odd white space, quotes.
const awkwardCharacter = fc.oneof(
  fc.integer({ min: 0, max: 0x1f }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0x7f, max: 0x9f }).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.constantFrom(' ', '\u00a0', '\ufeff', '\u2028', '\t', '"', "'", '\\', '`', '{', '}', '$', '%', '\u0000'),
);
/** Any text: ordinary, full Unicode, awkward characters, injections, and lengths around the limits. */
const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.string({ unit: fc.oneof({ weight: 4, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) }, awkwardCharacter), maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...INJECTION_STRINGS) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(MAX_ID_LENGTH - 1, MAX_ID_LENGTH, MAX_ID_LENGTH + 1, 253, 254, MAX_TEXT_LENGTH, MAX_TEXT_LENGTH + 1, 100_000), fc.constantFrom('a', '🙂', 'é'))
      .map(([length, character]) => character.repeat(length)),
  },
  { weight: 1, arbitrary: fc.constant('') },
);

// Oracles, written from the contract text.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// In Unicode mode a paired surrogate is one code point, so only lone surrogates match \p{Cs}.
const wellFormed = (text: string) => !/\p{Cs}/u.test(text);
/** Limits count characters (code points), so an emoji counts once, not as two UTF-16 units. */
const characters = (text: string) => [...text].length;
const validIdentifier = (text: string) => text.length >= 1 && characters(text) <= MAX_ID_LENGTH && !CONTROL.test(text) && wellFormed(text) && text.trim() === text;

const EVENT = { event_id: 'e1', account_id: 'acct-1', ts: '2026-02-03T04:05:06Z', ip: '203.0.113.7' };
const BASE_ROWS: Record<FileKind, Record<string, unknown>> = {
  accounts: { account_id: 'acct-1', created_at: '2026-01-01T00:00:00Z' },
  payments: { account_id: 'acct-1', payment_fingerprint: 'pf-1' },
  events: EVENT,
  labels: { account_id: 'acct-1', campaign: null },
};

// Every string field of the contract: identifiers (required or optional) and free text with its limit.
const IDENTIFIER_FIELDS: Array<[FileKind, string, 'required' | 'optional']> = [
  ['accounts', 'account_id', 'required'],
  ['accounts', 'org_id', 'optional'],
  ['payments', 'account_id', 'required'],
  ['payments', 'payment_fingerprint', 'required'],
  ['events', 'event_id', 'optional'],
  ['events', 'account_id', 'required'],
  ['events', 'prompt_fingerprint', 'optional'],
  ['labels', 'account_id', 'required'],
  ['labels', 'campaign', 'optional'],
];
const TEXT_FIELDS: Array<[FileKind, string, number]> = [
  ['accounts', 'email_domain', 253],
  ['accounts', 'plan', 64],
  ['payments', 'kind', 64],
  ['events', 'user_agent', MAX_TEXT_LENGTH],
  ['events', 'model', 128],
  ['events', 'prompt', 1_000_000],
];

function expectAnswer(result: ReturnType<typeof validateRow>): void {
  if (result.ok) {
    expect(result.row).toBeTypeOf('object');
  } else {
    expect(result.reason).toMatch(/^(line is not a JSON object|[a-z_]+: \S.*)$/);
    expect(result.reason).not.toMatch(/undefined/);
  }
}

describe('validateRow on hostile input', () => {
  it('answers every value of every shape for every kind, never throwing', () => {
    const anyValue = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withTypedArray: true,
      withSparseArray: true,
      withObjectString: true,
    });
    fc.assert(
      fc.property(fc.constantFrom(...FILE_KINDS), anyValue, (kind, value) => {
        expectAnswer(validateRow(kind, value));
      }),
      RUNS,
    );
  });

  it('answers rows whose contract fields hold anything at all', () => {
    const fieldNames = [
      ...new Set(
        Object.values(BASE_ROWS)
          .flatMap(Object.keys)
          .concat(
            IDENTIFIER_FIELDS.map(([, field]) => field),
            TEXT_FIELDS.map(([, field]) => field),
            ['ip', 'ts', 'created_at', 'first_used_at', 'country', 'bin', 'input_tokens', 'output_tokens'],
          ),
      ),
    ];
    const fieldValue = fc.oneof(hostileString, fc.anything(), fc.double(), fc.integer(), fc.constant(null), fc.constant(undefined));
    fc.assert(
      fc.property(fc.constantFrom(...FILE_KINDS), fc.dictionary(fc.constantFrom(...fieldNames, '__proto__', 'constructor'), fieldValue), (kind, row) => {
        expectAnswer(validateRow(kind, row));
      }),
      RUNS,
    );
  });

  it.each(IDENTIFIER_FIELDS)('%s.%s: accepts exactly the contract identifiers and keeps them byte for byte', (kind, field, presence) => {
    fc.assert(
      fc.property(hostileString, (value) => {
        const result = validateRow(kind, { ...BASE_ROWS[kind], [field]: value });
        if (presence === 'optional' && value === '') {
          expect(result).toMatchObject({ ok: true, row: { [field]: null } });
        } else if (validIdentifier(value)) {
          expect(result.ok).toBe(true);
          const kept = (result as unknown as { row: Record<string, unknown> }).row[field] as string;
          expect(Buffer.from(kept, 'utf8').equals(Buffer.from(value, 'utf8'))).toBe(true);
          expect(kept).toBe(value);
        } else {
          expect(result).toMatchObject({ ok: false });
          expect((result as { reason: string }).reason.startsWith(`${field}: `)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it.each(TEXT_FIELDS)('%s.%s: accepts any well-formed text up to %i characters, unchanged', (kind, field, limit) => {
    fc.assert(
      fc.property(hostileString, (value) => {
        const result = validateRow(kind, { ...BASE_ROWS[kind], [field]: value });
        if (value === '') expect(result).toMatchObject({ ok: true, row: { [field]: null } });
        else if (characters(value) <= limit && wellFormed(value)) expect(result).toMatchObject({ ok: true, row: { [field]: value } });
        else expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(new RegExp(`^${field}: `)) });
      }),
      RUNS,
    );
  });

  it('keeps injection strings in every string field as plain data', () => {
    const injection = fc.constantFrom(...INJECTION_STRINGS.filter(validIdentifier));
    fc.assert(
      fc.property(injection, injection, injection, injection, injection, (accountId, eventId, userAgent, model, fingerprint) => {
        const row = { ...EVENT, account_id: accountId, event_id: eventId, user_agent: userAgent, model, prompt_fingerprint: fingerprint, prompt: accountId };
        expect(validateRow('events', row)).toMatchObject({
          ok: true,
          row: { account_id: accountId, event_id: eventId, user_agent: userAgent, model, prompt_fingerprint: fingerprint, prompt: accountId },
        });
        const account = { account_id: accountId, created_at: '2026-01-01T00:00:00Z', email_domain: userAgent, plan: model.slice(0, 64), org_id: eventId };
        expect(validateRow('accounts', account)).toMatchObject({ ok: true, row: { ...account, created_at: Date.UTC(2026, 0, 1) } });
        expect(validateRow('payments', { account_id: accountId, payment_fingerprint: fingerprint, kind: model.slice(0, 64) })).toMatchObject({
          ok: true,
          row: { account_id: accountId, payment_fingerprint: fingerprint },
        });
        expect(validateRow('labels', { account_id: accountId, campaign: eventId })).toEqual({ ok: true, row: { account_id: accountId, campaign: eventId } });
      }),
      { numRuns: 100 },
    );
  });
});

// IPv4 as four numbers, some out of range, some written with leading zeros.
const ipv4Parts = fc.tuple(
  fc.array(fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 255 }) }, { weight: 1, arbitrary: fc.integer({ min: 256, max: 99_999 }) }), { minLength: 4, maxLength: 4 }),
  fc.array(fc.oneof({ weight: 6, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 2 }) }), { minLength: 4, maxLength: 4 }),
);

/** RFC 5952 text of eight 16-bit groups: lower case, no leading zeros, longest zero run (2+) as ::. */
function rfc5952(groups: number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8;) {
    if (groups[start] !== 0) {
      start += 1;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end += 1;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

const ipv6Groups = fc.array(fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 0xffff }) }, { weight: 2, arbitrary: fc.constant(0) }), { minLength: 8, maxLength: 8 });

describe('addresses', () => {
  it('accepts dotted quads of 0-255 without leading zeros, and nothing else', () => {
    fc.assert(
      fc.property(ipv4Parts, ([octets, zeros]) => {
        const text = octets.map((octet, index) => '0'.repeat(zeros[index] ?? 0) + String(octet)).join('.');
        const valid = octets.every((octet) => octet <= 255) && zeros.every((count) => count === 0);
        expect(canonicalAddress(text)).toBe(valid ? text : undefined);
        // The same rule inside IPv6 (an IPv4-mapped address): no octal, no overflow.
        expect(canonicalAddress(`::ffff:${text}`)).toBe(valid ? text : undefined);
        const result = validateRow('events', { ...EVENT, ip: text });
        expect(result).toMatchObject(valid ? { ok: true, row: { ip: text } } : { ok: false, reason: 'ip: is not an IPv4 or IPv6 address' });
      }),
      RUNS,
    );
  });

  it('accepts IPv6 in any spelling and keeps one canonical (RFC 5952) text for it', () => {
    fc.assert(
      fc.property(ipv6Groups, fc.boolean(), fc.boolean(), (groups, upper, padded) => {
        const full = groups.map((group) => group.toString(16).padStart(padded ? 4 : 1, '0')).join(':');
        const mapped = groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
        const expected = mapped ? `${(groups[6] ?? 0) >> 8}.${(groups[6] ?? 0) & 255}.${(groups[7] ?? 0) >> 8}.${(groups[7] ?? 0) & 255}` : rfc5952(groups);
        expect(canonicalAddress(upper ? full.toUpperCase() : full)).toBe(expected);
        expect(canonicalAddress(rfc5952(groups))).toBe(expected);
        expect(validateRow('events', { ...EVENT, ip: ` ${full} ` })).toMatchObject({ ok: true, row: { ip: expected } });
      }),
      RUNS,
    );
  });

  it('rejects zone ids, brackets, ports, prefixes and malformed IPv6 with a reason', () => {
    const broken = fc.oneof(
      ipv6Groups.map((groups) => `${rfc5952(groups)}%eth0`),
      ipv6Groups.map((groups) => `${rfc5952(groups)}%25${groups[0]}`),
      ipv6Groups.map((groups) => `[${rfc5952(groups)}]`),
      ipv6Groups.map((groups) => `[${rfc5952(groups)}]:443`),
      ipv6Groups.map((groups) => `${rfc5952(groups)}/64`),
      ipv4Parts.map(([octets]) => `${octets.map((octet) => octet % 256).join('.')}/24`),
      ipv4Parts.map(([octets]) => `${octets.map((octet) => octet % 256).join('.')}:8080`),
      ipv6Groups.map((groups) => [...groups, 1].map((group) => group.toString(16)).join(':')),
      ipv6Groups.map((groups) =>
        groups
          .slice(0, 7)
          .map((group) => group.toString(16))
          .join(':'),
      ),
      ipv6Groups.map((groups) => `1::${groups[0]?.toString(16)}::2`),
      ipv6Groups.map((groups) => `${(groups[0] ?? 0) + 0x10000}::1`),
      ipv6Groups.map((groups) => `${groups[0]?.toString(16)}:::1`),
      fc.constantFrom('', ' ', 'localhost', '1.2.3', '1.2.3.4.5', '0x7f.0.0.1', '127.1', '2130706433', '::ffff:0x0a.0.0.1', 'g::1', '١.٢.٣.٤', '1.2.3.4\u0000', 'fe80::1%', ':::'),
    );
    fc.assert(
      fc.property(broken, (text) => {
        expect(canonicalAddress(text.trim())).toBeUndefined();
        expect(validateRow('events', { ...EVENT, ip: text })).toMatchObject({ ok: false, reason: expect.stringMatching(/^ip: is not an IPv4 or IPv6 address/) });
      }),
      RUNS,
    );
  });

  it('rejects an address of the wrong type with a reason', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 4 }), fc.constant(null), fc.constant(undefined)), (ip) => {
        const result = validateRow('events', { ...EVENT, ip });
        expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^ip: /) });
      }),
      RUNS,
    );
  });
});

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const shifted = month <= 2 ? year - 1 : year;
  const era = Math.floor(shifted / 400);
  const yearOfEra = shifted - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
const leap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysInMonth = (year: number, month: number) => [31, leap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;

const timestampParts = fc.record({
  year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(0, 1, 99, 100, 1900, 1969, 1970, 2000, 2024, 2100, 9999)),
  // Edges drawn often: Feb 29, month ends, midnight, hour 24, minute and second 60.
  month: fc.oneof(fc.integer({ min: 0, max: 13 }), fc.constant(2)),
  day: fc.oneof(fc.integer({ min: 0, max: 32 }), fc.constantFrom(28, 29, 30, 31)),
  hour: fc.oneof(fc.integer({ min: 0, max: 25 }), fc.constantFrom(0, 23, 24)),
  minute: fc.oneof(fc.integer({ min: 0, max: 61 }), fc.constantFrom(0, 59, 60)),
  second: fc.oneof(fc.integer({ min: 0, max: 61 }), fc.constantFrom(0, 59, 60)),
  fraction: fc.option(fc.oneof(fc.stringMatching(/^\d{1,9}$/), fc.constant('000')), { nil: undefined }),
  separator: fc.constantFrom('T', 't', ' '),
  zone: fc.oneof(fc.constantFrom('Z', 'z'), fc.record({ sign: fc.constantFrom('+', '-'), hours: fc.integer({ min: 0, max: 25 }), minutes: fc.integer({ min: 0, max: 61 }) })),
});
const two = (value: number) => String(value).padStart(2, '0');

describe('timestamps', () => {
  it('accepts exactly the real RFC 3339 times and converts them to the right instant', () => {
    fc.assert(
      fc.property(timestampParts, (parts) => {
        const { year, month, day, hour, minute, second, fraction, separator, zone } = parts;
        const zoneText = typeof zone === 'string' ? zone : `${zone.sign}${two(zone.hours)}:${two(zone.minutes)}`;
        const text = `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}${separator}${two(hour)}:${two(minute)}:${two(second)}${fraction === undefined ? '' : `.${fraction}`}${zoneText}`;
        const zoneValid = typeof zone === 'string' || (zone.hours <= 23 && zone.minutes <= 59);
        const valid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59 && zoneValid;
        const result = validateRow('accounts', { account_id: 'a', created_at: text });
        if (!valid) {
          expect(result).toEqual({ ok: false, reason: 'created_at: is not a real date and time' });
          return;
        }
        const offsetMinutes = typeof zone === 'string' ? 0 : (zone.sign === '-' ? -1 : 1) * (zone.hours * 60 + zone.minutes);
        const milliseconds = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000 + 1e-9);
        const expected = daysFromCivil(year, month, day) * 86_400_000 + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + milliseconds;
        expect(result).toMatchObject({ ok: true, row: { created_at: expected } });
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects times without a zone, in other formats, or of the wrong type, naming the field', () => {
    const notRfc3339 = fc.oneof(
      fc.constantFrom(
        '2026-02-03T04:05:06',
        '2026-02-03',
        '04:05:06Z',
        '2026-2-3T4:5:6Z',
        '20260203T040506Z',
        '2026-02-03T04:05Z',
        '2026-02-03T04:05:06.Z',
        '2026-02-03T04:05:06.1234567890Z',
        '2026-02-03T04:05:06+0100',
        '2026-02-03T04:05:06 Z',
        ' 2026-02-03T04:05:06Z',
        '2026-02-03T04:05:06Z ',
        '+02026-02-03T04:05:06Z',
        '-0001-02-03T04:05:06Z',
        'yesterday',
        'now',
        '1738555506',
        'Tue, 03 Feb 2026 04:05:06 GMT',
        '2026-02-03T04:05:06Z\u0000',
        '２０２６-02-03T04:05:06Z',
      ),
      hostileString.filter((text) => !/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}/.test(text)),
    );
    fc.assert(
      fc.property(notRfc3339, (text) => {
        const required = validateRow('events', { ...EVENT, ts: text });
        expect(required).toMatchObject({ ok: false, reason: expect.stringMatching(/^ts: /) });
        const optional = validateRow('payments', { account_id: 'a', payment_fingerprint: 'p', first_used_at: text });
        if (text === '') expect(optional).toMatchObject({ ok: true, row: { first_used_at: null } });
        else expect(optional).toMatchObject({ ok: false, reason: expect.stringMatching(/^first_used_at: /) });
      }),
      RUNS,
    );
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.date(), fc.array(fc.string(), { maxLength: 2 })), (value) => {
        expect(validateRow('events', { ...EVENT, ts: value })).toEqual({ ok: false, reason: 'ts: must be an RFC 3339 timestamp string' });
      }),
      RUNS,
    );
  });
});

describe('numbers and codes', () => {
  it('accepts token counts that are integers 0-100,000,000 (or digit strings) and rejects the rest', () => {
    const count = fc.oneof(
      fc.integer({ min: -5, max: 100_000_005 }),
      fc.double(),
      fc.constantFrom(Infinity, -Infinity, Number.NaN, -0, 2 ** 53 + 2),
      fc.stringMatching(/^\d{1,12}$/),
      fc.constantFrom('1e3', '12abc', ' 12', '-1', '0x10', '1.0', '١٢'),
    );
    fc.assert(
      fc.property(count, (value) => {
        const result = validateRow('events', { ...EVENT, input_tokens: value });
        const number = typeof value === 'string' ? (/^\d+$/.test(value) ? Number(value) : Number.NaN) : value;
        if (Number.isInteger(number) && number >= 0 && number <= 100_000_000) expect(result).toMatchObject({ ok: true, row: { input_tokens: number } });
        else expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^input_tokens: /) });
      }),
      RUNS,
    );
  });

  it('accepts two-letter country codes in any case (kept upper case) and rejects the rest', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^[A-Za-z]{2}$/), hostileString, fc.integer()), (value) => {
        const result = validateRow('accounts', { account_id: 'a', created_at: '2026-01-01T00:00:00Z', country: value });
        if (value === '') expect(result).toMatchObject({ ok: true, row: { country: null } });
        else if (typeof value === 'string' && /^[A-Za-z]{2}$/.test(value)) expect(result).toMatchObject({ ok: true, row: { country: value.toUpperCase() } });
        else expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^country: /) });
      }),
      RUNS,
    );
  });

  it('accepts BINs of 6-8 digits (text or number) and rejects the rest', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^\d{4,10}$/), fc.integer({ min: 0, max: 10 ** 10 }), hostileString), (value) => {
        const result = validateRow('payments', { account_id: 'a', payment_fingerprint: 'p', bin: value });
        const text = typeof value === 'number' ? String(value) : value;
        if (text === '') expect(result).toMatchObject({ ok: true, row: { bin: null } });
        else if (/^\d{6,8}$/.test(text)) expect(result).toMatchObject({ ok: true, row: { bin: text } });
        else expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^bin: /) });
      }),
      RUNS,
    );
  });
});
