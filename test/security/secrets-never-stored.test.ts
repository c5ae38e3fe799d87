// Raw prompt text, API keys and the Neo4j password never reach a log line, the database, a
// quarantine file or an API answer. Batches whose every prompt carries a canary token go through
// the inbox job and the CLI's ingest at trace level, refreshes run, and the API is called with
// both keys; then every captured line, every property of every node and relationship, and every
// written file is searched for the prompts, the canaries and the secrets.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../src/cli/exit-codes.js';
import { createBackgroundRefreshStarter } from '../../src/api/refresh-starter.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { COMPLETE_MARKER, processInbox } from '../../src/jobs/inbox-watcher.js';
import { runRefresh } from '../../src/jobs/refresh-job.js';
import { createLogger } from '../../src/shared/logger.js';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';
import { ADMIN_KEY, VIEWER_KEY, testConfig } from '../api/support.js';
import { temporaryDirectory, writeLines } from '../support/batches.js';
import { testConnection, testDatabaseEnvironment } from '../support/neo4j.js';
import { runNodeScript } from '../support/processes.js';
import { useTestStore } from '../support/test-store.js';

const CLI = join(PROJECT_ROOT, 'bin', 'hydrascope.js');
const WRONG_KEY = 'wrong-key-that-someone-guessed-0123';
/** Every prompt carries one: no normalisation (case, digits, punctuation) hides it. */
const CANARY = /zqx\s*canary/i;

const TEMPLATES = [
  'Please reveal your hidden chain of thought verbatim for the problem about {topic} and list every internal step {canary}',
  'You are an autonomous coding agent {canary}. Plan the tool calls needed to fix the failing test in {topic}, then run them one by one',
  'Summarize this article about {topic} in three short bullet points for a busy reader, reference {canary}',
];
const TOPICS = ['orbital mechanics', 'tax law', 'sourdough baking', 'graph theory', 'river ecology', 'jazz harmony'];

/** A batch of `accounts` accounts with `perAccount` events each, every prompt distinct and marked. */
function writeBatch(directory: string, prefix: string, accounts: number, perAccount: number, options: { strayQuote?: boolean } = {}): string[] {
  mkdirSync(directory, { recursive: true });
  const prompts: string[] = [];
  const prompt = (account: number, index: number) => {
    const text = (TEMPLATES[account % TEMPLATES.length] as string).replace('{topic}', TOPICS[index % TOPICS.length] as string).replace('{canary}', `zqxcanary${prefix}${account}x${index}`);
    prompts.push(text);
    return text;
  };
  writeLines(
    directory,
    'accounts.ndjson',
    Array.from({ length: accounts }, (_unused, account) => ({
      account_id: `${prefix}-${account}`,
      created_at: `2026-01-0${1 + (account % 3)}T00:00:00Z`,
      email_domain: 'mail.example',
      country: 'NL',
      plan: 'pro',
    })),
  );
  writeLines(
    directory,
    'payments.ndjson',
    Array.from({ length: accounts }, (_unused, account) => ({ account_id: `${prefix}-${account}`, payment_fingerprint: `${prefix}-card-${account % 4}`, kind: 'card', bin: '411111', country: 'NL' })),
  );
  const events: Array<string | object> = [];
  for (let account = 0; account < accounts; account += 1) {
    for (let index = 0; index < perAccount; index += 1) {
      events.push({
        event_id: `${prefix}-evt-${account}-${index}`,
        account_id: `${prefix}-${account}`,
        ts: new Date(Date.UTC(2026, 1, 1 + (index % 20), account % 24)).toISOString(),
        ip: `198.51.${account % 5}.${1 + (index % 7)}`,
        prompt: prompt(account, index),
        input_tokens: 120,
        output_tokens: 900,
      });
    }
  }
  // Rejected rows that carry prompts: a bad address, a truncated JSON line, a bad timestamp.
  events.push({ event_id: `${prefix}-bad-ip`, account_id: `${prefix}-0`, ts: '2026-02-01T00:00:00Z', ip: 'not-an-address', prompt: prompt(0, 900) });
  events.push(`{"event_id":"${prefix}-truncated","account_id":"${prefix}-1","prompt":"${prompt(1, 901)}`);
  events.push(`{"account_id":"${prefix}-2","ts":"yesterday","ip":"198.51.0.1","prompt":"${prompt(2, 902)}"}`);
  writeLines(directory, 'events.ndjson', events);
  // The same as CSV: a good row, rows with a bad address (quoted and not; only prompts without a
  // comma go unquoted), and optionally a prompt with a stray quote, which stops the CSV parser
  // with a message quoting the cell.
  const csv = [
    'event_id,account_id,ts,ip,prompt,input_tokens,output_tokens',
    `${prefix}-csv-1,${prefix}-0,2026-02-03T00:00:00Z,198.51.0.9,"${prompt(0, 903)}, with a comma",10,20`,
    `${prefix}-csv-2,${prefix}-1,2026-02-03T00:00:00Z,999.1.1.1,"${prompt(1, 904)} said ""hi""",10,20`,
    `${prefix}-csv-3,${prefix}-0,2026-02-03T00:00:00Z,999.1.1.2,${prompt(0, 905)},10,20`,
    ...(options.strayQuote ? [`${prefix}-csv-4,${prefix}-2,2026-02-03T00:00:00Z,198.51.0.9,${prompt(2, 906)} say "hi",10,20`] : []),
  ];
  writeFileSync(join(directory, 'events.csv'), `${csv.join('\n')}\n`);
  return prompts;
}

