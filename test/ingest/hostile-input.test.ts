// Hostile and broken input against the whole load, on the real Neo4j: generated batches mixing
// valid rows, mutated rows, garbage lines, invalid UTF-8 and injection ids (property test), and
// broken files one by one (table). Whatever arrives, the load never crashes, every row is loaded
// as plain data or quarantined with a reason, each file reconciles (read = loaded + rejected +
// duplicates), the graph holds exactly the accepted data and nothing else in the database moves.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { wipeDatabase } from '../../src/graph-store/schema.js';
import { ingestBatch, type FileSummary, type IngestSummary } from '../../src/ingest/ingest-batch.js';
import { LINE_CUT_OFF, LINE_TOO_LONG, MAX_LINE_BYTES, PREVIEW_BYTES } from '../../src/ingest/line-reader.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { MAX_ORIGINAL_CHARS } from '../../src/ingest/quarantine.js';
import { temporaryDirectory } from '../support/batches.js';
import { INJECTION_STRINGS } from '../support/hostile-strings.js';
import { useTestStore } from '../support/test-store.js';

const SENTINEL_ACCOUNT = 'sentinel-account-never-in-a-batch';
const SECRET = 'SECRET-PROMPT';

interface QuarantineEntry {
  file: string;
  line: number;
  reason: string;
  original: string;
}
interface LoadedKeys {
  accounts: string[];
  events: string[];
  payment_methods: string[];
  addresses: string[];
  payment_links: number;
}
type Totals = Record<string, number>;

const store = useTestStore();

async function prepareDatabase(): Promise<void> {
  await wipeDatabase(store);
  await store.write(cypher('test/create-hostile-input-sentinels'), { accountId: SENTINEL_ACCOUNT });
}

async function expectSentinelsIntact(): Promise<void> {
  const [sentinels] = await store.read(cypher('test/read-hostile-input-sentinels'), { accountId: SENTINEL_ACCOUNT });
  expect(sentinels).toEqual({ sentinels: 1, sentinel_accounts: 1 });
}

const readQuarantine = (summary: IngestSummary): QuarantineEntry[] =>
  readFileSync(summary.quarantinePath, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as QuarantineEntry);

function expectReconciled(summary: IngestSummary): void {
  for (const file of summary.files) expect(file.read, file.file).toBe(file.loaded + file.rejected + file.duplicates);
  const quarantined = readQuarantine(summary);
  expect(quarantined).toHaveLength(summary.totals.rejected);
  for (const entry of quarantined) {
    expect(entry.file).toBeTypeOf('string');
    expect(Number.isInteger(entry.line) && entry.line >= 1).toBe(true);
    expect(entry.reason).toMatch(/\S/);
    expect(entry.original).toBeTypeOf('string');
  }
  // Raw prompts never reach the quarantine, not even from a broken row.
  expect(readFileSync(summary.quarantinePath, 'utf8')).not.toContain(SECRET);
}

function writeBatchFile(directory: string, name: string, content: string | Buffer): string {
  const path = join(directory, name);
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  writeFileSync(path, name.endsWith('.gz') ? gzipSync(bytes) : bytes);
  return path;
}

afterAll(async () => {
  await store.runAutoCommit(cypher('test/delete-hostile-input-sentinels'));
});

// ---------------------------------------------------------------------------------------------
// Generated batches. Every line's fate is known when it is generated (valid rows are built from
// valid parts, mutations break one field with a value the contract forbids), so the expected
// summary, quarantine and graph are computed here without asking the validators.

const ID_POOL = ['acct-1', 'acct-2', 'Ünïcødé-账户', ...INJECTION_STRINGS];
const EVENT_ID_POOL = ['e-1', 'e-2', 'e-3', "x'}) DETACH DELETE n //", '"}) MATCH (n) DETACH DELETE n RETURN 1 //', '🙂'.repeat(128)];
const TIMESTAMPS = [
  '2026-02-01T10:00:00Z',
  '2026-02-01T10:00:00.123+02:00',
  '2026-02-01t10:00:00z',
  '2026-02-01 10:00:00-05:30',
  '1969-12-31T23:59:59Z',
  '0000-02-29T00:00:00Z',
  '9999-12-31T23:59:59.999999999Z',
];
/** An address as a producer may write it, and the one text it is stored under. */
const ADDRESSES: Array<[string, string]> = [
  ['203.0.113.5', '203.0.113.5'],
  ['::ffff:198.51.100.7', '198.51.100.7'],
  ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
  [' 192.0.2.1 ', '192.0.2.1'],
  ['2001:db8::1', '2001:db8::1'],
  ['0.0.0.0', '0.0.0.0'],
  ['::', '::'],
];
const TEXTS = ['pro', '', 'comma, inside', 'quote " inside', "x'}) DETACH DELETE n //", '=HYPERLINK("http://example.invalid")', 'a\u0000nul', 'Ω≈ç√∫'];

