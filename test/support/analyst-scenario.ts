// A generated scenario small enough for the analyst and explorer tests: the real generator's
// `tiny` scale cut to two campaigns (reasoning-traces, cot-extraction) and a slice of the benign
// population with every account's events thinned to about 40, loaded in two batches with a refresh after each, so one campaign grows between the
// runs and "what changed" queries have something to show. Cutting keeps ingest to seconds.
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { runRefresh, type RefreshSummary } from '../../src/jobs/refresh-job.js';
import { writeScenario } from '../../src/scenario/write-scenario.js';
import { temporaryDirectory } from './batches.js';

const KEPT_CAMPAIGNS = new Set(['reasoning-traces', 'cot-extraction']);
const BENIGN_ACCOUNTS = 150;
/** Events kept per account (every n-th, spread over its activity): enough for every signal. */
const EVENTS_PER_ACCOUNT = 40;
/** Campaign accounts held back to the second batch, so their campaign grows in the second run. */
const HELD_BACK_FROM = 'reasoning-traces';
const HELD_BACK_ACCOUNTS = 12;

export interface AnalystScenario {
  firstRun: RefreshSummary;
  secondRun: RefreshSummary;
  /** account id → campaign name (or null for benign) of every loaded account. */
  labels: Map<string, string | null>;
}

async function splitFile(source: string, targets: Array<{ path: string; accept: (accountId: string) => boolean }>, rowsPerAccount?: Map<string, number>): Promise<void> {
  const outputs = targets.map((target) => ({ ...target, stream: createWriteStream(target.path) }));
  const lines = createInterface({ input: createReadStream(source), crlfDelay: Infinity });
  const seen = new Map<string, number>();
  for await (const line of lines) {
    if (line === '') continue;
    const accountId = (JSON.parse(line) as { account_id: string }).account_id;
    if (rowsPerAccount) {
      const index = seen.get(accountId) ?? 0;
      seen.set(accountId, index + 1);
      const stride = Math.max(1, Math.floor((rowsPerAccount.get(accountId) ?? 0) / EVENTS_PER_ACCOUNT));
      if (index % stride !== 0) continue;
    }
    for (const output of outputs) {
      if (output.accept(accountId) && !output.stream.write(`${line}\n`)) await once(output.stream, 'drain');
    }
  }
  await Promise.all(outputs.map((output) => new Promise<void>((resolve, reject) => output.stream.end((error?: Error | null) => (error ? reject(error) : resolve())))));
}

export async function loadAnalystScenario(store: GraphStore, seed = 7): Promise<AnalystScenario> {
  const generated = temporaryDirectory('hydrascope-scenario-');
  await writeScenario({ scale: 'tiny', seed, outDir: generated });

  const allLabels = readFileSync(join(generated, 'labels.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { account_id: string; campaign: string | null });
  const benign = allLabels.filter((label) => label.campaign === null).slice(0, BENIGN_ACCOUNTS);
  const campaign = allLabels.filter((label) => label.campaign !== null && KEPT_CAMPAIGNS.has(label.campaign));
  const labels = new Map([...benign, ...campaign].map((label) => [label.account_id, label.campaign]));
  const heldBack = new Set(
    campaign
      .filter((label) => label.campaign === HELD_BACK_FROM)
      .slice(0, HELD_BACK_ACCOUNTS)
      .map((label) => label.account_id),
  );

  const first = join(generated, 'batch-1');
  const second = join(generated, 'batch-2');
  await mkdir(first);
  await mkdir(second);
  const eventsPerAccount = new Map<string, number>();
  const eventLines = createInterface({ input: createReadStream(join(generated, 'events.ndjson')), crlfDelay: Infinity });
  for await (const line of eventLines) {
    const accountId = /"account_id":"([^"]+)"/.exec(line)?.[1];
    if (accountId) eventsPerAccount.set(accountId, (eventsPerAccount.get(accountId) ?? 0) + 1);
  }
  for (const name of ['accounts.ndjson', 'payments.ndjson', 'events.ndjson']) {
    const targets = [
      { path: join(first, name), accept: (id: string) => labels.has(id) && !heldBack.has(id) },
      { path: join(second, name), accept: (id: string) => heldBack.has(id) },
    ];
    await splitFile(join(generated, name), targets, name === 'events.ndjson' ? eventsPerAccount : undefined);
  }

  const fingerprinter = createPromptFingerprinter();
  await ingestBatch(store, first, { fingerprinter });
  const firstRun = await runRefresh(store, { requestedBy: 'test:analyst-scenario' });
  await ingestBatch(store, second, { fingerprinter });
  const secondRun = await runRefresh(store, { requestedBy: 'test:analyst-scenario' });
  return { firstRun, secondRun, labels };
}
