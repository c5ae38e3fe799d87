// `hydrascope eval`: scores the current result (or an export file) against ground-truth labels.
import type { Command } from 'commander';
import { evaluate, formatEvaluation } from '../../evaluation/evaluate.js';
import { EvaluationInputError, readAssignmentsFile, readConfoundersBeside, readCurrentAssignments, readLabels } from '../../evaluation/read-evaluation-inputs.js';
import { CliError, type CliContext } from '../context.js';
import { EXIT_CODES } from '../exit-codes.js';

export function registerEvalCommand(program: Command, context: CliContext): void {
  program
    .command('eval')
    .description('compare suspected campaigns with labels: precision, recall, F1, benign false-positive rate, per-campaign recall and purity (docs/evaluation.md)')
    .requiredOption('--labels <file>', 'labels.ndjson / labels.csv (optionally .gz); confounders.ndjson beside it is used when present')
    .option('--result <file>', 'a `hydrascope export` file instead of the current campaigns in Neo4j')
    .option('--json', 'print the report as one JSON object', false)
    .action(async (options: { labels: string; result?: string; json: boolean }) => {
      try {
        const labels = await readLabels(options.labels);
        const confounders = (await readConfoundersBeside(options.labels)) ?? [];
        const assignments = options.result ? await readAssignmentsFile(options.result) : await context.withStore((store) => readCurrentAssignments(store));
        const report = evaluate(labels, assignments, confounders);
        process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatEvaluation(report));
      } catch (error) {
        if (error instanceof EvaluationInputError) throw new CliError(error.message, EXIT_CODES.badInput);
        throw error;
      }
    });
}