/** One field of a row made invalid; undefined means the field is left out. */
const MUTATIONS: Record<'accounts' | 'events' | 'payments', Record<string, unknown[]>> = {
  accounts: {
    account_id: ['', 42, null, undefined, 'a'.repeat(129), 'tab\tid', ' leading', 'lone \ud800 surrogate', ['acct-1']],
    created_at: ['yesterday', '2026-02-30T00:00:00Z', '2026-01-01T00:00:00', '2026-01-01T24:00:00Z', 1_767_225_600_000, '', null, undefined],
    country: ['USA', 'u$', 12],
    org_id: ['a\u0001b', 'b'.repeat(129)],
    email_domain: ['d'.repeat(254), 'lone \udc00'],
  },
  events: {
    ip: ['999.1.1.1', '010.1.1.1', 'fe80::1%eth0', '[2001:db8::1]', '10.0.0.0/8', '1.2.3.4:80', '::ffff:010.0.0.1', '', 'localhost', 7, undefined],
    ts: ['not a time', '2026-13-01T00:00:00Z', 1_767_225_600, '', undefined],
    account_id: ['', 'x'.repeat(129), 'new\nline', undefined],
    input_tokens: [-1, 1.5, '12abc', 1e9],
    event_id: ['bell\u0007', 'y'.repeat(129), 5],
  },
  payments: {
    account_id: [''],
    payment_fingerprint: ['', ' padded'],
    bin: ['12', '12ab', '123456789'],
    country: ['USA'],
    first_used_at: ['yesterday', '2026-02-29T00:00:00Z'],
  },
};

const GARBAGE_LINES = [
  '{',
  '[]',
  '[1,2]',
  '"just a string"',
  '42',
  'null',
  'true',
  '{"account_id": "a",}',
  "{'account_id': 'a'}",
  '{"a":1}{"b":2}',
  'NaN',
  '<html><body>',
  '\u0000\u0001\u0002',
  `{"event_id":"cut","prompt":"${SECRET} cut off in the middle`,
  `{"event_id":"esc","prompt":"${SECRET} with an escape \\`,
  `{"account_id":"x'}) DETACH DELETE n //"`,
  "x'}) DETACH DELETE n //",
];

const parsesToObject = (text: string) => {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
};
/** What a string becomes once written as UTF-8 and read back (a lone surrogate turns into U+FFFD). */
const asWritten = (text: string) => Buffer.from(text.replace(/[\r\n]/g, ' '), 'utf8').toString('utf8');
const garbageLine = fc
  .oneof(
    fc.constantFrom(...GARBAGE_LINES),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
    fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', 'a', '1', ' ', '\\', 'n', 'u', 'l', '\t'), minLength: 1, maxLength: 20 }),
  )
  .map(asWritten)
  .filter((text) => text.trim() !== '' && !text.startsWith('\ufeff') && !parsesToObject(text));

/** A line that is not UTF-8: ASCII with bad sequences (lone continuation, overlong, surrogate, 0xFF). */
const invalidUtf8Line = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9 ]{0,12}$/),
    fc.constantFrom([0xff], [0x80], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]),
    fc.stringMatching(/^[a-z0-9 ]{0,12}$/),
  )
  .map(([before, bad, after]) => Buffer.concat([Buffer.from(before), Buffer.from(bad), Buffer.from(after)]));

type Entry =
  | { type: 'valid'; row: Record<string, unknown> }
  | { type: 'invalid'; row: Record<string, unknown> }
  | { type: 'garbage'; text: string }
  | { type: 'bytes'; bytes: Buffer }
  | { type: 'blank'; text: string };

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const withoutUndefined = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined));

const accountRow = fc
  .record({
    account_id: fc.constantFrom(...ID_POOL),
    created_at: fc.constantFrom(...TIMESTAMPS),
    email_domain: optional(fc.constantFrom('example.org', '', null, 'd'.repeat(253), ...TEXTS)),
    country: optional(fc.constantFrom('NL', 'us', null, '')),
    plan: optional(fc.constantFrom(...TEXTS)),
    org_id: optional(fc.constantFrom(null, '', ...ID_POOL)),
  })
  .map(withoutUndefined);

const eventRow = fc
  .record({
    event_id: optional(fc.constantFrom(...EVENT_ID_POOL)),
    account_id: fc.constantFrom(...ID_POOL),
    ts: fc.constantFrom(...TIMESTAMPS),
    address: fc.integer({ min: 0, max: ADDRESSES.length - 1 }),
    prompt: optional(fc.integer({ min: 1, max: 999 }).map((number) => `${SECRET}-${number} show every intermediate step while solving ${number} * 17`)),
    prompt_fingerprint: optional(fc.constantFrom('upstream-fp-1', "x'}) DETACH DELETE n //")),
    input_tokens: optional(fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.constantFrom('12', '007', null))),
    output_tokens: optional(fc.integer({ min: 0, max: 5000 })),
    user_agent: optional(fc.constantFrom(...TEXTS)),
  })
  .map(({ address, ...row }) => withoutUndefined({ ...row, ip: ADDRESSES[address]?.[0] }));

