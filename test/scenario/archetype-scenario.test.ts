// `hydrascope generate --archetypes SEED` at tiny: a valid batch whose labels name the drawn
// archetypes, with the two-signal benign confounders where evaluation reads them, the same bytes
// for the same seeds, and resources shaped by each archetype's parameters.
import { createHash } from 'node:crypto';
import { readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRow, type FileKind } from '../../src/contract/rows.js';
import { readConfoundersBeside, readLabels } from '../../src/evaluation/read-evaluation-inputs.js';
import { explainPromptIntent } from '../../src/ingest/prompt-intent.js';
import { createScenario, type ScenarioManifest } from '../../src/scenario/generate-scenario.js';
import { CAMPAIGN_NAMES } from '../../src/scenario/prompt-templates.js';
import { TWO_SIGNAL_CONFOUNDER_GROUPS } from '../../src/scenario/scenario-plan.js';
import { writeScenario } from '../../src/scenario/write-scenario.js';
import { runNodeScript } from '../support/processes.js';

const root = join(tmpdir(), `hydrascope-archetype-test-${process.pid}`);
const directory = (name: string) => join(root, name);
const rows = async (name: string, kind: string) =>
  (await readFile(join(directory(name), `${kind}.ndjson`), 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

async function hashFiles(path: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const file of (await readdir(path)).sort())
    hashes[file] = createHash('sha256')
      .update(await readFile(join(path, file)))
      .digest('hex');
  return hashes;
}

// Archetype seed 2 draws seven archetypes, among them a vpn-exits one and own-addresses ones.
const ARCHETYPE_SEED = 2;
let manifest: ScenarioManifest;

beforeAll(async () => {
  manifest = await writeScenario({ scale: 'tiny', seed: 5, archetypeSeed: ARCHETYPE_SEED, outDir: directory('first') });
  await writeScenario({ scale: 'tiny', seed: 5, archetypeSeed: ARCHETYPE_SEED, outDir: directory('again') });
  await writeScenario({ scale: 'tiny', seed: 5, archetypeSeed: 3, outDir: directory('other-archetypes') });
}, 120_000);

afterAll(async () => rm(root, { recursive: true, force: true }));

describe('hydrascope generate --archetypes (tiny)', () => {
  it('writes the same bytes for the same seeds and other campaigns for another archetype seed', async () => {
    const first = await hashFiles(directory('first'));
    expect(Object.keys(first)).toEqual(['accounts.ndjson', 'confounders.ndjson', 'events.ndjson', 'labels.ndjson', 'payments.ndjson', 'scenario.json']);
    expect(await hashFiles(directory('again'))).toEqual(first);
    const other = await hashFiles(directory('other-archetypes'));
    expect(other['labels.ndjson']).not.toEqual(first['labels.ndjson']);
  });

  it.each(['accounts', 'payments', 'events', 'labels'] as const)('writes %s lines that all pass the contract validation', async (kind: FileKind) => {
    const written = await rows('first', kind);
    expect(written.length).toBe(manifest.files[kind]?.rows);
    expect(written.map((row) => validateRow(kind, row)).filter((result) => !result.ok)).toEqual([]);
  });

  it('labels the accounts with the drawn archetypes, never the three fixed campaigns, as scenario.json records them', async () => {
    const labels = await readLabels(join(directory('first'), 'labels.ndjson'));
    const counts = new Map<string, number>();
    for (const label of labels) if (label.campaign !== null) counts.set(label.campaign, (counts.get(label.campaign) ?? 0) + 1);
    const archetypes = manifest.archetypes ?? [];
    expect(manifest.archetype_seed).toBe(ARCHETYPE_SEED);
    expect(archetypes.length).toBeGreaterThanOrEqual(3);
    expect([...counts.keys()].sort()).toEqual(archetypes.map((archetype) => archetype.name).sort());
    expect(Object.keys(manifest.campaigns)).toEqual(archetypes.map((archetype) => archetype.name));
    for (const archetype of archetypes) {
      expect(archetype.name).toMatch(new RegExp(`^a${ARCHETYPE_SEED}-${archetype.index}-`));
      expect(counts.get(archetype.name)).toBe(archetype.accounts);
      expect(manifest.campaigns[archetype.name]).toMatchObject({ accounts: archetype.accounts, events: archetype.events, cells: archetype.cells });
      expect(archetype.prompts.templates.length).toBeGreaterThan(0);
    }
    for (const name of CAMPAIGN_NAMES) expect(counts.has(name)).toBe(false);
    // The parameters are written out in full, for whoever reads the results.
    const written = JSON.parse(await readFile(join(directory('first'), 'scenario.json'), 'utf8')) as ScenarioManifest;
    expect(written.archetypes).toEqual(archetypes);
  });

  it('writes the two-signal confounders beside the labels, benign accounts only, where evaluation reads them', async () => {
    const labels = new Map((await readLabels(join(directory('first'), 'labels.ndjson'))).map((label) => [label.account_id, label.campaign]));
    const confounders = (await readConfoundersBeside(join(directory('first'), 'labels.ndjson'))) ?? [];
    for (const group of TWO_SIGNAL_CONFOUNDER_GROUPS) {
      const members = confounders.filter((entry) => entry.group === group).map((entry) => entry.account_id);
      expect(members.length, group).toBeGreaterThan(0);
      expect(
        members.every((id) => labels.get(id) === null),
        group,
      ).toBe(true);
      expect(manifest.confounder_counts[group], group).toBe(members.length);
    }
  });

  it('gives event ids of their own: none shared with the scenario of the same scale and seed without archetypes', async () => {
    const events = await rows('first', 'events');
    const ids = new Set(events.map((event) => event.event_id as string));
    expect(ids.size).toBe(events.length);
    const plain = [...createScenario({ scale: 'tiny', seed: 5 }).eventRows()].map((event) => event.event_id);
    expect(plain.filter((id) => ids.has(id))).toEqual([]);
  });

  it('keeps the benign population at the scale targets', () => {
    expect(manifest.accounts.benign).toBe(808);
    expect(Math.abs(manifest.events.benign - 15_000) / 15_000).toBeLessThanOrEqual(0.05);
  });
});

describe('archetype resources (tiny)', () => {
  const scenario = createScenario({ scale: 'tiny', seed: 5, archetypeSeed: ARCHETYPE_SEED });
  const accounts = scenario.plan.accounts;
  const events = [...scenario.eventRows()];
  const archetypes = scenario.plan.archetypes?.list ?? [];
  const byId = new Map(accounts.map((account) => [account.accountId, account]));
  const addressesOf = new Map<string, Set<string>>();
  for (const event of events) {
    let users = addressesOf.get(event.ip);
    if (!users) addressesOf.set(event.ip, (users = new Set()));
    users.add(event.account_id);
  }
  const subnet = (ip: string) => ip.split('.').slice(0, 3).join('.');
  const members = (name: string) => accounts.filter((account) => account.campaign === name);

  it('puts a vpn-exits archetype on the exits benign VPN users share', () => {
    const vpn = archetypes.find((archetype) => archetype.addresses.style === 'vpn-exits');
    expect(vpn).toBeDefined();
    const campaignSubnets = new Set(events.filter((event) => byId.get(event.account_id)?.campaign === vpn?.name).map((event) => subnet(event.ip)));
    const benignVpnSubnets = new Set(events.filter((event) => byId.get(event.account_id)?.groups.includes('vpn_campaign_exit')).map((event) => subnet(event.ip)));
    expect([...campaignSubnets].filter((entry) => benignVpnSubnets.has(entry)).length).toBeGreaterThan(0);
  });

  it('shares no address between two accounts of an own-addresses archetype', () => {
    for (const archetype of archetypes.filter((entry) => entry.addresses.style === 'own-addresses')) {
      const ids = new Set(members(archetype.name).map((account) => account.accountId));
      const shared = [...addressesOf.values()].filter((users) => [...users].filter((id) => ids.has(id)).length >= 2);
      expect(shared, archetype.name).toEqual([]);
    }
  });

  it('pays as the archetype says: own cards are never shared, shared cards stay within their group size', () => {
    for (const archetype of archetypes) {
      const perCard = new Map<string, number>();
      for (const account of members(archetype.name)) for (const payment of account.payments) perCard.set(payment.payment_fingerprint, (perCard.get(payment.payment_fingerprint) ?? 0) + 1);
      const largest = Math.max(...perCard.values());
      if (archetype.instruments.sharing.startsWith('own-cards')) expect(largest, archetype.name).toBe(1);
      if (archetype.instruments.sharing === 'shared-prepaid') expect(largest, archetype.name).toBeLessThanOrEqual(archetype.instruments.groupSize ?? 0);
      if (archetype.instruments.sharing === 'few-cards') expect(perCard.size, archetype.name).toBeLessThanOrEqual((archetype.instruments.cards ?? 0) + archetype.cells);
    }
  });

  it('sends lexicon archetypes prompts the phrase rules classify as other, apart from cover traffic', () => {
    const lexicon = new Set(archetypes.filter((archetype) => archetype.prompts.wording === 'lexicon').map((archetype) => archetype.name));
    const prompts = events.filter((event) => lexicon.has(byId.get(event.account_id)?.campaign ?? ''));
    expect(prompts.length).toBeGreaterThan(0);
    const flagged = prompts.filter((event) => explainPromptIntent(event.prompt).intent !== 'other');
    // Cover traffic comes from the benign catalogue (homework may say "step by step"); at most its share.
    const coverShare = Math.max(...archetypes.filter((archetype) => lexicon.has(archetype.name)).map((archetype) => archetype.coverShare));
    expect(flagged.length / prompts.length).toBeLessThanOrEqual(coverShare);
  });
});

describe('the generate command with --archetypes', () => {
  const CLI = fileURLToPath(new URL('../../bin/hydrascope.js', import.meta.url));

  it('writes a tiny batch whose labels name the archetype campaigns', async () => {
    const out = directory('cli');
    const { code, stdout } = await runNodeScript(CLI, ['generate', '--scale', 'tiny', '--seed', '4', '--archetypes', '101', '--out', out]);
    expect(code).toBe(0);
    const labels = await readLabels(join(out, 'labels.ndjson'));
    const names = new Set(labels.map((label) => label.campaign).filter((name): name is string => name !== null));
    expect(names.size).toBeGreaterThanOrEqual(3);
    for (const name of names) {
      expect(name).toMatch(/^a101-\d-(proxy|dc|vpn|own)-(prepaid|fewcards|rareissuer|owncards)$/);
      expect(stdout).toContain(name);
    }
  });

  it('refuses --archetypes together with --variant cards-only', async () => {
    const { code, stderr } = await runNodeScript(CLI, ['generate', '--scale', 'tiny', '--archetypes', '1', '--variant', 'cards-only', '--out', directory('refused')]);
    expect(code).toBe(2);
    expect(stderr).toContain('cannot be combined');
  });
});
