import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import type { CliContext } from '../../src/cli/context.js';
import { cypher } from '../../src/graph-store/cypher-files.js';
import type { EvaluationReport } from '../../src/evaluation/evaluate.js';
import { readCurrentAssignments, readLabels } from '../../src/evaluation/read-evaluation-inputs.js';
import { useTestStore } from '../support/test-store.js';

const lines = (rows: object[]) => `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'hydrascope-eval-'));
  await writeFile(
    join(directory, 'labels.ndjson'),
    lines([
      { account_id: 'c1', campaign: 'agentic-coding' },
      { account_id: 'c2', campaign: 'agentic-coding' },
      { account_id: 'b1', campaign: null },
      { account_id: 'b2', campaign: null },
    ]),
  );
  await writeFile(join(directory, 'confounders.ndjson'), lines([{ account_id: 'b1', group: 'carrier_nat' }]));
  await writeFile(
    join(directory, 'result.ndjson'),
    lines([
      { account_id: 'c1', campaign_id: 'k1', score: 0.9 },
      { account_id: 'b1', campaign_id: 'k1', score: 0.9 },
    ]),
  );
  await writeFile(join(directory, 'labels.csv'), 'account_id,campaign\nc1,agentic-coding\nb1,\n');
  await writeFile(join(directory, 'bad-labels.ndjson'), lines([{ account_id: 'c1' }]));
});
afterAll(async () => rm(directory, { recursive: true, force: true }));

async function runCli(argv: string[], context?: Partial<CliContext>): Promise<string> {
  let output = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
  try {
    const program = buildProgram({ config: () => ({}) as never, logger: () => ({}) as never, withStore: async () => Promise.reject(new Error('no store in this test')), ...context } as CliContext);
    await program.parseAsync(['node', 'hydrascope', ...argv]);
  } finally {
    spy.mockRestore();
  }
  return output;
}

describe('hydrascope eval', () => {
  it('prints the metrics as one JSON object from an export file, with confounders found beside the labels', async () => {
    const report = JSON.parse(await runCli(['eval', '--labels', join(directory, 'labels.ndjson'), '--result', join(directory, 'result.ndjson'), '--json'])) as EvaluationReport;
    expect(report).toMatchObject({ precision: 0.5, recall: 0.5, benign_false_positive_rate: 0.5 });
    expect(report.confounders).toEqual([{ group: 'carrier_nat', accounts: 1, reported: 1, share: 1 }]);
  });

  it('prints a text report by default', async () => {
    expect(await runCli(['eval', '--labels', join(directory, 'labels.ndjson'), '--result', join(directory, 'result.ndjson')])).toMatch(/precision 0\.5000 {2}recall 0\.5000/);
  });

  it('reads CSV labels with an empty campaign as benign', async () => {
    expect(await readLabels(join(directory, 'labels.csv'))).toEqual([
      { account_id: 'c1', campaign: 'agentic-coding' },
      { account_id: 'b1', campaign: null },
    ]);
  });

  it('rejects a labels line without a campaign field, naming the line', async () => {
    await expect(readLabels(join(directory, 'bad-labels.ndjson'))).rejects.toThrow(/bad-labels\.ndjson:1: campaign/);
  });
});

describe('hydrascope eval on Neo4j', () => {
  const store = useTestStore();

  it('reads the members of the current campaigns and evaluates them', async () => {
    await store.write(cypher('test-fixtures/create-campaign-assignments'), {
      run_id: 'run-eval-test',
      rows: [
        { account_id: 'c1', campaign_id: 'k1', score: 0.8 },
        { account_id: 'c2', campaign_id: 'k1', score: 0.8 },
        { account_id: 'b2', campaign_id: 'k2', score: 0.4 },
      ],
    });
    const assignments = await readCurrentAssignments(store);
    expect(assignments.sort((first, second) => first.account_id.localeCompare(second.account_id))).toEqual([
      // The fixture's campaigns belong to no operation.
      { account_id: 'b2', campaign_id: 'k2', score: 0.4, operation_id: null },
      { account_id: 'c1', campaign_id: 'k1', score: 0.8, operation_id: null },
      { account_id: 'c2', campaign_id: 'k1', score: 0.8, operation_id: null },
    ]);
    const report = JSON.parse(await runCli(['eval', '--labels', join(directory, 'labels.ndjson'), '--json'], { withStore: async (work) => work(store) })) as EvaluationReport;
    expect(report).toMatchObject({ precision: 2 / 3, recall: 1, benign_false_positive_rate: 0.5, reported_campaigns: 2 });
    expect(report.true_campaigns).toEqual([
      { campaign: 'agentic-coding', accounts: 2, found: 2, recall: 1, reported_campaigns: 1, largest_fragment_share: 1, operations_for_90: 1, largest_operation_share: 1 },
    ]);
  });
});
