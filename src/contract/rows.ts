// The input contract (shared/contract/input-format.md, v1) as types and validators: one schema
// per file kind. A row either becomes a normalized, typed row or is rejected with a reason that
// names the field. Extra fields are ignored; `null` or a missing field means unknown.
import ipaddr from 'ipaddr.js';
import { z } from 'zod';

export const FILE_KINDS = ['accounts', 'payments', 'events', 'labels'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export interface AccountRow {
  account_id: string;
  created_at: number;
  email_domain: string | null;
  country: string | null;
  plan: string | null;
  org_id: string | null;
}

export interface PaymentRow {
  account_id: string;
  payment_fingerprint: string;
  kind: string | null;
  bin: string | null;
  country: string | null;
  first_used_at: number | null;
}

export interface EventRow {
  event_id: string | null;
  account_id: string;
  ts: number;
  ip: string;
  user_agent: string | null;
  model: string | null;
  prompt: string | null;
  prompt_fingerprint: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
}

export interface LabelRow {
  account_id: string;
  campaign: string | null;
}

export interface RowsByKind {
  accounts: AccountRow;
  payments: PaymentRow;
  events: EventRow;
  labels: LabelRow;
}

export const MAX_ID_LENGTH = 128;
/** Free text fields (user agent, model, e-mail domain...) longer than this are rejected, not truncated. */
export const MAX_TEXT_LENGTH = 1024;
/** Prompts are fingerprinted, never stored; this bound only protects memory. */
export const MAX_PROMPT_LENGTH = 1_000_000;
const MAX_TOKENS = 100_000_000;

// Control characters (C0, DEL, C1) have no business in an identifier; any other character
// (quotes, braces, Cypher keywords) is plain data, since every query takes parameters.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
// Lone UTF-16 surrogates come from invalid UTF-8 repaired badly; reject rather than store garbage.
// isWellFormed is native and linear, unlike a look-around regex over a long prompt.
const wellFormed = (value: string) => value.isWellFormed();

const absent = (value: unknown) => value === null || value === undefined || value === '';

const identifier = z
  .string({ error: 'must be a string' })
  .min(1, 'must not be empty')
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
  .refine((value) => !CONTROL_CHARACTERS.test(value), 'must not contain control characters')
  .refine(wellFormed, 'must be valid Unicode')
  .refine((value) => value.trim() === value, 'must not start or end with white space');

const text = (max = MAX_TEXT_LENGTH) =>
  z.preprocess((value) => (absent(value) ? null : value), z.string({ error: 'must be a string' }).max(max, `must be at most ${max} characters`).refine(wellFormed, 'must be valid Unicode').nullable());

const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

const timestamp = z
  .string({ error: 'must be an RFC 3339 timestamp string' })
  .refine((value) => RFC_3339.test(value), 'must be an RFC 3339 timestamp such as 2026-02-03T04:05:06Z')
  .transform((value, context) => {
    const [, year, month, day, hour] = (RFC_3339.exec(value) ?? []).map(Number);
    const millis = Date.parse(value.replace(' ', 'T').replace(/z$/, 'Z').replace('t', 'T'));
    // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
    const calendar = new Date(0);
    calendar.setUTCFullYear(year ?? 0, (month ?? 1) - 1, day ?? 0);
    // Date.parse takes hour 24 as the next midnight (ECMAScript); RFC 3339 hours stop at 23.
    if (Number.isNaN(millis) || (hour ?? 0) > 23 || calendar.getUTCDate() !== day || calendar.getUTCMonth() !== (month ?? 0) - 1) {
      context.addIssue({ code: 'custom', message: 'is not a real date and time' });
      return z.NEVER;
    }
    return millis;
  });

const optionalTimestamp = z.preprocess((value) => (absent(value) ? null : value), timestamp.nullable());

const countryCode = z.preprocess(
  (value) => (absent(value) ? null : value),
  z
    .string({ error: 'must be a string' })
    .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as US')
    .transform((value) => value.toUpperCase())
    .nullable(),
);

/** Non-negative integer; CSV gives text, so digit strings are accepted too. */
const tokenCount = z.preprocess(
  (value) => (absent(value) ? null : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value),
  z.number({ error: 'must be an integer' }).int('must be an integer').min(0, 'must not be negative').max(MAX_TOKENS, `must be at most ${MAX_TOKENS}`).nullable(),
);

const DOTTED_QUAD = /^(?:0|[1-9]\d{0,2})(?:\.(?:0|[1-9]\d{0,2})){3}$/;

/** Parses an IPv4 or IPv6 address and returns its canonical text (IPv4-mapped IPv6 becomes IPv4). */
export function canonicalAddress(value: string): string | undefined {
  // Most addresses are plain dotted quads, already canonical: checked without parsing.
  if (DOTTED_QUAD.test(value) && value.split('.').every((octet) => Number(octet) <= 255)) return value;
  // A zone id (fe80::1%eth0) names an interface on the machine that logged the address, not the
  // client; keeping it would give one address several spellings.
  if (value.length > 64 || value.includes('%') || !ipaddr.isValid(value)) return undefined;
  // ipaddr.js accepts legacy forms such as "10", "0x0a.1" or "010.1.1.1" (octal), also inside
  // IPv6 ("::ffff:010.1.1.1"); the contract means dotted quads without leading zeros.
  const dotted = value.slice(value.lastIndexOf(':') + 1);
  if (dotted.includes('.') && !DOTTED_QUAD.test(dotted)) return undefined;
  if (!value.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(value)) return undefined;
  const parsed = ipaddr.parse(value);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) return (parsed as ipaddr.IPv6).toIPv4Address().toString();
  // ipaddr.js prints IPv6 in the RFC 5952 compressed form, so one address has one spelling.
  return parsed.toString();
}