// CSV fields are text; a kind may run over a line break inside quotes.
const paymentRow = fc.record({
  account_id: fc.constantFrom(...ID_POOL),
  payment_fingerprint: fc.constantFrom('pf-1', 'pf-2', ...INJECTION_STRINGS.slice(0, 6)),
  kind: fc.constantFrom('card', 'prepaid', '', 'two\nlines', ...TEXTS.filter((text) => !text.includes('\u0000'))),
  bin: fc.constantFrom('411111', '12345678', ''),
  country: fc.constantFrom('US', 'nl', ''),
  first_used_at: fc.constantFrom('', ...TIMESTAMPS),
});

function mutated(kind: keyof typeof MUTATIONS, row: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const table = MUTATIONS[kind];
  const field = fc.constantFrom(...Object.keys(table)).chain((name) => fc.tuple(fc.constant(name), fc.constantFrom(...(table[name] as unknown[]))));
  return fc.tuple(row, field).map(([base, [name, value]]) => {
    const broken: Record<string, unknown> = { ...base, [name]: value };
    if (value === undefined) delete broken[name];
    return broken;
  });
}

function entries(kind: 'accounts' | 'events', row: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<Entry[]> {
  return fc.array(
    fc.oneof(
      { weight: 5, arbitrary: row.map((value): Entry => ({ type: 'valid', row: value })) },
      { weight: 3, arbitrary: mutated(kind, row).map((value): Entry => ({ type: 'invalid', row: value })) },
      { weight: 2, arbitrary: garbageLine.map((text): Entry => ({ type: 'garbage', text })) },
      { weight: 1, arbitrary: invalidUtf8Line.map((bytes): Entry => ({ type: 'bytes', bytes })) },
      { weight: 1, arbitrary: fc.constantFrom('', '   ', '\t').map((text): Entry => ({ type: 'blank', text })) },
    ),
    { maxLength: 12 },
  );
}

// CSV garbage that breaks only its own line: a wrong number of fields, or a misplaced quote.
const csvGarbageLine = fc.oneof(
  fc
    .array(fc.stringMatching(/^[a-z0-9 ']{1,6}$/), { minLength: 1, maxLength: 9 })
    .filter((fields) => fields.length !== 6 && fields.join(',').trim() !== '')
    .map((fields) => fields.join(',')),
  fc.constantFrom('ab"c,pf-1,card,411111,US,', '"acct-1"x,pf-1,card,411111,US,', 'acct-1,"pf-1"",card,411111,US,x"', "x'}) DETACH DELETE n //"),
);

const paymentEntries: fc.Arbitrary<Entry[]> = fc.array(
  fc.oneof(
    { weight: 5, arbitrary: paymentRow.map((value): Entry => ({ type: 'valid', row: value })) },
    { weight: 3, arbitrary: mutated('payments', paymentRow).map((value): Entry => ({ type: 'invalid', row: value })) },
    { weight: 2, arbitrary: csvGarbageLine.map((text): Entry => ({ type: 'garbage', text })) },
    { weight: 1, arbitrary: invalidUtf8Line.map((bytes): Entry => ({ type: 'bytes', bytes: Buffer.concat([Buffer.from('acct-9,'), bytes, Buffer.from(',card,411111,US,')]) })) },
    { weight: 1, arbitrary: fc.constantFrom('', '   ').map((text): Entry => ({ type: 'blank', text })) },
  ),
  { maxLength: 12 },
);

const PAYMENT_COLUMNS = ['account_id', 'payment_fingerprint', 'kind', 'bin', 'country', 'first_used_at'];
const csvField = (value: unknown) => {
  const text = String(value ?? '');
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

interface RenderedFile {
  name: string;
  bytes: Buffer;
  /** Per data row: its first line, and what should become of it. */
  rows: Array<{ line: number; entry: Entry; original: string | undefined }>;
}

/** Lays the entries out as a file: line endings, an optional byte order mark, optional gzip. */
function render(name: string, fileEntries: Entry[], options: { crlf: boolean; bom: boolean; csv: boolean }): RenderedFile {
  const lines: Buffer[] = [];
  const rows: RenderedFile['rows'] = [];
  if (options.csv) lines.push(Buffer.from(PAYMENT_COLUMNS.join(',')));
  for (const entry of fileEntries) {
    const line = lines.length + 1;
    if (entry.type === 'blank') {
      lines.push(Buffer.from(entry.text));
      continue;
    }
    let text: string;
    if (entry.type === 'bytes') {
      lines.push(entry.bytes);
      rows.push({ line, entry, original: undefined });
      continue;
    }
    if (entry.type === 'garbage') text = entry.text;
    else if (options.csv) text = PAYMENT_COLUMNS.map((column) => csvField(entry.row[column])).join(',');
    else text = JSON.stringify(entry.row);
    // A multi-line CSV record (a quoted line break) takes several physical lines.
    for (const part of text.split('\n')) lines.push(Buffer.from(part, 'utf8'));
    rows.push({ line, entry, original: text.includes('"prompt"') ? undefined : Buffer.from(text, 'utf8').toString('utf8') });
  }
  const eol = Buffer.from(options.crlf ? '\r\n' : '\n');
  const body = Buffer.concat(lines.flatMap((line) => [line, eol]));
  const bytes = options.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
  for (const row of rows)
    if (row.entry.type === 'bytes') row.original = (row.line === 1 && options.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), row.entry.bytes]) : row.entry.bytes).toString('latin1');
  return { name, bytes, rows };
}

const fileShape = fc.record({ crlf: fc.boolean(), bom: fc.boolean(), gzip: fc.boolean() });
const batchPlan = fc.record({
  accounts: entries('accounts', accountRow),
  accountsShape: fileShape,
  events: entries('events', eventRow),
  eventsShape: fileShape,
  payments: paymentEntries,
  paymentsShape: fileShape,
  chunkRows: fc.constantFrom(2, 5, 1000),
});

const canonicalOf = (spelling: unknown) => ADDRESSES.find(([written]) => written === spelling)?.[1] as string;
const sorted = (values: Iterable<string>) => [...values].sort();

/** Rows per chunk deduplicated by key within the chunk (accounts, payments). */
function loadedWithChunkDedupe(rows: Array<Record<string, unknown>>, chunkRows: number, key: (row: Record<string, unknown>) => string): number {
  let loaded = 0;
  for (let start = 0; start < rows.length; start += chunkRows) loaded += new Set(rows.slice(start, start + chunkRows).map(key)).size;
  return loaded;
}

describe('hostile batches (property, real Neo4j)', () => {
  it('loads valid rows as plain data, quarantines the rest with reasons, reconciles every file and touches nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(batchPlan, async (plan) => {
        await prepareDatabase();
        const directory = temporaryDirectory('hydrascope-hostile-');
        const files = [
          render(`accounts.ndjson${plan.accountsShape.gzip ? '.gz' : ''}`, plan.accounts, { ...plan.accountsShape, csv: false }),
          render(`payments.csv${plan.paymentsShape.gzip ? '.gz' : ''}`, plan.payments, { ...plan.paymentsShape, csv: true }),
          render(`events.ndjson${plan.eventsShape.gzip ? '.gz' : ''}`, plan.events, { ...plan.eventsShape, csv: false }),
        ];
        for (const file of files) writeBatchFile(directory, file.name, file.bytes);

        const summary = await ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter(), chunkRows: plan.chunkRows, warmFamilies: 0 });
        expect(summary.status).toBe('loaded');
        expectReconciled(summary);

        // Expected outcome, file by file.
        const valid = (file: RenderedFile) => file.rows.filter((row) => row.entry.type === 'valid').map((row) => (row.entry as { row: Record<string, unknown> }).row);
        const [accountsFile, paymentsFile, eventsFile] = files as [RenderedFile, RenderedFile, RenderedFile];
        const validAccounts = valid(accountsFile);
        const validPayments = valid(paymentsFile);
        const validEvents = valid(eventsFile);
        const seenEventIds = new Set<string>();
        const loadedEvents = validEvents.filter((row) => {
          const id = row['event_id'] as string | undefined;
          if (id === undefined) return true;
          if (seenEventIds.has(id)) return false;
          seenEventIds.add(id);
          return true;
        });
        const accountsLoaded = loadedWithChunkDedupe(validAccounts, plan.chunkRows, (row) => row['account_id'] as string);
        const paymentKey = (row: Record<string, unknown>) => `${String(row['account_id'])}\u0000${String(row['payment_fingerprint'])}`;
        const paymentsLoaded = loadedWithChunkDedupe(validPayments, plan.chunkRows, paymentKey);
        const expected: Record<string, Partial<FileSummary>> = {
          [accountsFile.name]: { read: accountsFile.rows.length, rejected: accountsFile.rows.length - validAccounts.length, loaded: accountsLoaded, duplicates: validAccounts.length - accountsLoaded },
          [paymentsFile.name]: { read: paymentsFile.rows.length, rejected: paymentsFile.rows.length - validPayments.length, loaded: paymentsLoaded, duplicates: validPayments.length - paymentsLoaded },
          [eventsFile.name]: { read: eventsFile.rows.length, rejected: eventsFile.rows.length - validEvents.length, loaded: loadedEvents.length, duplicates: validEvents.length - loadedEvents.length },
        };
        for (const file of summary.files) expect(file, file.file).toMatchObject(expected[file.file] ?? {});

        // One quarantine entry per rejected row, at its line, with its original text.
        const quarantined = readQuarantine(summary);
        const rejected = files.flatMap((file) => file.rows.filter((row) => row.entry.type !== 'valid').map((row) => ({ file: file.name, ...row })));
        expect(quarantined.map((entry) => `${entry.file}:${entry.line}`)).toEqual(rejected.map((row) => `${row.file}:${row.line}`));
        rejected.forEach((row, index) => {
          const entry = quarantined[index] as QuarantineEntry;
          if (row.entry.type === 'bytes') expect(entry.reason).toBe('invalid UTF-8');
          if (row.entry.type === 'garbage' && !row.file.includes('.csv')) expect(entry.reason).toMatch(/^(not valid JSON|line is not a JSON object)/);
          if (row.entry.type === 'garbage' && row.file.includes('.csv')) expect(entry.reason).toMatch(/^not valid CSV: /);
          if (row.entry.type === 'invalid') expect(entry.reason).toMatch(/^[a-z_]+: \S/);
          const prompt = row.entry.type === 'invalid' ? row.entry.row['prompt'] : undefined;
          if (row.original !== undefined && prompt === undefined) expect(entry.original).toBe(row.original);
        });

        // The graph holds exactly the accepted rows, ids byte for byte, and the sentinels survive.
        const [keys] = (await store.read(cypher('test/read-loaded-keys'))) as unknown as LoadedKeys[];
        const accountIds = new Set([
          SENTINEL_ACCOUNT,
          ...validAccounts.map((row) => row['account_id'] as string),
          ...validPayments.map((row) => row['account_id'] as string),
          ...loadedEvents.map((row) => row['account_id'] as string),
        ]);
        expect(sorted(keys?.accounts ?? [])).toEqual(sorted(accountIds));
        expect(sorted(keys?.events ?? [])).toEqual(sorted(seenEventIds));
        expect(sorted(keys?.payment_methods ?? [])).toEqual(sorted(new Set(validPayments.map((row) => row['payment_fingerprint'] as string))));
        expect(keys?.payment_links).toBe(new Set(validPayments.map(paymentKey)).size);
        expect(sorted(keys?.addresses ?? [])).toEqual(sorted(new Set(loadedEvents.map((row) => canonicalOf(row['ip'])))));
        const [totals] = (await store.read(cypher('test/read-graph-totals'))) as Totals[];
        expect(totals?.['account_events']).toBe(loadedEvents.length);
        expect(totals?.['ip_events']).toBe(loadedEvents.length);
        expect(totals?.['prompt_events']).toBe(loadedEvents.filter((row) => row['prompt'] !== undefined || row['prompt_fingerprint'] !== undefined).length);
        await expectSentinelsIntact();
      }),
      { numRuns: 15, endOnFailure: true },
    );
  }, 240_000);
});

