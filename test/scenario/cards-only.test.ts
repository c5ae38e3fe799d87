// The cards-and-devices batch (`hydrascope generate --variant cards-only`) at tiny: no prompts,
// no shared addresses, a fifth of the sign-ups piled on the window's first day, families and
// labelled rings sharing cards.
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateRow, type FileKind } from '../../src/contract/rows.js';
import { readConfoundersBeside, readLabels } from '../../src/evaluation/read-evaluation-inputs.js';
import { CARDS_ONLY_SHAPE } from '../../src/scenario/cards-only.js';
import type { ScenarioManifest } from '../../src/scenario/generate-scenario.js';
import { writeScenario } from '../../src/scenario/write-scenario.js';
import { runNodeScript } from '../support/processes.js';

const root = join(tmpdir(), `hydrascope-cards-only-test-${process.pid}`);
const folder = join(root, 'batch');
const rows = async (kind: string) =>
  (await readFile(join(folder, `${kind}.ndjson`), 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

let manifest: ScenarioManifest;

beforeAll(async () => {
  manifest = await writeScenario({ scale: 'tiny', seed: 3, variant: 'cards-only', outDir: folder });
}, 60_000);

afterAll(async () => rm(root, { recursive: true, force: true }));

/** Accounts per payment instrument, from the payments file. */
async function cardHolders(): Promise<Map<string, Set<string>>> {
  const holders = new Map<string, Set<string>>();
  for (const payment of await rows('payments')) {
    const fingerprint = payment.payment_fingerprint as string;
    let accounts = holders.get(fingerprint);
    if (!accounts) holders.set(fingerprint, (accounts = new Set()));
    accounts.add(payment.account_id as string);
  }
  return holders;
}

describe('hydrascope generate --variant cards-only (tiny)', () => {
  it.each(['accounts', 'payments', 'events', 'labels'] as const)('writes %s lines that all pass the contract validation', async (kind: FileKind) => {
    const written = await rows(kind);
    expect(written.length).toBe(manifest.files[kind]?.rows);
    expect(written.map((row) => validateRow(kind, row)).filter((result) => !result.ok)).toEqual([]);
  });

  it('writes no prompt and no fingerprint on any event', async () => {
    const events = await rows('events');
    expect(events.length).toBeGreaterThan(10_000);
    expect(events.filter((event) => 'prompt' in event || 'prompt_fingerprint' in event)).toEqual([]);
  });

  it('gives every account one private address of its own: no address or /24 is shared', async () => {
    const accountsOf = new Map<string, Set<string>>();
    const addressesOf = new Map<string, Set<string>>();
    for (const event of await rows('events')) {
      const network = (event.ip as string).split('.').slice(0, 3).join('.');
      accountsOf.set(network, (accountsOf.get(network) ?? new Set()).add(event.account_id as string));
      addressesOf.set(event.account_id as string, (addressesOf.get(event.account_id as string) ?? new Set()).add(event.ip as string));
    }
    expect([...accountsOf.values()].filter((accounts) => accounts.size > 1)).toEqual([]);
    expect([...addressesOf.values()].every((addresses) => addresses.size === 1)).toBe(true);
  });

  it('piles about a fifth of all sign-ups on the first day of the window', async () => {
    const start = Date.parse(manifest.window.start);
    const accounts = await rows('accounts');
    const dayOne = accounts.filter((account) => {
      const created = Date.parse(account.created_at as string);
      return created >= start && created < start + 86_400_000;
    }).length;
    expect(dayOne / accounts.length).toBeGreaterThanOrEqual(CARDS_ONLY_SHAPE.dayOneShare - 0.02);
    expect(dayOne / accounts.length).toBeLessThanOrEqual(CARDS_ONLY_SHAPE.dayOneShare + 0.03);
    expect(manifest.day_one_signups?.accounts).toBe(dayOne);
  });

  it('labels a few fraud rings of 5-15 accounts sharing their cards, and families of 2-5 sharing one', async () => {
    const labels = await readLabels(join(folder, 'labels.ndjson'));
    const ringOf = new Map(labels.filter((label) => label.campaign !== null).map((label) => [label.account_id, label.campaign as string]));
    const rings = new Map<string, string[]>();
    for (const [account, ring] of ringOf) rings.set(ring, [...(rings.get(ring) ?? []), account]);
    expect(rings.size).toBeGreaterThanOrEqual(CARDS_ONLY_SHAPE.minimumRings);
    for (const [ring, members] of rings) {
      expect(ring).toMatch(/^ring-\d+$/);
      expect(members.length).toBeGreaterThanOrEqual(5);
      expect(members.length).toBeLessThanOrEqual(15);
    }
    const holders = await cardHolders();
    for (const [ring, members] of rings) {
      const shared = [...holders.values()].filter((accounts) => members.every((member) => accounts.has(member)) || [...accounts].filter((id) => members.includes(id)).length >= 2);
      expect(shared.length, ring).toBeGreaterThan(0);
      // A ring's cards pay for no one outside it.
      expect(
        shared.every((accounts) => [...accounts].every((id) => ringOf.get(id) === ring)),
        ring,
      ).toBe(true);
    }
    const confounders = (await readConfoundersBeside(join(folder, 'labels.ndjson'))) ?? [];
    const family = new Set(confounders.filter((entry) => entry.group === 'family_card').map((entry) => entry.account_id));
    expect(family.size).toBeGreaterThan(0);
    const familyCards = [...holders.values()].filter((accounts) => [...accounts].some((id) => family.has(id)));
    expect(familyCards.every((accounts) => accounts.size >= 2 && accounts.size <= 5)).toBe(true);
    expect([...family].every((id) => !ringOf.has(id))).toBe(true);
  });

  it('is written by the generate command', async () => {
    const out = join(root, 'cli');
    const cli = fileURLToPath(new URL('../../bin/hydrascope.js', import.meta.url));
    const { code, stdout } = await runNodeScript(cli, ['generate', '--scale', 'tiny', '--seed', '3', '--variant', 'cards-only', '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toContain('ring-1');
    expect(await readFile(join(out, 'events.ndjson'), 'utf8')).toBe(await readFile(join(folder, 'events.ndjson'), 'utf8'));
  });
});