/** The /24 (IPv4) or /48 (IPv6) network an address belongs to, so rotation inside a subnet still links. */
export function networkOf(address: string): string {
  if (DOTTED_QUAD.test(address)) return `${address.slice(0, address.lastIndexOf('.'))}.0/24`;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') {
    const octets = (parsed as ipaddr.IPv4).octets;
    return `${octets[0]}.${octets[1]}.${octets[2]}.0/24`;
  }
  const parts = (parsed as ipaddr.IPv6).parts;
  return `${(parts[0] ?? 0).toString(16)}:${(parts[1] ?? 0).toString(16)}:${(parts[2] ?? 0).toString(16)}::/48`;
}

const address = z.string({ error: 'must be an IPv4 or IPv6 address string' }).transform((value, context) => {
  const canonical = canonicalAddress(value.trim());
  if (canonical === undefined) {
    context.addIssue({ code: 'custom', message: value.includes('%') ? 'is not an IPv4 or IPv6 address (zone ids such as %eth0 are not client addresses)' : 'is not an IPv4 or IPv6 address' });
    return z.NEVER;
  }
  return canonical;
});

const schemas = {
  accounts: z.object({
    account_id: identifier,
    created_at: timestamp,
    email_domain: text(253),
    country: countryCode,
    plan: text(64),
    org_id: z.preprocess((value) => (absent(value) ? null : value), identifier.nullable()),
  }),
  payments: z.object({
    account_id: identifier,
    payment_fingerprint: identifier,
    kind: text(64),
    bin: z.preprocess(
      (value) => (absent(value) ? null : typeof value === 'number' ? String(value) : value),
      z
        .string({ error: 'must be a string of 6-8 digits' })
        .regex(/^\d{6,8}$/, 'must be 6 to 8 digits')
        .nullable(),
    ),
    country: countryCode,
    first_used_at: optionalTimestamp,
  }),
  events: z.object({
    event_id: z.preprocess((value) => (absent(value) ? null : value), identifier.nullable()),
    account_id: identifier,
    ts: timestamp,
    ip: address,
    user_agent: text(),
    model: text(128),
    prompt: text(MAX_PROMPT_LENGTH),
    prompt_fingerprint: z.preprocess((value) => (absent(value) ? null : value), identifier.nullable()),
    input_tokens: tokenCount,
    output_tokens: tokenCount,
  }),
  // A missing campaign is an error, an explicit null a benign account: checked on the whole row,
  // so no campaign name (not even "missing") can be mistaken for absence.
  labels: z
    .object({
      account_id: identifier,
      campaign: z.preprocess((value) => (value === '' ? null : value), z.union([identifier, z.null()], { error: 'must be a campaign name or null' }).optional()),
    })
    .refine((row) => row.campaign !== undefined, { message: 'is required (null for a benign account)', path: ['campaign'] }),
} as const;