// ---------------------------------------------------------------------------------------------
// Broken files, one by one.

const MEBIBYTE = 1024 * 1024;
const account = (id: string) => JSON.stringify({ account_id: id, created_at: '2026-01-05T10:00:00Z' });
const event = (id: string, extra: Record<string, unknown> = {}) => JSON.stringify({ event_id: id, account_id: `acct-${id}`, ts: '2026-02-01T10:00:00Z', ip: '203.0.113.5', ...extra });
const PAYMENTS_HEADER = 'account_id,payment_fingerprint,kind,bin,country,first_used_at';
const EVENTS_CSV_HEADER = 'event_id,account_id,ts,ip,prompt';

/** Many events with varied prompts, so their gzip is long enough to cut in the middle. */
function manyEvents(count: number): string {
  return Array.from({ length: count }, (_, index) => event(`bulk-${index}`, { prompt: `${SECRET} number ${index} asks for every intermediate step of ${index * 7919} / 13` })).join('\n') + '\n';
}
function truncatedGzip(text: string, keep: number): Buffer {
  const bytes = gzipSync(text);
  return bytes.subarray(0, Math.floor(bytes.length * keep));
}

interface EdgeCase {
  name: string;
  /** Text is written as UTF-8 (gzipped for .gz names); { bytes } is written exactly as given. */
  files: Record<string, string | { bytes: Buffer }>;
  status: 'loaded' | 'failed';
  error?: RegExp;
  counts: Record<string, Partial<FileSummary>>;
  /** Expected quarantine entries in order: line and reason; optionally a check of the original. */
  quarantined?: Array<{ line: number; reason: string | RegExp; original?: (original: string) => void }>;
  /** Every account id in the graph afterwards (besides the sentinel). */
  accounts?: string[];
}

