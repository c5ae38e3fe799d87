// Analyst query benchmark: loads a generated scenario into a wiped database (unless --no-load)
// and refreshes it twice (so the run-to-run queries compare two kept runs), then runs every
// cypher/analyst/*.cypher the way an analyst does in Neo4j Browser: its header's `:param` lines
// first, each evaluated on the server as the Browser does, then the query with those values,
// every row fetched. Each query runs --repeats times; the first run includes Neo4j planning it.
// A query meets its budget (2 s) when its slowest run does; so do its `:param` lines. Prints a
// table and writes bench/results/analyst.json under the scale. Options: --help.
import { analystQuery, analystQueryNames, analystQuerySource, exampleParameters } from '../src/graph-store/analyst-queries.js';
import type { GraphStore } from '../src/graph-store/neo4j-adapter.js';
import { wipeDatabase } from '../src/graph-store/schema.js';
import { ingestBatch } from '../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../src/ingest/prompt-fingerprint/index.js';
import { runRefresh } from '../src/jobs/refresh-job.js';
import { SCALE_CHOICES, flagOption, integerOption, loadedScenarioFolder, openBenchStore, readBenchArguments, scaleOption, writeResults, type BenchCommand } from './support.js';

/** What an analyst waits for at most, per query and per `:param` line, on the development machine. */
const ANALYST_BUDGET_MS = 2000;

const ANALYST_BENCH: BenchCommand = {
  name: 'bench:analyst',
  summary:
    'Loads a generated scenario into a wiped database (unless --no-load), refreshes it twice, then runs every\n' +
    "cypher/analyst/*.cypher with its header's :param lines (evaluated as Neo4j Browser does), fetching every row.\n" +
    `Budget: ${ANALYST_BUDGET_MS / 1000} s for each query's slowest run (the first includes planning) and for each :param line.\nResults: bench/results/analyst.json (under the scale).`,
  options: {
    scale: { type: 'string', value: SCALE_CHOICES, description: 'scenario size (default medium; also the results key)' },
    seed: { type: 'string', value: 'N', description: 'scenario seed (default 1)' },
    'no-load': { type: 'boolean', description: 'measure what the database holds now (no wipe, no load, no refresh)' },
    repeats: { type: 'string', value: 'N', description: 'runs of each query (default 3)' },
  },
};

interface QueryResult {
  query: string;
  /** Each `:param` line's evaluation, in header order. */
  parameterMs: Record<string, number>;
  /** Every run of the query, first (planned) first. */
  runsMs: number[];
  firstMs: number;
  medianMs: number;
  maxMs: number;
  rows: number;
  withinBudget: boolean;
}

const round = (value: number) => Math.round(value * 10) / 10;

/** A header's `:param` lines in order, each evaluated on the server as Neo4j Browser does (`RETURN expression AS value`), with its time. */
async function evaluateExampleParameters(store: GraphStore, source: string): Promise<{ parameters: Record<string, unknown>; timingsMs: Record<string, number> }> {
  const parameters: Record<string, unknown> = {};
  const timingsMs: Record<string, number> = {};
  for (const { name, expression } of exampleParameters(source)) {
    const started = performance.now();
    const [row] = await store.read({ name: `param ${name}`, text: `RETURN ${expression} AS value` });
    timingsMs[name] = round(performance.now() - started);
    parameters[name] = row?.['value'];
  }
  return { parameters, timingsMs };
}
const median = (values: number[]) => {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
};

async function main(): Promise<void> {
  const options = readBenchArguments(ANALYST_BENCH, (values) => ({
    scale: scaleOption(values, 'medium'),
    seed: integerOption(values, 'seed', 1, 0),
    load: !flagOption(values, 'no-load'),
    repeats: integerOption(values, 'repeats', 3),
  }));
  const store = await openBenchStore();
  try {
    if (options.load) {
      const folder = await loadedScenarioFolder(options.scale, options.seed);
      process.stderr.write(`loading ${folder} into a wiped database\n`);
      await wipeDatabase(store);
      await ingestBatch(store, folder, { fingerprinter: createPromptFingerprinter() });
      for (const pass of [1, 2]) {
        const summary = await runRefresh(store, { requestedBy: 'bench:analyst' });
        process.stderr.write(`refresh ${pass}/2 ${summary.runId}: ${summary.counts.campaigns} campaigns in ${(summary.timings.total / 1000).toFixed(1)}s\n`);
      }
    }
    const results: QueryResult[] = [];
    let failed = 0;
    for (const name of analystQueryNames()) {
      try {
        const { parameters, timingsMs } = await evaluateExampleParameters(store, analystQuerySource(name));
        const runsMs: number[] = [];
        let rows = 0;
        for (let run = 0; run < options.repeats; run += 1) {
          const started = performance.now();
          rows = (await store.read(analystQuery(name), parameters)).length;
          runsMs.push(round(performance.now() - started));
        }
        const maxMs = Math.max(...runsMs);
        const withinBudget = maxMs < ANALYST_BUDGET_MS && Object.values(timingsMs).every((ms) => ms < ANALYST_BUDGET_MS);
        results.push({ query: name, parameterMs: timingsMs, runsMs, firstMs: runsMs[0] as number, medianMs: round(median(runsMs)), maxMs, rows, withinBudget });
      } catch (error) {
        failed += 1;
        process.stderr.write(`bench:analyst: ${name} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
    const header = ['query', ':param ms', 'first ms', 'median ms', 'max ms', 'rows', `budget ${ANALYST_BUDGET_MS / 1000} s`];
    const table = results.map((result) => [
      result.query,
      Object.values(result.parameterMs).map(String).join(' + ') || '-',
      String(result.firstMs),
      String(result.medianMs),
      String(result.maxMs),
      String(result.rows),
      result.withinBudget ? 'met' : 'OVER',
    ]);
    const widths = header.map((title, column) => Math.max(title.length, ...table.map((row) => (row[column] as string).length)));
    process.stdout.write(`analyst queries at ${options.load ? `${options.scale} (seed ${options.seed})` : 'the database as it is'}, ${options.repeats} runs each\n`);
    for (const row of [header, ...table])
      process.stdout.write(
        `${row.map((cell, column) => (column === 0 || column === 1 || column === 6 ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number))).join('  ')}\n`,
      );
    const over = results.filter((result) => !result.withinBudget).map((result) => result.query);
    process.stdout.write(over.length === 0 ? `every query within ${ANALYST_BUDGET_MS / 1000} s\n` : `OVER ${ANALYST_BUDGET_MS / 1000} s: ${over.join(', ')}\n`);
    const key = options.load ? options.scale : 'as-loaded';
    process.stdout.write(
      `results: ${await writeResults('analyst', key, { scale: options.load ? options.scale : null, seed: options.load ? options.seed : null, repeats: options.repeats, budgetMs: ANALYST_BUDGET_MS, allWithinBudget: over.length === 0 && failed === 0, queries: results })}\n`,
    );
    if (failed > 0) process.exitCode = 1;
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:analyst failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
