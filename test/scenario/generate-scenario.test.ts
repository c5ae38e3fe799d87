import { createHash } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRow, type FileKind } from '../../src/contract/rows.js';
import type { ScenarioManifest } from '../../src/scenario/generate-scenario.js';
import { CAMPAIGN_NAMES } from '../../src/scenario/prompt-templates.js';
import { SCALES } from '../../src/scenario/scales.js';
import { CONFOUNDER_GROUPS } from '../../src/scenario/scenario-plan.js';
import { writeScenario } from '../../src/scenario/write-scenario.js';

const root = join(tmpdir(), `hydrascope-scenario-test-${process.pid}`);
const directory = (name: string) => join(root, name);
const lines = async (path: string) => (await readFile(path, 'utf8')).split('\n').filter((line) => line !== '');
const rows = async (name: string, kind: string) => (await lines(join(directory(name), `${kind}.ndjson`))).map((line) => JSON.parse(line) as Record<string, unknown>);

async function hashFiles(path: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const file of (await readdir(path)).sort())
    hashes[file] = createHash('sha256')
      .update(await readFile(join(path, file)))
      .digest('hex');
  return hashes;
}

let manifest: ScenarioManifest;

beforeAll(async () => {
  manifest = await writeScenario({ scale: 'tiny', seed: 7, outDir: directory('first') });
  await writeScenario({ scale: 'tiny', seed: 7, outDir: directory('again') });
  await writeScenario({ scale: 'tiny', seed: 8, outDir: directory('other-seed') });
  await writeScenario({ scale: 'tiny', seed: 7, outDir: directory('gzip'), gzip: true });
}, 60_000);

afterAll(async () => rm(root, { recursive: true, force: true }));

describe('hydrascope generate (tiny)', () => {
  it('writes the same bytes for the same seed', async () => {
    const first = await hashFiles(directory('first'));
    expect(Object.keys(first)).toEqual(['accounts.ndjson', 'confounders.ndjson', 'events.ndjson', 'labels.ndjson', 'payments.ndjson', 'scenario.json']);
    expect(await hashFiles(directory('again'))).toEqual(first);
  });

  it('writes different data for a different seed', async () => {
    const first = await hashFiles(directory('first'));
    const other = await hashFiles(directory('other-seed'));
    expect(other['events.ndjson']).not.toEqual(first['events.ndjson']);
    expect(other['accounts.ndjson']).not.toEqual(first['accounts.ndjson']);
  });

  it('writes gzip files that hold exactly the plain files', async () => {
    for (const kind of ['accounts', 'payments', 'events', 'labels', 'confounders']) {
      const packed = gunzipSync(await readFile(join(directory('gzip'), `${kind}.ndjson.gz`)));
      expect(packed.equals(await readFile(join(directory('first'), `${kind}.ndjson`))), kind).toBe(true);
    }
  });

  it.each(['accounts', 'payments', 'events', 'labels'] as const)('writes %s lines that all pass the contract validation', async (kind: FileKind) => {
    const written = await rows('first', kind);
    expect(written.length).toBe(manifest.files[kind]?.rows);
    const rejected = written.map((row) => validateRow(kind, row)).filter((result) => !result.ok);
    expect(rejected).toEqual([]);
  });

  it('writes one label per account and unique event ids, raw prompts and no fingerprints', async () => {
    const accounts = await rows('first', 'accounts');
    const labels = await rows('first', 'labels');
    expect(labels.map((label) => label.account_id).sort()).toEqual(accounts.map((account) => account.account_id).sort());
    const events = await rows('first', 'events');
    expect(new Set(events.map((event) => event.event_id)).size).toBe(events.length);
    expect(events.every((event) => typeof event.prompt === 'string' && !('prompt_fingerprint' in event))).toBe(true);
  });

  it('never writes two byte-identical prompts, and every prompt has 20 to 150 words', async () => {
    const prompts = (await rows('first', 'events')).map((event) => event.prompt as string);
    expect(new Set(prompts).size).toBe(prompts.length);
    const lengths = prompts.map((prompt) => prompt.split(/\s+/).length);
    expect(Math.min(...lengths)).toBeGreaterThanOrEqual(20);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(150);
  });

  it('keeps every event inside the 30-day window and after its account was created', async () => {
    const created = new Map((await rows('first', 'accounts')).map((account) => [account.account_id, Date.parse(account.created_at as string)]));
    const start = Date.parse(manifest.window.start);
    const end = Date.parse(manifest.window.end);
    const late = (await rows('first', 'events')).filter((event) => {
      const time = Date.parse(event.ts as string);
      return time < start || time >= end || time <= (created.get(event.account_id as string) ?? Infinity);
    });
    expect(late).toEqual([]);
  });

  const targets = SCALES.tiny;
  it.each(CAMPAIGN_NAMES.map((campaign) => ({ campaign, target: targets.campaigns[campaign] })))(
    'matches the $campaign targets (accounts, events, share of campaign events) within 5%',
    async ({ campaign, target }) => {
      const labels = new Map((await rows('first', 'labels')).map((label) => [label.account_id, label.campaign]));
      const events = await rows('first', 'events');
      const members = [...labels.values()].filter((label) => label === campaign).length;
      const campaignEvents = events.filter((event) => labels.get(event.account_id) === campaign).length;
      const allCampaignEvents = events.filter((event) => labels.get(event.account_id) !== null).length;
      const targetShare = target.events / Object.values(targets.campaigns).reduce((sum, entry) => sum + entry.events, 0);
      expect(Math.abs(members - target.accounts) / target.accounts).toBeLessThanOrEqual(0.05);
      expect(Math.abs(campaignEvents - target.events) / target.events).toBeLessThanOrEqual(0.05);
      expect(Math.abs(campaignEvents / allCampaignEvents - targetShare) / targetShare).toBeLessThanOrEqual(0.05);
      expect(manifest.campaigns[campaign]).toMatchObject({ accounts: members, events: campaignEvents });
    },
  );

  it('matches the benign targets within 5%', async () => {
    const labels = await rows('first', 'labels');
    const benign = new Set(labels.filter((label) => label.campaign === null).map((label) => label.account_id));
    const benignEvents = (await rows('first', 'events')).filter((event) => benign.has(event.account_id)).length;
    expect(Math.abs(benign.size - targets.benignAccounts) / targets.benignAccounts).toBeLessThanOrEqual(0.05);
    expect(Math.abs(benignEvents - targets.benignEvents) / targets.benignEvents).toBeLessThanOrEqual(0.05);
  });

  it('lists every confounder group, only with benign accounts, in scenario.json and confounders.ndjson alike', async () => {
    const labels = new Map((await rows('first', 'labels')).map((label) => [label.account_id, label.campaign]));
    const fromFile = new Map<string, string[]>();
    for (const entry of await rows('first', 'confounders')) fromFile.set(entry.group as string, [...(fromFile.get(entry.group as string) ?? []), entry.account_id as string]);
    for (const group of CONFOUNDER_GROUPS) {
      const ids = manifest.confounders?.[group] ?? [];
      expect(ids.length, group).toBeGreaterThan(0);
      expect(
        ids.every((id) => labels.get(id) === null),
        group,
      ).toBe(true);
      expect([...(fromFile.get(group) ?? [])].sort(), group).toEqual([...ids].sort());
      expect(manifest.confounder_counts[group]).toBe(ids.length);
    }
  });
});
