// `hydrascope eval`: scores the current result (or an export file) against ground-truth labels,
// or (`--verdicts`) reads analysts' verdicts in Neo4j as labels: precision among reviewed
// campaigns and accounts.
import type { Command } from 'commander';
import { evaluate, formatEvaluation } from '../../evaluation/evaluate.js';
import { readAssignmentsFile, readConfoundersBeside, readCurrentAssignments, readLabels } from '../../evaluation/read-evaluation-inputs.js';
import { readLatestVerdicts } from '../../evaluation/read-verdicts.js';
import { formatVerdictPrecision, verdictPrecision } from '../../evaluation/verdict-precision.js';
import type { CliContext } from '../context.js';
import { registerCalibrateCommand } from './calibrate.js';
import { EXIT_CODES } from '../exit-codes.js';

/** `eval` and, beside it, `calibrate`: both read labels (ground truth or analysts' verdicts). */
export function registerEvalCommand(program: Command, context: CliContext): void {
  registerEvalOnly(program, context);
  registerCalibrateCommand(program, context);
}

function registerEvalOnly(program: Command, context: CliContext): void {
  const command: Command = program.command('eval');
  command
    .description(
      'compare suspected campaigns with labels: precision, recall, F1, benign false-positive rate, per-campaign recall and purity (docs/evaluation.md); or, with --verdicts, precision among the campaigns and accounts analysts reviewed',
    )
    .option('--labels <file>', 'labels.ndjson / labels.csv (optionally .gz); confounders.ndjson beside it is used when present')
    .option('--result <file>', 'a `hydrascope export` file instead of the current campaigns in Neo4j')
    .option('--verdicts', "use analysts' verdicts stored in Neo4j as labels instead (docs/analyst-workflow.md)", false)
    .option('--json', 'print the report as one JSON object', false)
    .action(async (options: { labels?: string; result?: string; verdicts: boolean; json: boolean }) => {
      if (options.verdicts) {
        if (options.labels || options.result) command.error('error: --verdicts reads the verdicts in Neo4j: give it without --labels and --result', { exitCode: EXIT_CODES.usage });
        const report = verdictPrecision(await context.withStore((store) => readLatestVerdicts(store)));
        process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatVerdictPrecision(report));
        return;
      }
      if (!options.labels) command.error("error: give --labels FILE (ground truth) or --verdicts (analysts' verdicts)", { exitCode: EXIT_CODES.usage });
      const labelsPath = options.labels;
      // Unreadable labels or results are EvaluationInputErrors, a bad-input kind: exit code 4.
      const labels = await readLabels(labelsPath);
      const confounders = (await readConfoundersBeside(labelsPath)) ?? [];
      const assignments = options.result ? await readAssignmentsFile(options.result) : await context.withStore((store) => readCurrentAssignments(store));
      const report = evaluate(labels, assignments, confounders);
      process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatEvaluation(report));
    });
}