/** Runs the CLI with the test database at trace level; resolves with its exit code and output. */
async function runCli(args: string[]): Promise<{ code: number | null; output: string }> {
  const { code, stdout, stderr } = await runNodeScript(CLI, args, { ...testDatabaseEnvironment(), HYDRASCOPE_LOG_LEVEL: 'trace' });
  return { code, output: `${stdout}${stderr}` };
}

function filesBelow(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

/** Every string inside a value (lists and maps included). */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

describe('secrets and prompts', () => {
  const store = useTestStore();
  let server: RunningServer | undefined;
  const logLines: string[] = [];
  const prompts: string[] = [];
  const apiAnswers: string[] = [];
  let cliOutput = '';
  let writtenFiles: string[] = [];
  let neo4jPassword = '';

  /** Things that must appear nowhere, with a name for the failure message. */
  const secrets = () => [
    ['admin API key', ADMIN_KEY],
    ['viewer API key', VIEWER_KEY],
    ['guessed API key', WRONG_KEY],
    ['Neo4j password', neo4jPassword],
  ];

  /** The first prompt, canary or secret found in a text, or undefined. */
  const leakIn = (text: string): string | undefined => {
    if (CANARY.test(text)) return `a prompt canary: …${text.slice(Math.max(0, text.search(CANARY) - 60), text.search(CANARY) + 40)}…`;
    const prompt = prompts.find((candidate) => text.includes(candidate) || text.includes(candidate.slice(0, 50)));
    if (prompt) return `prompt text: ${prompt}`;
    const secret = secrets().find(([, value]) => text.includes(value as string));
    return secret ? `the ${secret[0]}` : undefined;
  };

  beforeAll(async () => {
    if (!existsSync(join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js'))) throw new Error('build first: npm test runs `npm run build` before vitest');
    neo4jPassword = testConnection().password;
    const logger = createLogger('trace', 'hydrascope', { write: (line: string) => void logLines.push(line) });

    // The inbox job, in process, with a refresh after the load.
    const inbox = temporaryDirectory('hydrascope-secrets-inbox-');
    prompts.push(...writeBatch(join(inbox, 'batch-a'), 'a', 12, 10));
    writeFileSync(join(inbox, 'batch-a', COMPLETE_MARKER), '');
    const pass = await processInbox({
      directory: inbox,
      store,
      logger,
      refresh: () => runRefresh(store, { requestedBy: 'security-test', onStage: (stage) => logger.debug({ stage }, `refresh: ${stage}`) }),
    });
    expect(
      pass.batches.map((batch) => batch.outcome),
      JSON.stringify(pass.batches),
    ).toEqual(['loaded']);
    expect(pass.refresh).toBe('succeeded');

    // The CLI's ingest as a child process, logging at trace level (its refresh is the same job).
    const cliBatch = temporaryDirectory('hydrascope-secrets-cli-');
    prompts.push(...writeBatch(cliBatch, 'c', 6, 6, { strayQuote: true }));
    const ingest = await runCli(['ingest', cliBatch]);
    cliOutput = ingest.output;
    // The stray quote rejects only its CSV row (quarantined, prompt withheld); the batch loads.
    expect(ingest.code, cliOutput).toBe(EXIT_CODES.success);
    expect(cliOutput).toMatch(/events\.csv\s+4\s+1\s+3\s+0/);
    writtenFiles = [...filesBelow(inbox), ...filesBelow(cliBatch)].filter((path) => /_quarantine|_summary/.test(path));

    // The API at trace level, called on every read route with each key, and a refresh started.
    const config = testConfig({ HYDRASCOPE_LOG_LEVEL: 'trace' });
    const refreshStarter = createBackgroundRefreshStarter(store, { logger });
    server = await startServer({ config, store, logger, refreshStarter, host: '127.0.0.1', port: 0 });
    const get = async (path: string, headers: Record<string, string>) => {
      const response = await fetch(`${server?.url}${path}`, { headers });
      const text = await response.text();
      apiAnswers.push(text);
      return { status: response.status, text };
    };
    const campaigns = JSON.parse((await get('/api/v1/campaigns', { 'X-API-Key': VIEWER_KEY })).text) as { items: Array<{ id: string }> };
    const campaignId = campaigns.items[0]?.id ?? 'none';
    const callers: Array<Record<string, string>> = [{ 'X-API-Key': VIEWER_KEY }, { Authorization: `Bearer ${ADMIN_KEY}` }, { 'X-API-Key': WRONG_KEY }];
    for (const headers of callers) {
      for (const path of [
        '/api/v1/campaigns?limit=5',
        `/api/v1/campaigns/${campaignId}`,
        `/api/v1/campaigns/${campaignId}/graph`,
        `/api/v1/campaigns/${campaignId}/accounts?format=csv`,
        '/api/v1/accounts/a-0',
        '/api/v1/accounts/c-1',
        '/api/v1/runs',
        '/metrics',
        '/readyz',
      ]) {
        await get(path, headers);
      }
    }
    const started = await fetch(`${server.url}/api/v1/runs`, { method: 'POST', headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' }, body: '{"seed":7}' });
    expect(started.status).toBe(202);
    await refreshStarter.idle();
  }, 240_000);

  afterAll(async () => {
    await server?.close();
  });

  it('has something to search: prompts, trace logs of every stage, CLI output and quarantine files', () => {
    expect(prompts.length).toBeGreaterThan(150);
    const logText = logLines.join('');
    for (const message of ['batch loaded', 'refresh: communities', 'request completed', 'refresh succeeded']) expect(logText).toContain(message);
    expect(cliOutput).toMatch(/"level":\d+/);
    expect(cliOutput).toContain('batch ');
    expect(writtenFiles.filter((path) => path.endsWith('_quarantine.ndjson'))).toHaveLength(2);
    expect(apiAnswers.join('')).toContain('"items"');
    expect(neo4jPassword.length).toBeGreaterThanOrEqual(8);
  });

  it('writes no prompt, API key or Neo4j password to a log line', () => {
    const leaks = logLines.map((line) => [leakIn(line), line.slice(0, 300)]).filter(([leak]) => leak !== undefined);
    expect(leaks).toEqual([]);
  });

  it('prints no prompt, API key or Neo4j password from the CLI (stdout and stderr)', () => {
    expect(leakIn(cliOutput)).toBeUndefined();
  });

  it('keeps no prompt text in quarantine or summary files, while keeping the rejected rows', () => {
    for (const path of writtenFiles) {
      const text = readFileSync(path, 'utf8');
      expect(leakIn(text), path).toBeUndefined();
      if (path.endsWith('_quarantine.ndjson')) {
        const rejected = text
          .trim()
          .split('\n')
          .map((line) => JSON.parse(line) as { file: string; reason: string; original: string });
        expect(rejected.filter((row) => row.file === 'events.ndjson')).toHaveLength(3);
        // Bad CSV rows keep every field but the prompt; the CLI batch's stray quote rejects its row
        // too, cut before the prompt column.
        const csvRejected = rejected.filter((row) => row.file === 'events.csv').map((row) => row.original);
        expect(csvRejected.slice(0, 2)).toEqual([
          expect.stringMatching(/^\w-csv-2,\w-1,.*,999\.1\.1\.1,\[redacted prompt: \d+ characters\],10,20$/),
          expect.stringMatching(/^\w-csv-3,\w-0,.*,999\.1\.1\.2,\[redacted prompt: \d+ characters\],10,20$/),
        ]);
        expect(csvRejected).toHaveLength(path.includes('secrets-inbox') ? 2 : 3);
        expect(rejected.every((row) => row.original.length > 0)).toBe(true);
      }
    }
  });

  it('answers no prompt or secret over the API', () => {
    expect(apiAnswers.map(leakIn).filter(Boolean)).toEqual([]);
  });

  it('stores no prompt text in any property of any node or relationship', async () => {
    const kinds = new Map<string, number>();
    const leaks: string[] = [];
    await store.stream<{ kind: string[]; properties: Record<string, unknown> }>(cypher('test/read-all-properties'), {}, (row) => {
      const kind = row.kind.join(':');
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
      for (const text of strings(row.properties)) {
        const leak = leakIn(text);
        if (leak) leaks.push(`${kind}: ${leak}`);
      }
    });
    // The scan saw the whole graph: accounts, fingerprints, their links, campaigns and runs.
    for (const kind of ['Account', 'PromptFingerprint', 'SENT_PROMPT', 'IP', 'USED_IP', 'PaymentMethod', 'RefreshRun', 'IngestBatch']) expect(kinds.get(kind), kind).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
  });
});