const EDGE_CASES: EdgeCase[] = [
  {
    name: 'a 10 MB line (a row with a 10 MB prompt) is rejected naming the field; the next row loads',
    files: { 'events.ndjson': `${event('huge', { prompt: `${SECRET} ${'p'.repeat(10 * MEBIBYTE)}` })}\n${event('after')}\n` },
    status: 'loaded',
    counts: { 'events.ndjson': { read: 2, loaded: 1, rejected: 1 } },
    quarantined: [{ line: 1, reason: 'prompt: must be at most 1000000 characters', original: (original) => expect(original).toMatch(/"prompt":"\[redacted prompt: 10485774 characters\]"/) }],
    accounts: ['acct-after'],
  },
  {
    name: 'a 10 MB line of garbage is rejected and only its start is kept in the quarantine',
    files: { 'accounts.ndjson': `${'x'.repeat(10 * MEBIBYTE)}\n${account('after-garbage')}\n` },
    status: 'loaded',
    counts: { 'accounts.ndjson': { read: 2, loaded: 1, rejected: 1 } },
    quarantined: [
      { line: 1, reason: /^not valid JSON/, original: (original) => expect(original).toBe(`${'x'.repeat(MAX_ORIGINAL_CHARS)}…[truncated ${10 * MEBIBYTE - MAX_ORIGINAL_CHARS} characters]`) },
    ],
    accounts: ['after-garbage'],
  },
  {
    name: `a line over ${MAX_LINE_BYTES / MEBIBYTE} MiB is rejected unread past its first ${PREVIEW_BYTES} bytes; reading goes on`,
    files: { 'accounts.ndjson.gz': `${account('before-long')}\n{"account_id":"${'a'.repeat(MAX_LINE_BYTES + 10)}"}\n${account('after-long')}\n` },
    status: 'loaded',
    counts: { 'accounts.ndjson.gz': { read: 3, loaded: 2, rejected: 1 } },
    quarantined: [{ line: 2, reason: LINE_TOO_LONG, original: (original) => expect(original).toBe(`{"account_id":"${'a'.repeat(PREVIEW_BYTES - 15)}`) }],
    accounts: ['after-long', 'before-long'],
  },
  {
    name: 'an empty file has no rows',
    files: { 'accounts.ndjson': '', 'payments.csv': '', 'events.ndjson.gz': '' },
    status: 'loaded',
    counts: { 'accounts.ndjson': { read: 0 }, 'payments.csv': { read: 0 }, 'events.ndjson.gz': { read: 0 } },
  },
  {
    name: 'a file of blank lines (and a CSV of only a header) has no rows',
    files: { 'accounts.ndjson': '\n\n   \n\r\n\t\n', 'payments.csv': `${PAYMENTS_HEADER}\n\n  \n` },
    status: 'loaded',
    counts: { 'accounts.ndjson': { read: 0 }, 'payments.csv': { read: 0 } },
  },
  {
    name: 'a truncated .ndjson.gz keeps the rows before the cut, quarantines the cut line and fails the file by name',
    files: { 'events.ndjson.gz': { bytes: truncatedGzip(manyEvents(400), 0.6) } },
    status: 'failed',
    error: /^events\.ndjson\.gz: reading stopped after line \d+: the gzip data ends early, the file is truncated/,
    counts: { 'events.ndjson.gz': { rejected: 1, duplicates: 0 } },
    quarantined: [{ line: -1, reason: LINE_CUT_OFF }],
  },
  {
    name: 'a .gz file that is not gzip fails by name, loading nothing',
    files: { 'events.ndjson.gz': { bytes: Buffer.from(`${event('plain')}\n`) } },
    status: 'failed',
    error: /^events\.ndjson\.gz: reading stopped after line 0: the gzip data is corrupt/,
    counts: { 'events.ndjson.gz': { read: 0 } },
    accounts: [],
  },
  {
    name: 'a line with invalid UTF-8 bytes is rejected; its neighbours load',
    files: {
      'accounts.ndjson': {
        bytes: Buffer.concat([Buffer.from(`${account('ok-1')}\n{"account_id":"caf`), Buffer.from([0xe9]), Buffer.from(`","created_at":"2026-01-05T10:00:00Z"}\n${account('café')}\n`)]),
      },
    },
    status: 'loaded',
    counts: { 'accounts.ndjson': { read: 3, loaded: 2, rejected: 1 } },
    quarantined: [{ line: 2, reason: 'invalid UTF-8', original: (original) => expect(original).toBe('{"account_id":"caf\u00e9","created_at":"2026-01-05T10:00:00Z"}') }],
    accounts: ['café', 'ok-1'],
  },
  {
    name: 'CSV rows with too few or too many fields are rejected (shifted columns are never loaded)',
    files: { 'payments.csv': `${PAYMENTS_HEADER}\nacct-a,pf-1\nacct-b,pf-1,card,411111,US,,extra\nacct-c,pf-1,card,411111,US,\n` },
    status: 'loaded',
    counts: { 'payments.csv': { read: 3, loaded: 1, rejected: 2 } },
    quarantined: [
      { line: 2, reason: 'not valid CSV: 2 fields where the header has 6' },
      { line: 3, reason: 'not valid CSV: 7 fields where the header has 6', original: (original) => expect(original).toBe('acct-b,pf-1,card,411111,US,,extra') },
    ],
    accounts: ['acct-c'],
  },
  {
    name: 'a CSV quote that never closes rejects its own line only; the rows after it load',
    files: { 'payments.csv': `${PAYMENTS_HEADER}\nacct-a,"pf-1,card,411111,US,\nacct-b,pf-2,card,411111,US,\nacct-c,pf-3,"multi\nline kind",411111,US,\nacct-d,pf-4,card,411111,US,\n` },
    status: 'loaded',
    counts: { 'payments.csv': { read: 4, loaded: 3, rejected: 1 } },
    quarantined: [{ line: 2, reason: /^not valid CSV: a quote opened on this line is not closed properly/ }],
    accounts: ['acct-b', 'acct-c', 'acct-d'],
  },
  {
    name: 'misplaced CSV quotes reject their rows with reasons; the rows after them load',
    files: { 'payments.csv': `${PAYMENTS_HEADER}\nacct-a,p"f,card,411111,US,\n"acct-b"x,pf-2,card,411111,US,\nacct-c,"pf ""3""",card,411111,US,\n` },
    status: 'loaded',
    counts: { 'payments.csv': { read: 3, loaded: 1, rejected: 2 } },
    quarantined: [
      { line: 2, reason: 'not valid CSV: a quote inside a field that does not start with one' },
      { line: 3, reason: 'not valid CSV: text right after a closing quote' },
    ],
    accounts: ['acct-c'],
  },
  {
    name: 'CRLF line endings load as if they were LF (no carriage return in any id)',
    files: {
      'accounts.ndjson': `${account('crlf-1')}\r\n${account('crlf-2')}\r\n`,
      'payments.csv': `${PAYMENTS_HEADER}\r\ncrlf-3,pf-1,card,411111,US,\r\ncrlf-4,pf-2,card,411111,US,2026-01-05T10:00:00Z\r\n`,
    },
    status: 'loaded',
    counts: { 'accounts.ndjson': { read: 2, loaded: 2 }, 'payments.csv': { read: 2, loaded: 2 } },
    accounts: ['crlf-1', 'crlf-2', 'crlf-3', 'crlf-4'],
  },
  {
    name: 'a UTF-8 byte order mark is not part of the first row or the CSV header',
    files: { 'accounts.ndjson': `\ufeff${account('bom-1')}\n${account('bom-2')}\n`, 'payments.csv': `\ufeff${PAYMENTS_HEADER}\nbom-3,pf-1,card,411111,US,\n` },
    status: 'loaded',
    counts: { 'accounts.ndjson': { read: 2, loaded: 2 }, 'payments.csv': { read: 1, loaded: 1 } },
    accounts: ['bom-1', 'bom-2', 'bom-3'],
  },
  {
    name: 'a UTF-16 file fails by name with the encoding it has',
    files: {
      'accounts.ndjson': { bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${account('utf16')}\n`, 'utf16le')]) },
      'payments.csv': { bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(`${PAYMENTS_HEADER}\n`, 'utf16le').swap16()]) },
    },
    status: 'failed',
    error: /^accounts\.ndjson: reading stopped after line 0: the file is UTF-16 little-endian .*the contract requires UTF-8; payments\.csv: .*UTF-16 big-endian/,
    counts: { 'accounts.ndjson': { read: 0 }, 'payments.csv': { read: 0 } },
    accounts: [],
  },
  {
    name: 'a CSV header naming a column twice fails the file (which value is meant is unknowable)',
    files: { 'payments.csv': `account_id,payment_fingerprint,account_id\nacct-a,pf-1,acct-b\n`, 'accounts.ndjson': `${account('still-loaded')}\n` },
    status: 'failed',
    error: /^payments\.csv: reading stopped after line 0: header row \(line 1\): names the column "account_id" twice/,
    counts: { 'payments.csv': { read: 0 }, 'accounts.ndjson': { read: 1, loaded: 1 } },
    accounts: ['still-loaded'],
  },
  {
    name: 'rejected CSV rows with a prompt column keep no prompt text in the quarantine',
    files: {
      'events.csv': [
        EVENTS_CSV_HEADER,
        `e1,acct-1,2026-02-01T10:00:00Z,999.1.1.1,"${SECRET} bad address, with a comma"`,
        `e2,acct-2,2026-02-01T10:00:00Z,203.0.113.5,${SECRET} one field too many,extra`,
        `e3,acct-3,2026-02-01T10:00:00Z,203.0.113.5,"${SECRET} quote never closed`,
        `e4,acct-4,2026-02-01T10:00:00Z,203.0.113.5,${SECRET} stray " quote`,
        `e5,acct-5,2026-02-01T10:00:00Z,203.0.113.5,"${SECRET} a fine prompt"`,
      ].join('\n'),
    },
    status: 'loaded',
    counts: { 'events.csv': { read: 5, loaded: 1, rejected: 4 } },
    quarantined: [
      { line: 2, reason: 'ip: is not an IPv4 or IPv6 address', original: (original) => expect(original).toBe('e1,acct-1,2026-02-01T10:00:00Z,999.1.1.1,[redacted prompt: 39 characters]') },
      {
        line: 3,
        reason: 'not valid CSV: 6 fields where the header has 5',
        original: (original) => expect(original).toBe('e2,acct-2,2026-02-01T10:00:00Z,203.0.113.5,[rest withheld: it may hold prompt text]'),
      },
      { line: 4, reason: /^not valid CSV: a quote opened on this line/ },
      { line: 5, reason: 'not valid CSV: a quote inside a field that does not start with one' },
    ],
    accounts: ['acct-5'],
  },
];

