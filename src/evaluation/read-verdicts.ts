// The I/O edge of `hydrascope eval --verdicts` and `hydrascope calibrate`: analysts' verdicts
// read from Neo4j, the latest per campaign (and per account in a campaign), and the reviewed
// campaigns with what their scores were made of.
import { exampleFeatures, type CalibrationExample } from '../campaigns/calibration.js';
import { cypher } from '../graph-store/cypher-files.js';
import type { GraphStore } from '../graph-store/neo4j-adapter.js';
import type { LatestVerdict } from './verdict-precision.js';

export async function readLatestVerdicts(store: GraphStore): Promise<LatestVerdict[]> {
  const rows = await store.read<{ scope: 'campaign' | 'account'; campaign_id: string; account_id: string | null; verdict: string; automatic: boolean | null }>(cypher('read-latest-verdicts'));
  return rows.map((row) => ({ scope: row.scope, campaignId: row.campaign_id, accountId: row.account_id, verdict: row.verdict, automatic: row.automatic === true }));
}

/** Reviewed campaigns as calibration examples; `missing` counts those with no kept snapshot to read their signals from. */
export async function readCalibrationExamples(store: GraphStore): Promise<{ examples: CalibrationExample[]; missing: number }> {
  const rows = await store.read<{ campaign_id: string; verdict: 'confirmed' | 'dismissed'; explanation_json: string | null }>(cypher('read-calibration-examples'));
  const examples: CalibrationExample[] = [];
  let missing = 0;
  for (const row of rows) {
    if (!row.explanation_json) {
      missing += 1;
      continue;
    }
    const explanation = JSON.parse(row.explanation_json) as { signals?: Array<{ name: string; strength: number; weight: number }> };
    examples.push({ campaignId: row.campaign_id, confirmed: row.verdict === 'confirmed', ...exampleFeatures(explanation.signals ?? []) });
  }
  return { examples, missing };
}
