// The quality bar, at a scale that keeps the suite fast: a generated `tiny` scenario goes
// through the real pipeline (generate, ingest, refresh with default settings, evaluate against
// its labels). The full table at `medium` with three seeds is `npm run bench:quality`.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, type EvaluationReport } from '../../src/evaluation/evaluate.js';
import { writeRobustnessVariant } from '../../src/evaluation/robustness-variants.js';
import { readConfoundersBeside, readCurrentAssignments, readLabels } from '../../src/evaluation/read-evaluation-inputs.js';
import type { GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { wipeDatabase } from '../../src/graph-store/schema.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { runRefresh } from '../../src/jobs/refresh-job.js';
import { writeScenario } from '../../src/scenario/write-scenario.js';
import { temporaryDirectory } from '../support/batches.js';
import { useTestStore } from '../support/test-store.js';

async function detect(store: GraphStore, batch: string, labelsPath: string): Promise<EvaluationReport> {
  await wipeDatabase(store);
  await ingestBatch(store, batch, { fingerprinter: createPromptFingerprinter() });
  await runRefresh(store, { requestedBy: 'test' });
  return evaluate(await readLabels(labelsPath), await readCurrentAssignments(store), (await readConfoundersBeside(labelsPath)) ?? []);
}

// Each case loads and refreshes a whole scenario: minutes on a loaded two-core machine.
const WHOLE_PIPELINE_MS = 240_000;

describe('detection quality on a generated tiny scenario', () => {
  const store = useTestStore();
  let scenario: string;
  let labels: string;
  beforeAll(async () => {
    scenario = temporaryDirectory('hydrascope-quality-');
    await writeScenario({ scale: 'tiny', seed: 11, outDir: scenario });
    labels = join(scenario, 'labels.ndjson');
  });

  it(
    'finds every campaign with high precision and reports none of the benign confounders',
    async () => {
      const report = await detect(store, scenario, labels);
      expect(report.precision).toBeGreaterThanOrEqual(0.95);
      expect(report.recall).toBeGreaterThanOrEqual(0.9);
      expect(report.benign_false_positive_rate).toBeLessThanOrEqual(0.002);
      for (const campaign of report.true_campaigns) expect(campaign.recall, campaign.campaign).toBeGreaterThanOrEqual(0.9);
      for (const group of report.confounders) expect(group.reported, group.group).toBe(0);
    },
    WHOLE_PIPELINE_MS,
  );

  it(
    'keeps recall of at least 0.8 with all IP data removed from the batch',
    async () => {
      const batch = await writeRobustnessVariant(scenario, temporaryDirectory('hydrascope-quality-no-ip-'), 'no-ip');
      const report = await detect(store, batch, labels);
      expect(report.recall).toBeGreaterThanOrEqual(0.8);
      expect(report.precision).toBeGreaterThanOrEqual(0.95);
    },
    WHOLE_PIPELINE_MS,
  );

  it(
    'keeps recall of at least 0.8 with all payment data removed from the batch',
    async () => {
      const batch = await writeRobustnessVariant(scenario, temporaryDirectory('hydrascope-quality-no-payments-'), 'no-payments');
      const report = await detect(store, batch, labels);
      expect(report.recall).toBeGreaterThanOrEqual(0.8);
      expect(report.precision).toBeGreaterThanOrEqual(0.95);
    },
    WHOLE_PIPELINE_MS,
  );
});