export type ValidationResult<K extends FileKind> = { ok: true; row: RowsByKind[K] } | { ok: false; reason: string };

// The plain events row, checked directly. Events are almost all of a batch and nearly every one is
// plainly valid, so interpreting the schema for each (about a third of the loader's own CPU)
// is replaced by straight-line checks of the same rules on that common shape. The schemas above
// stay the contract: the direct check only ever accepts what they accept, with the same typed
// row (a test holds the two equal on generated and hostile rows), and anything it is not sure
// of (a bad field, an unusual but valid timestamp spelling) goes to the schema, which decides and
// gives the reason.

/** An identifier the schema accepts as it is: 1-128 characters, no control characters, no surrounding white space, well-formed. */
function plainIdentifier(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH) return false;
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    // Spaces, controls and anything beyond ASCII (Unicode white space, surrogates): the schema's rules.
    if (code <= 0x20 || code >= 0x7f) return plainIdentifierSlow(value);
  }
  return true;
}

/** The rare identifier with a space or a character beyond ASCII: the schema's own rules. */
function plainIdentifierSlow(value: string): boolean {
  return !CONTROL_CHARACTERS.test(value) && value.isWellFormed() && value.trim() === value;
}

/** A text field's value as the schema gives it (absent → null), or undefined when the schema must decide. */
function plainText(value: unknown, max: number): string | null | undefined {
  if (value === null || value === undefined || value === '') return null;
  return typeof value === 'string' && value.length <= max && value.isWellFormed() ? value : undefined;
}

/** An optional identifier as the schema gives it (absent → null), or undefined when the schema must decide. */
function plainOptionalIdentifier(value: unknown): string | null | undefined {
  if (value === null || value === undefined || value === '') return null;
  return plainIdentifier(value) ? value : undefined;
}

/** A token count as the schema gives it, or undefined when the schema must decide. */
function plainTokenCount(value: unknown): number | null | undefined {
  if (value === null || value === undefined || value === '') return null;
  const count = typeof value === 'number' ? value : typeof value === 'string' && value.length <= 9 && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  return Number.isInteger(count) && count >= 0 && count <= MAX_TOKENS ? count : undefined;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const digitAt = (value: string, index: number) => value.charCodeAt(index) - 48;
/** Where YYYY-MM-DDTHH:MM:SSZ has its digits. */
const TIMESTAMP_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];

/**
 * YYYY-MM-DDTHH:MM:SSZ (the usual spelling) in epoch milliseconds, as the timestamp schema
 * computes it, or undefined for any other spelling or value (the schema decides). Years before
 * 100 are left to the schema: Date.UTC reads 0-99 as 1900-1999.
 */
function plainTimestamp(value: unknown): number | undefined {
  if (
    typeof value !== 'string' ||
    value.length !== 20 ||
    value.charCodeAt(4) !== 45 ||
    value.charCodeAt(7) !== 45 ||
    value.charCodeAt(10) !== 84 ||
    value.charCodeAt(13) !== 58 ||
    value.charCodeAt(16) !== 58 ||
    value.charCodeAt(19) !== 90
  )
    return undefined;
  for (const index of TIMESTAMP_DIGITS) {
    const digit = digitAt(value, index);
    if (digit < 0 || digit > 9) return undefined;
  }
  const year = digitAt(value, 0) * 1000 + digitAt(value, 1) * 100 + digitAt(value, 2) * 10 + digitAt(value, 3);
  const month = digitAt(value, 5) * 10 + digitAt(value, 6);
  const day = digitAt(value, 8) * 10 + digitAt(value, 9);
  const hour = digitAt(value, 11) * 10 + digitAt(value, 12);
  const minute = digitAt(value, 14) * 10 + digitAt(value, 15);
  const second = digitAt(value, 17) * 10 + digitAt(value, 18);
  if (year < 100 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number))) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** A dotted quad the address schema keeps as it is (no leading zeros, octets up to 255), or undefined. */
function plainDottedQuad(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length < 7 || value.length > 15) return undefined;
  let dots = 0;
  let octet = 0;
  let digits = 0;
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code === 46) {
      if (digits === 0) return undefined;
      dots += 1;
      octet = 0;
      digits = 0;
      continue;
    }
    if (code < 48 || code > 57 || (digits === 1 && octet === 0)) return undefined;
    octet = octet * 10 + (code - 48);
    digits += 1;
    if (octet > 255) return undefined;
  }
  return dots === 3 && digits > 0 ? value : undefined;
}

