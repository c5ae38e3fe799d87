// Detection quality at the issue's bar, on four sets of batches:
// - own: for several seeds, the generator's scenario with its three fixed campaigns, loaded,
//   refreshed with default settings and evaluated against its labels; then the robustness
//   variants with all IP data, or all payment data, removed from the batch;
// - tuning: scenarios whose campaigns are archetypes drawn from TUNING_ARCHETYPE_SEEDS, with the
//   two-signal benign confounders: the set the detector may be tuned on;
// - held-out: the same from HELD_OUT_ARCHETYPE_SEEDS, only ever run to report;
// - cards-only: the batch with no prompts and no shared addresses, only cards and devices.
// Prints one table per set and writes bench/results/quality.json: the own set under the scale's
// key as before, every other set under `<scale>/<set>`.
// Options: --help.
import { join } from 'node:path';
import { reachableShares } from '../src/evaluation/campaign-reach.js';
import { evaluate, type EvaluationReport } from '../src/evaluation/evaluate.js';
import { readConfoundersBeside, readCurrentAssignments, readLabels } from '../src/evaluation/read-evaluation-inputs.js';
import { wipeDatabase } from '../src/graph-store/schema.js';
import { ingestBatch } from '../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../src/ingest/prompt-fingerprint/index.js';
import { REFRESH_ENGINES, type RefreshEngine } from '../src/jobs/refresh-engines.js';
import { runRefresh } from '../src/jobs/refresh-job.js';
import { readLinkageData } from '../src/linkage/read-linkage-data.js';
import { writeRobustnessVariant, type RobustnessVariant } from '../src/evaluation/robustness-variants.js';
import type { ScaleName } from '../src/scenario/scales.js';
import {
  SCALE_CHOICES,
  choiceListOption,
  openBenchStore,
  readBenchArguments,
  scaleOption,
  scenarioFolder,
  wholeNumberListOption,
  writeResults,
  type BenchCommand,
  type ScenarioKind,
} from './support.js';
import { ARCHETYPE_SEEDS, HELD_OUT_ARCHETYPE_SEEDS, TUNING_ARCHETYPE_SEEDS } from './archetype-sets.js';

type Variant = 'full' | RobustnessVariant;
const VARIANTS: readonly Variant[] = ['full', 'no-ip', 'no-payments'];

type QualitySet = 'own' | 'tuning' | 'held-out' | 'cards-only';
const SETS: readonly QualitySet[] = ['own', 'tuning', 'held-out', 'cards-only'];

const QUALITY_BENCH: BenchCommand = {
  name: 'bench:quality',
  summary:
    'For each seed: generates a scenario, loads it into a wiped database, refreshes with default settings and\nevaluates against its labels; then the same without IP data and without payment data (the own set).\n' +
    `Then campaign archetypes drawn from the tuning seeds (${TUNING_ARCHETYPE_SEEDS.join(', ')}) and the held-out seeds (${HELD_OUT_ARCHETYPE_SEEDS.join(', ')}),\n` +
    'the i-th archetype seed with the i-th of --seeds (cycling), and the cards-only batch of the first seed.\nResults: bench/results/quality.json (the own set under the scale, the others under <scale>/<set>).',
  options: {
    scale: { type: 'string', value: SCALE_CHOICES, description: 'scenario size (default medium)' },
    seeds: { type: 'string', value: 'N,N,...', description: 'scenario seeds (default 1,2,3)' },
    variants: { type: 'string', value: 'full,no-ip,no-payments', description: 'which batches of the own set to load (default all three)' },
    set: { type: 'string', value: 'own,tuning,held-out,cards-only', description: 'which sets to run, in this order (default all four)' },
    engines: { type: 'string', value: 'graphology,gds', description: 'refresh engines, each refreshing the same loaded batch in turn (default graphology; gds needs a server with GDS)' },
  },
};

interface Row {
  set: QualitySet;
  seed: number;
  /** tuning and held-out: the archetype seed the campaigns were drawn from. */
  archetypeSeed: number | null;
  variant: Variant;
  engine: RefreshEngine;
  precision: number;
  recall: number;
  benignFalsePositiveRate: number;
  /** `reachable`: share of the campaign's accounts using an entity the campaign holds (campaign-reach.ts); an oracle measure, not a bound. */
  perCampaign: Array<{ campaign: string; found: number; reachable: number; reportedCampaigns: number; operationsFor90: number; largestOperationShare: number }>;
  confoundersReported: Record<string, number>;
  reportedCampaigns: number;
  ingestSeconds: number;
  refreshSeconds: number;
}

