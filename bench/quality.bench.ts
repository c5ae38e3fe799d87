// Detection quality at the issue's bar: for several seeds, generate a scenario, load it, refresh
// with default settings, and evaluate against the labels; then the robustness variants with all
// IP data, or all payment data, removed from the batch. Prints the table and writes
// bench/results/quality.json.
// Options: --help.
import { join } from 'node:path';
import { evaluate, type EvaluationReport } from '../src/evaluation/evaluate.js';
import { readConfoundersBeside, readCurrentAssignments, readLabels } from '../src/evaluation/read-evaluation-inputs.js';
import { wipeDatabase } from '../src/graph-store/schema.js';
import { ingestBatch } from '../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../src/ingest/prompt-fingerprint.js';
import { runRefresh } from '../src/jobs/refresh-job.js';
import { writeRobustnessVariant, type RobustnessVariant } from '../src/evaluation/robustness-variants.js';
import { SCALE_CHOICES, openBenchStore, readBenchArguments, scaleOption, scenarioFolder, stringOption, writeResults, type BenchCommand } from './support.js';

type Variant = 'full' | RobustnessVariant;
const VARIANTS: readonly Variant[] = ['full', 'no-ip', 'no-payments'];

const QUALITY_BENCH: BenchCommand = {
  name: 'bench:quality',
  summary:
    'For each seed: generates a scenario, loads it into a wiped database, refreshes with default settings and\nevaluates against its labels; then the same without IP data and without payment data.\nResults: bench/results/quality.json.',
  options: {
    scale: { type: 'string', value: SCALE_CHOICES, description: 'scenario size (default medium)' },
    seeds: { type: 'string', value: 'N,N,...', description: 'scenario seeds (default 1,2,3)' },
    variants: { type: 'string', value: 'full,no-ip,no-payments', description: 'which batches to load (default all three)' },
  },
};

interface Row {
  seed: number;
  variant: Variant;
  precision: number;
  recall: number;
  benignFalsePositiveRate: number;
  perCampaign: Array<{ campaign: string; found: number; reportedCampaigns: number }>;
  confoundersReported: Record<string, number>;
  reportedCampaigns: number;
  ingestSeconds: number;
  refreshSeconds: number;
}

async function main(): Promise<void> {
  const { scale, seeds, variants } = readBenchArguments(QUALITY_BENCH, (values) => ({
    scale: scaleOption(values, 'medium'),
    seeds: stringOption(values, 'seeds', '1,2,3').split(',').map((seed) => {
      if (!/^\d+$/.test(seed)) throw new Error(`--seeds must be whole numbers separated by commas (got ${JSON.stringify(seed)})`);
      return Number(seed);
    }),
    variants: stringOption(values, 'variants', VARIANTS.join(',')).split(',').map((variant) => {
      if (!(VARIANTS as readonly string[]).includes(variant)) throw new Error(`--variants must name some of ${VARIANTS.join(', ')} (got ${JSON.stringify(variant)})`);
      return variant as Variant;
    }),
  }));
  const store = await openBenchStore();
  const rows: Row[] = [];
  try {
    for (const seed of seeds) {
      const folder = await scenarioFolder(scale, seed);
      const labels = await readLabels(join(folder, 'labels.ndjson'));
      const confounders = (await readConfoundersBeside(join(folder, 'labels.ndjson'))) ?? [];
      // The robustness variants run on the first seed only: they measure a property of the method.
      for (const variant of seed === seeds[0] ? variants : variants.filter((name) => name === 'full')) {
        // Named apart from earlier variant folders, which hashed accounts into shared networks.
        const batch = variant === 'full' ? folder : await writeRobustnessVariant(folder, `${folder}-variant-${variant}`, variant);
        process.stderr.write(`${scale} seed ${seed} ${variant}: loading ${batch}\n`);
        await wipeDatabase(store);
        const ingest = await ingestBatch(store, batch, { fingerprinter: createPromptFingerprinter(), quarantinePath: join(batch, '_quarantine.ndjson') });
        const refresh = await runRefresh(store, { requestedBy: 'bench:quality' });
        const report: EvaluationReport = evaluate(labels, await readCurrentAssignments(store), confounders);
        rows.push({
          seed,
          variant,
          precision: report.precision,
          recall: report.recall,
          benignFalsePositiveRate: report.benign_false_positive_rate,
          perCampaign: report.true_campaigns.map((campaign) => ({ campaign: campaign.campaign, found: campaign.recall, reportedCampaigns: campaign.reported_campaigns })),
          confoundersReported: Object.fromEntries(report.confounders.map((group) => [group.group, group.reported])),
          reportedCampaigns: report.reported_campaigns,
          ingestSeconds: Math.round(ingest.seconds),
          refreshSeconds: Math.round(refresh.timings.total / 1000),
        });
        const row = rows[rows.length - 1] as Row;
        process.stdout.write(`${scale} seed ${seed} ${variant.padEnd(11)} precision ${row.precision.toFixed(4)} recall ${row.recall.toFixed(4)} benign FPR ${(row.benignFalsePositiveRate * 100).toFixed(3)}% campaigns ${row.reportedCampaigns} | ${row.perCampaign.map((c) => `${c.campaign} ${(c.found * 100).toFixed(1)}% in ${c.reportedCampaigns}`).join(', ')} | confounders reported ${Object.values(row.confoundersReported).reduce((a, b) => a + b, 0)}\n`);
      }
    }
  } finally {
    await store.close();
  }
  const path = await writeResults('quality', scale, { rows });
  process.stdout.write(`results: ${path}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:quality failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