/**
 * Canonical forms of the addresses other than plain dotted quads seen lately, by spelling. Those
 * (IPv6 mostly, about 4 % of medium events) take microseconds each to parse, and an account's
 * events repeat their address: about 420 spellings among 7,400 such events. Bounded: cleared
 * when full. canonicalAddress is a pure function, so a remembered form is the one it gives.
 */
const recentAddresses = new Map<string, string>();
const RECENT_ADDRESSES = 4096;

/**
 * An address as the address schema gives it, or undefined: the schema decides (and gives the
 * reason). Dotted quads are checked inline; any other spelling (IPv6, a few in every batch, each
 * of which cost a whole schema interpretation) goes through canonicalAddress, as in the schema.
 */
function plainAddress(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const quad = plainDottedQuad(value);
  if (quad !== undefined) return quad;
  const remembered = recentAddresses.get(value);
  if (remembered !== undefined) return remembered;
  const canonical = canonicalAddress(value.trim());
  if (canonical !== undefined) {
    if (recentAddresses.size >= RECENT_ADDRESSES) recentAddresses.clear();
    recentAddresses.set(value, canonical);
  }
  return canonical;
}

/** The typed row of a plainly valid events row (exactly as the schema gives it), or undefined: the schema decides. */
function plainEventRow(value: Record<string, unknown>): EventRow | undefined {
  const accountId = value['account_id'];
  if (!plainIdentifier(accountId)) return undefined;
  const eventId = plainOptionalIdentifier(value['event_id']);
  const ts = plainTimestamp(value['ts']);
  const ip = plainAddress(value['ip']);
  const userAgent = plainText(value['user_agent'], MAX_TEXT_LENGTH);
  const model = plainText(value['model'], 128);
  const prompt = plainText(value['prompt'], MAX_PROMPT_LENGTH);
  const promptFingerprint = plainOptionalIdentifier(value['prompt_fingerprint']);
  const inputTokens = plainTokenCount(value['input_tokens']);
  const outputTokens = plainTokenCount(value['output_tokens']);
  if (
    eventId === undefined ||
    ts === undefined ||
    ip === undefined ||
    userAgent === undefined ||
    model === undefined ||
    prompt === undefined ||
    promptFingerprint === undefined ||
    inputTokens === undefined ||
    outputTokens === undefined
  )
    return undefined;
  // The schema's key order, so the row is the same object in every respect.
  return { event_id: eventId, account_id: accountId, ts, ip, user_agent: userAgent, model, prompt, prompt_fingerprint: promptFingerprint, input_tokens: inputTokens, output_tokens: outputTokens };
}

/** Validates one parsed row (an object from a JSON line or a CSV record) against the contract. */
export function validateRow<K extends FileKind>(kind: K, value: unknown): ValidationResult<K> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'line is not a JSON object' };
  if (kind === 'events') {
    const row = plainEventRow(value as Record<string, unknown>);
    if (row) return { ok: true, row: row as RowsByKind[K] };
  }
  return validateRowBySchema(kind, value);
}

/** Validates a row by interpreting its schema alone (validateRow without the events shortcut; for tests). */
export function validateRowBySchema<K extends FileKind>(kind: K, value: unknown): ValidationResult<K> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, reason: 'line is not a JSON object' };
  const result = schemas[kind].safeParse(value);
  if (result.success) return { ok: true, row: result.data as unknown as RowsByKind[K] };
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'row';
  const present = issue !== undefined && (value as Record<string, unknown>)[String(issue.path[0])] !== undefined;
  const message = !present && issue?.code === 'invalid_type' ? 'is required' : issue?.message;
  return { ok: false, reason: `${field}: ${message}` };
}

/** Recognizes batch file names: accounts.ndjson, events.ndjson.gz, payments.csv, labels.csv.gz... */
export function fileKindOf(fileName: string): { kind: FileKind; format: 'ndjson' | 'csv'; gzip: boolean } | undefined {
  const match = /^(accounts|payments|events|labels)\.(ndjson|jsonl|csv)(\.gz)?$/.exec(fileName);
  if (!match) return undefined;
  return { kind: match[1] as FileKind, format: match[2] === 'csv' ? 'csv' : 'ndjson', gzip: match[3] !== undefined };
}