async function main(): Promise<void> {
  const { scale, seeds, variants, sets, engines } = readBenchArguments(QUALITY_BENCH, (values) => ({
    scale: scaleOption(values, 'medium'),
    seeds: wholeNumberListOption(values, 'seeds', [1, 2, 3]),
    variants: choiceListOption(values, 'variants', VARIANTS),
    sets: choiceListOption(values, 'set', SETS),
    engines: choiceListOption(values, 'engines', REFRESH_ENGINES, ['graphology']),
  }));
  const store = await openBenchStore();
  const rows: Row[] = [];
  const measure = async (set: QualitySet, seed: number, kind: ScenarioKind, variant: Variant, folder: string): Promise<void> => {
    const labels = await readLabels(join(folder, 'labels.ndjson'));
    const confounders = (await readConfoundersBeside(join(folder, 'labels.ndjson'))) ?? [];
    // Named apart from earlier variant folders, which hashed accounts into shared networks.
    const batch = variant === 'full' ? folder : await writeRobustnessVariant(folder, `${folder}-variant-${variant}`, variant);
    process.stderr.write(`${scale} ${set} seed ${seed}${kind.archetypeSeed === undefined ? '' : ` archetypes ${kind.archetypeSeed}`} ${variant}: loading ${batch}\n`);
    await wipeDatabase(store);
    const ingest = await ingestBatch(store, batch, { fingerprinter: createPromptFingerprinter(), quarantinePath: join(batch, '_quarantine.ndjson') });
    // The ceiling is read from what was loaded (fingerprints are made on load), before any refresh.
    const reach = reachableShares(new Map(labels.map((label) => [label.account_id, label.campaign])), (await readLinkageData(store)).data);
    // Each engine refreshes the same loaded batch in turn and is evaluated on its own assignments.
    for (const engine of engines) {
      const refresh = await runRefresh(store, { requestedBy: 'bench:quality', engine });
      const report: EvaluationReport = evaluate(labels, await readCurrentAssignments(store), confounders);
      const row: Row = {
        set,
        seed,
        archetypeSeed: kind.archetypeSeed ?? null,
        variant,
        engine,
        precision: report.precision,
        recall: report.recall,
        benignFalsePositiveRate: report.benign_false_positive_rate,
        perCampaign: report.true_campaigns.map((campaign) => ({
          campaign: campaign.campaign,
          found: campaign.recall,
          reachable: reach.get(campaign.campaign) ?? 0,
          reportedCampaigns: campaign.reported_campaigns,
          operationsFor90: campaign.operations_for_90,
          largestOperationShare: campaign.largest_operation_share,
        })),
        confoundersReported: Object.fromEntries(report.confounders.map((group) => [group.group, group.reported])),
        reportedCampaigns: report.reported_campaigns,
        ingestSeconds: Math.round(ingest.seconds),
        refreshSeconds: Math.round(refresh.timings.total / 1000),
      };
      rows.push(row);
      process.stdout.write(
        `${rowLabel(scale, row)} ${variant.padEnd(11)}${engine === 'graphology' ? '' : ` [${engine}]`} precision ${row.precision.toFixed(4)} recall ${row.recall.toFixed(4)} benign FPR ${(row.benignFalsePositiveRate * 100).toFixed(3)}% campaigns ${row.reportedCampaigns} | ${row.perCampaign.map((c) => `${c.campaign} ${(c.found * 100).toFixed(1)}% (reachable ${(c.reachable * 100).toFixed(1)}%) in ${c.reportedCampaigns}`).join(', ')} | confounders reported ${Object.values(row.confoundersReported).reduce((a, b) => a + b, 0)}\n`,
      );
    }
  };
  try {
    for (const set of sets) {
      if (set === 'own') {
        for (const seed of seeds) {
          const folder = await scenarioFolder(scale, seed);
          // The robustness variants run on the first seed only: they measure a property of the method.
          for (const variant of seed === seeds[0] ? variants : variants.filter((name) => name === 'full')) await measure(set, seed, {}, variant, folder);
        }
      } else if (set === 'cards-only') {
        const seed = seeds[0] as number;
        await measure(set, seed, { variant: 'cards-only' }, 'full', await scenarioFolder(scale, seed, false, { variant: 'cards-only' }));
      } else {
        for (const [index, archetypeSeed] of ARCHETYPE_SEEDS[set].entries()) {
          const seed = seeds[index % seeds.length] as number;
          await measure(set, seed, { archetypeSeed }, 'full', await scenarioFolder(scale, seed, false, { archetypeSeed }));
        }
      }
    }
  } finally {
    await store.close();
  }
  for (const set of sets) {
    const setRows = rows.filter((row) => row.set === set);
    process.stdout.write(`\n${formatSet(scale, set, setRows)}`);
    const extra = set === 'tuning' || set === 'held-out' ? { archetypeSeeds: [...ARCHETYPE_SEEDS[set]] } : {};
    // Runs with the gds engine keep their own key, beside the graphology engine's figures.
    const engineKey = engines.length === 1 && engines[0] === 'graphology' ? '' : `/engines-${engines.join('+')}`;
    const path = await writeResults('quality', `${set === 'own' ? scale : `${scale}/${set}`}${engineKey}`, { ...extra, rows: setRows });
    process.stdout.write(`results (${set}): ${path}\n`);
  }
}

