// `hydrascope eval --verdicts` and `hydrascope calibrate` on a generated scenario in a real Neo4j:
// the tiny scale (events thinned), refreshed with a low threshold so benign communities are
// reported too, verdicts set from the scenario's labels with deliberate noise. Calibrate reports
// held-out results, refuses too few verdicts (exit 4), changes nothing without --apply, and with
// --apply the next refresh scores with the fitted weights and says so.
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recordAccountVerdict, recordCampaignVerdict } from '../../src/api/use-cases/verdicts.js';
import { exampleFeatures, FAMILIES, scoreWith, type FamilyWeights } from '../../src/campaigns/calibration.js';
import { calibrationText, printRefreshSummary } from '../../src/cli/commands/refresh.js';
import { exitCodeFor, type CliContext } from '../../src/cli/context.js';
import { buildProgram } from '../../src/cli/main.js';
import { cypher } from '../../src/graph-store/cypher-files.js';
import type { GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { wipeDatabase } from '../../src/graph-store/schema.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { runRefresh, type RefreshSummary } from '../../src/jobs/refresh-job.js';
import { writeScenario } from '../../src/scenario/write-scenario.js';
import { seededRandom } from '../../src/shared/random.js';
import { temporaryDirectory } from '../support/batches.js';
import { openTestStore } from '../support/neo4j.js';

const EVENTS_PER_ACCOUNT = 24;
/** Share of verdicts deliberately set against the labels: analysts err too. */
const NOISE = 0.1;

/** The tiny scenario with every account's events thinned to about EVENTS_PER_ACCOUNT (ingest in seconds). */
async function writeThinnedScenario(): Promise<{ folder: string; campaignOf: Map<string, string | null> }> {
  const generated = temporaryDirectory('hydrascope-calibrate-');
  await writeScenario({ scale: 'tiny', seed: 11, outDir: generated });
  const folder = join(generated, 'batch');
  await mkdir(folder);
  const count = new Map<string, number>();
  for await (const line of createInterface({ input: createReadStream(join(generated, 'events.ndjson')) })) {
    const accountId = /"account_id":"([^"]+)"/.exec(line)?.[1];
    if (accountId) count.set(accountId, (count.get(accountId) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  const out = createWriteStream(join(folder, 'events.ndjson'));
  for await (const line of createInterface({ input: createReadStream(join(generated, 'events.ndjson')) })) {
    const accountId = /"account_id":"([^"]+)"/.exec(line)?.[1] as string;
    const index = seen.get(accountId) ?? 0;
    seen.set(accountId, index + 1);
    if (index % Math.max(1, Math.floor((count.get(accountId) ?? 0) / EVENTS_PER_ACCOUNT)) === 0 && !out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  for (const name of ['accounts.ndjson', 'payments.ndjson']) {
    const target = createWriteStream(join(folder, name));
    target.end(readFileSync(join(generated, name)));
    await once(target, 'finish');
  }
  const labels = readFileSync(join(generated, 'labels.ndjson'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { account_id: string; campaign: string | null });
  return { folder, campaignOf: new Map(labels.map((label) => [label.account_id, label.campaign])) };
}

describe('eval --verdicts and calibrate on generated verdicts', () => {
  let store: GraphStore;
  let first: RefreshSummary;
  const verdictCounts = { confirmed: 0, dismissed: 0 };
  const context = {
    config: () => ({}) as never,
    logger: () => ({ info: () => undefined }) as never,
    runAsBatchJob: () => undefined,
    withStore: async <R>(work: (given: GraphStore) => Promise<R>) => work(store),
  } as CliContext;
  // Every community with three core accounts is reported (threshold 0), so benign ones reach the analysts too.
  const refresh = () => runRefresh(store, { requestedBy: 'test:calibrate', resolution: 4, scoring: { threshold: 0, minAccounts: 3 } });
  const run = async (argv: string[]): Promise<{ stdout: string; error: unknown }> => {
    let stdout = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await buildProgram(context).parseAsync(['node', 'hydrascope', ...argv]);
      return { stdout, error: undefined };
    } catch (error) {
      return { stdout, error };
    } finally {
      spy.mockRestore();
      stderr.mockRestore();
    }
  };
  const scores = (summary: RefreshSummary) => new Map(summary.campaigns.map((campaign) => [campaign.campaignId, campaign.score]));

  beforeAll(async () => {
    store = await openTestStore();
    const { folder, campaignOf } = await writeThinnedScenario();
    await ingestBatch(store, folder, { fingerprinter: createPromptFingerprinter() });
    first = await refresh();
    // Verdicts from the labels: a campaign most of whose members belong to a planted campaign is
    // confirmed, the others dismissed; a tenth of them (drawn with a seed) the other way round.
    const rng = seededRandom(5);
    const members = await store.read<{ account_id: string; campaign_id: string }>(cypher('read-campaign-assignments'));
    for (const campaign of first.campaigns) {
      const inCampaign = members.filter((row) => row.campaign_id === campaign.campaignId);
      const planted = inCampaign.filter((row) => campaignOf.get(row.account_id)).length;
      const labelled = planted * 2 > inCampaign.length;
      const confirmed = rng() < NOISE ? !labelled : labelled;
      verdictCounts[confirmed ? 'confirmed' : 'dismissed'] += 1;
      await recordCampaignVerdict(store, { campaignId: campaign.campaignId, verdict: confirmed ? 'confirmed' : 'dismissed', note: 'generated from the scenario labels', by: 'test-analyst' });
    }
  }, 600_000);
  afterAll(async () => {
    await wipeDatabase(store);
    await store.close();
  });

  it('has reviewed campaigns of both kinds to work with', () => {
    expect(verdictCounts.confirmed).toBeGreaterThanOrEqual(5);
    expect(verdictCounts.dismissed).toBeGreaterThanOrEqual(5);
  });

  it('eval --verdicts reports precision among reviewed campaigns and accounts, with counts', async () => {
    const campaignId = first.campaigns[0]?.campaignId as string;
    const [member] = (await store.read<{ account_id: string; campaign_id: string }>(cypher('read-campaign-assignments'))).filter((row) => row.campaign_id === campaignId);
    await recordAccountVerdict(store, { accountId: member?.account_id as string, campaignId, verdict: 'not_involved', note: 'checked by hand', by: 'test-analyst' });
    const { stdout, error } = await run(['eval', '--verdicts', '--json']);
    expect(error).toBeUndefined();
    const reviewed = verdictCounts.confirmed + verdictCounts.dismissed;
    expect(JSON.parse(stdout)).toEqual({
      campaigns: {
        reviewed,
        confirmed: verdictCounts.confirmed,
        dismissed: verdictCounts.dismissed,
        underReview: 0,
        automatic: 0,
        precision: Math.round((verdictCounts.confirmed / reviewed) * 10_000) / 10_000,
      },
      accounts: { reviewed: 1, confirmed: 0, notInvolved: 1, automatic: 0, precision: 0 },
    });
    const text = await run(['eval', '--verdicts']);
    expect(text.stdout).toContain(`(${verdictCounts.confirmed} confirmed / ${reviewed} reviewed; ${verdictCounts.dismissed} dismissed)`);
    // The account verdict is taken back: it counts as confirmed from now on.
    await recordAccountVerdict(store, { accountId: member?.account_id as string, campaignId, verdict: 'confirmed', note: 'it is one of them after all', by: 'test-analyst' });
    expect(JSON.parse((await run(['eval', '--verdicts', '--json'])).stdout).accounts).toMatchObject({ reviewed: 1, confirmed: 1, precision: 1 });
  });

  it('calibrate refuses to fit too few verdicts with exit code 4, changing nothing', async () => {
    const { error } = await run(['calibrate', '--min-per-class', '1000']);
    expect(exitCodeFor(error)).toBe(4);
    expect((error as Error).message).toMatch(new RegExp(`confirmed ${verdictCounts.confirmed} and dismissed ${verdictCounts.dismissed} campaigns; at least 1000 of each`));
    expect(await store.read(cypher('read-current-calibration'))).toEqual([]);
  });

  it('calibrate without --apply reports fitted and current weights on held-out verdicts and changes nothing', async () => {
    const { stdout, error } = await run(['calibrate', '--min-per-class', '5', '--json']);
    expect(error).toBeUndefined();
    const result = JSON.parse(stdout) as {
      status: string;
      confirmed: number;
      dismissed: number;
      folds: number;
      fitted: { familyWeights: Record<string, number> };
      current: Record<string, number>;
      heldOut: Record<'fitted' | 'current', Record<string, number | null>>;
      stored: unknown;
    };
    expect(result).toMatchObject({ status: 'fitted', confirmed: verdictCounts.confirmed, dismissed: verdictCounts.dismissed, stored: null });
    expect(result.folds).toBeGreaterThanOrEqual(2);
    expect(Object.keys(result.fitted.familyWeights).sort()).toEqual([...FAMILIES].sort());
    expect(Object.values(result.current)).toEqual(FAMILIES.map(() => 1));
    for (const side of ['fitted', 'current'] as const) {
      const metrics = result.heldOut[side];
      // Every reviewed campaign is held out exactly once.
      expect((metrics.truePositives as number) + (metrics.falsePositives as number) + (metrics.falseNegatives as number) + (metrics.trueNegatives as number)).toBe(
        verdictCounts.confirmed + verdictCounts.dismissed,
      );
      expect(metrics.accuracy).toBeGreaterThanOrEqual(0);
      expect(metrics.auc).not.toBeNull();
    }
    const text = (await run(['calibrate', '--min-per-class', '5'])).stdout;
    expect(text).toMatch(/precision \(confirmed among raised\)\s+\S+\s+\S+/);
    expect(text).toContain('Nothing changed.');

    expect(await store.read(cypher('read-current-calibration'))).toEqual([]);
    const second = await refresh();
    expect(second.calibration).toBeNull();
    expect(scores(second)).toEqual(scores(first));
    expect(printRefreshSummary(second)).toContain('scoring: default family weights (not calibrated)');
  });

  it('calibrate --apply stores the fitted weights and the next refresh scores with them, saying so', async () => {
    const { stdout, error } = await run(['calibrate', '--min-per-class', '5', '--apply', '--json']);
    expect(error).toBeUndefined();
    const result = JSON.parse(stdout) as { fitted: { familyWeights: Record<string, number> }; stored: { calibrationId: string; familyWeights: Record<string, number> } };
    expect(result.stored.calibrationId).toMatch(/^calibrate-/);
    expect(result.stored.familyWeights).toEqual(result.fitted.familyWeights);
    // The fit moved at least one family (noisy labels, a low threshold: the defaults are not the best fit).
    expect(FAMILIES.some((family) => Math.abs((result.fitted.familyWeights[family] as number) - 1) > 0.01)).toBe(true);

    const third = await refresh();
    expect(third.calibration).toMatchObject({ calibrationId: result.stored.calibrationId, familyWeights: result.fitted.familyWeights });
    expect(printRefreshSummary(third)).toContain(`scoring: ${calibrationText(third.calibration)}`);
    expect(calibrationText(third.calibration)).toContain(result.stored.calibrationId);
    // Same data, same seed: the communities are the same, their scores follow the fitted weights.
    // Pieces are reported at the threshold plus a margin, and which accounts are members depends on
    // the weights too, so a few pieces may come or go with the weights; the communities stay.
    const before = scores(first);
    const after = scores(third);
    const kept = [...after.keys()].filter((campaignId) => before.has(campaignId));
    expect(kept.length).toBeGreaterThanOrEqual(before.size * 0.75);
    expect(kept.some((campaignId) => Math.abs((after.get(campaignId) as number) - (before.get(campaignId) as number)) > 1e-3)).toBe(true);
    const [run3] = await store.read<{ parameters_json: string }>(cypher('read-refresh-run'), { runId: third.runId });
    expect(JSON.parse(run3?.parameters_json ?? '{}').scoring.familyWeights).toEqual(result.fitted.familyWeights);
    // What calibrate fitted is what the scorer computes: each campaign's score from its stored
    // signals with the fitted weights (up to the scorer's rounding to four decimals per signal).
    for (const campaign of third.campaigns) {
      const [stored] = await store.read<{ explanation_json: string }>(cypher('read-campaign'), { campaignId: campaign.campaignId });
      const { signals } = JSON.parse(stored?.explanation_json ?? '{}') as { signals: Array<{ name: string; strength: number; weight: number }> };
      expect(Math.abs(scoreWith(exampleFeatures(signals), result.fitted.familyWeights as FamilyWeights) - campaign.score), campaign.campaignId).toBeLessThan(2e-3);
    }

    // The stored weights are also what the next calibration compares against; --revert goes back to the defaults.
    const next = JSON.parse((await run(['calibrate', '--min-per-class', '5', '--json'])).stdout) as { current: Record<string, number> };
    expect(next.current).toEqual(result.fitted.familyWeights);
    expect((await run(['calibrate', '--revert'])).stdout).toMatch(/every family ×1\.00/);
    const fourth = await refresh();
    expect(fourth.calibration?.familyWeights).toEqual(Object.fromEntries(FAMILIES.map((family) => [family, 1])));
    // The same campaigns as the first refresh; one the fitted weights did not report takes a new
    // id, as identities follow the run before.
    const shape = (summary: RefreshSummary) => summary.campaigns.map((campaign) => `${campaign.size}:${campaign.score}`).sort();
    expect(shape(fourth)).toEqual(shape(first));
  });
});