describe('broken files (real Neo4j)', () => {
  it.each(EDGE_CASES)('$name', async (edge) => {
    await prepareDatabase();
    const directory = temporaryDirectory('hydrascope-broken-');
    for (const [name, content] of Object.entries(edge.files)) {
      if (typeof content === 'string') writeBatchFile(directory, name, content);
      else writeFileSync(join(directory, name), content.bytes);
    }
    const summary = await ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter(), chunkRows: 50, warmFamilies: 0 });
    expect(summary.status).toBe(edge.status);
    if (edge.error) expect(summary.error).toMatch(edge.error);
    else expect(summary.error).toBeUndefined();
    for (const [file, counts] of Object.entries(edge.counts))
      expect(
        summary.files.find((entry) => entry.file === file),
        file,
      ).toMatchObject(counts);
    expectReconciled(summary);

    const quarantined = readQuarantine(summary);
    if (edge.quarantined) {
      expect(quarantined).toHaveLength(edge.quarantined.length);
      edge.quarantined.forEach((expected, index) => {
        const entry = quarantined[index] as QuarantineEntry;
        if (expected.line > 0) expect(entry.line).toBe(expected.line);
        if (typeof expected.reason === 'string') expect(entry.reason).toBe(expected.reason);
        else expect(entry.reason).toMatch(expected.reason);
        expected.original?.(entry.original);
      });
    } else {
      expect(quarantined).toEqual([]);
    }

    const [keys] = (await store.read(cypher('test/read-loaded-keys'))) as unknown as LoadedKeys[];
    if (edge.accounts) expect(sorted((keys?.accounts ?? []).filter((id) => id !== SENTINEL_ACCOUNT))).toEqual(sorted(edge.accounts));
    // What the summary calls loaded is what the graph holds.
    const events = summary.files.filter((file) => file.kind === 'events').reduce((sum, file) => sum + file.loaded, 0);
    expect(keys?.events ?? []).toHaveLength(events);
    await expectSentinelsIntact();
  });

  it('loads a batch file that is a symbolic link to the real file', async () => {
    await prepareDatabase();
    const elsewhere = temporaryDirectory('hydrascope-target-');
    const target = writeBatchFile(elsewhere, 'export.ndjson', `${account('linked')}\n`);
    const directory = temporaryDirectory('hydrascope-linked-');
    symlinkSync(target, join(directory, 'accounts.ndjson'));
    const summary = await ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter(), warmFamilies: 0 });
    expect(summary.files).toMatchObject([{ file: 'accounts.ndjson', read: 1, loaded: 1 }]);
  });

  it('refuses a batch whose quarantine file cannot be written, with a clear error and nothing written', async () => {
    await prepareDatabase();
    const directory = temporaryDirectory('hydrascope-no-quarantine-');
    writeBatchFile(directory, 'accounts.ndjson', `${account('never-loaded')}\n`);
    mkdirSync(join(directory, 'a-folder'));
    for (const quarantinePath of [join(directory, 'missing-folder', 'q.ndjson'), join(directory, 'a-folder')]) {
      const load = ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter(), quarantinePath, warmFamilies: 0 });
      await expect(load).rejects.toThrow(expect.objectContaining({ kind: 'bad-input' }));
      await expect(load).rejects.toThrow(/cannot write the quarantine file .*(ENOENT|EISDIR)/);
    }
    const [keys] = (await store.read(cypher('test/read-loaded-keys'))) as unknown as LoadedKeys[];
    expect(keys?.accounts).toEqual([SENTINEL_ACCOUNT]);
  });
});