function rowLabel(scale: ScaleName, row: Pick<Row, 'set' | 'seed' | 'archetypeSeed'>): string {
  return `${scale} ${row.set} seed ${row.seed}${row.archetypeSeed === null ? '' : ` archetypes ${row.archetypeSeed}`}`;
}

const percent = (share: number, digits = 1) => `${(share * 100).toFixed(digits)}%`;

/** One set's rows as a table, each row followed by its campaigns' found shares and the confounder groups reported. */
function formatSet(scale: ScaleName, set: QualitySet, rows: readonly Row[]): string {
  const title =
    set === 'tuning'
      ? `tuning set (archetype seeds ${TUNING_ARCHETYPE_SEEDS.join(', ')})`
      : set === 'held-out'
        ? `held-out set (archetype seeds ${HELD_OUT_ARCHETYPE_SEEDS.join(', ')}; never run while tuning)`
        : `${set} set`;
  const header = ['batch', 'variant', 'precision', 'recall', 'benign FPR', 'reported'];
  const cells = rows.map((row) => [
    `seed ${row.seed}${row.archetypeSeed === null ? '' : ` / archetypes ${row.archetypeSeed}`}`,
    `${row.variant}${row.engine === 'graphology' ? '' : ` [${row.engine}]`}`,
    row.precision.toFixed(4),
    row.recall.toFixed(4),
    percent(row.benignFalsePositiveRate, 3),
    String(row.reportedCampaigns),
  ]);
  const widths = header.map((name, column) => Math.max(name.length, ...cells.map((line) => (line[column] as string).length)));
  const line = (values: readonly string[]) => `  ${values.map((value, column) => (column < 2 ? value.padEnd(widths[column] as number) : value.padStart(widths[column] as number))).join('  ')}`;
  const lines = [`${scale} ${title}:`, line(header)];
  rows.forEach((row, index) => {
    lines.push(line(cells[index] as string[]));
    lines.push(
      `      found: ${row.perCampaign.map((campaign) => `${campaign.campaign} ${percent(campaign.found)} of ${percent(campaign.reachable)} reachable in ${campaign.reportedCampaigns} (largest operation ${percent(campaign.largestOperationShare)})`).join(', ') || '(no campaigns)'}`,
    );
    const weakest = row.perCampaign.reduce((least, campaign) => Math.min(least, campaign.found), 1);
    const scattered = row.perCampaign.filter((campaign) => campaign.found > 0).reduce((least, campaign) => Math.min(least, campaign.largestOperationShare), 1);
    lines.push(`      least found campaign ${percent(weakest)}; least share of a campaign's found accounts in one operation ${percent(scattered)}`);
    const reported = Object.entries(row.confoundersReported).filter(([, count]) => count > 0);
    lines.push(`      confounders reported: ${reported.length > 0 ? reported.map(([group, count]) => `${group} ${count}`).join(', ') : 'none'}`);
  });
  if (rows.length === 0) lines.push('  (no rows)');
  return `${lines.join('\n')}\n`;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:quality failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
