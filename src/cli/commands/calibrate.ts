// `hydrascope calibrate`: fits the family weights of the campaign score to analysts' verdicts
// (src/campaigns/calibration.ts), prints the fitted and the current weights side by side with
// their results on held-out verdicts, and stores the fitted ones for the next refresh only when
// told `--apply` (src/jobs/calibration-store.ts).
import { InvalidArgumentError, type Command } from 'commander';
import { calibrate, DEFAULTS as CALIBRATION_DEFAULTS, FAMILIES, UNIT_WEIGHTS, type CalibrationResult, type ClassificationMetrics } from '../../campaigns/calibration.js';
import { DEFAULTS as SCORING_DEFAULTS } from '../../campaigns/score-communities.js';
import { readCalibrationExamples } from '../../evaluation/read-verdicts.js';
import { familyWeightsText, readCurrentCalibration, storeCalibration, type StoredCalibration } from '../../jobs/calibration-store.js';
import { seededRandom } from '../../shared/random.js';
import type { CliContext } from '../context.js';
import { HydrascopeError } from '../../shared/errors.js';
import { EXIT_CODES } from '../exit-codes.js';

const integerAtLeast = (minimum: number) => (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < minimum) throw new InvalidArgumentError(`must be an integer of at least ${minimum}`);
  return number;
};
const unitInterval = (value: string) => {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || number >= 1) throw new InvalidArgumentError('must be a number between 0 and 1');
  return number;
};

const cell = (value: number | null) => (value === null ? 'n/a' : value.toFixed(3));

function metricRows(current: ClassificationMetrics, fitted: ClassificationMetrics): string[] {
  const row = (name: string, left: string, right: string) => `  ${name.padEnd(34)}${left.padStart(9)}${right.padStart(9)}`;
  return [
    row('', 'current', 'fitted'),
    row('precision (confirmed among raised)', cell(current.precision), cell(fitted.precision)),
    row('recall (confirmed raised)', cell(current.recall), cell(fitted.recall)),
    row('accuracy', cell(current.accuracy), cell(fitted.accuracy)),
    row('AUC (ranking by score)', cell(current.auc), cell(fitted.auc)),
    row('raised: confirmed / dismissed', `${current.truePositives} / ${current.falsePositives}`, `${fitted.truePositives} / ${fitted.falsePositives}`),
    row('not raised: confirmed / dismissed', `${current.falseNegatives} / ${current.trueNegatives}`, `${fitted.falseNegatives} / ${fitted.trueNegatives}`),
  ];
}

export function formatCalibration(result: Extract<CalibrationResult, { status: 'fitted' }>, context: { skipped: number; applied: StoredCalibration | null; stored: StoredCalibration | null }): string {
  const lines = [`Calibration on ${result.confirmed} confirmed and ${result.dismissed} dismissed campaigns (analysts' latest verdicts), threshold ${result.threshold}`];
  if (context.skipped > 0) lines.push(`  (${context.skipped} reviewed campaign${context.skipped === 1 ? '' : 's'} skipped: no kept snapshot to read the signals from)`);
  lines.push(`  current weights: ${context.applied ? `calibration ${context.applied.calibrationId} of ${context.applied.createdAt}` : 'the defaults (never calibrated)'}`, '');
  lines.push(`  ${'family'.padEnd(34)}${'current'.padStart(9)}${'fitted'.padStart(9)}`);
  for (const family of FAMILIES) lines.push(`  ${family.padEnd(34)}${result.current[family].toFixed(2).padStart(9)}${result.fitted.familyWeights[family].toFixed(2).padStart(9)}`);
  if (result.fitted.atLimit.length > 0) lines.push(`  (held at the limit that keeps a family alone below the threshold: ${result.fitted.atLimit.join(', ')})`);
  lines.push('', `Held out: ${result.folds}-fold cross-validation, each campaign scored by weights fitted without its fold`, ...metricRows(result.heldOut.current, result.heldOut.fitted), '');
  lines.push(
    context.stored
      ? `Applied: stored as calibration ${context.stored.calibrationId}; the next refresh scores with ${familyWeightsText(context.stored.familyWeights)}.`
      : 'Nothing changed. Run `hydrascope calibrate --apply` to score with the fitted weights from the next refresh on.',
  );
  return `${lines.join('\n')}\n`;
}

export function registerCalibrateCommand(program: Command, context: CliContext): void {
  const command: Command = program.command('calibrate');
  command
    .description(
      `fit the campaign score's family weights to analysts' verdicts (at least ${CALIBRATION_DEFAULTS.minPerClass} confirmed and ${CALIBRATION_DEFAULTS.minPerClass} dismissed campaigns), compare fitted and current weights on held-out verdicts; --apply stores them for the next refresh`,
    )
    .option('--threshold <number>', 'campaign score threshold to fit for (as refresh --threshold)', unitInterval, SCORING_DEFAULTS.threshold)
    .option('--min-per-class <integer>', 'fewest confirmed and fewest dismissed campaigns to fit anything', integerAtLeast(2), CALIBRATION_DEFAULTS.minPerClass)
    .option('--folds <integer>', 'cross-validation folds (fewer when a class has fewer campaigns)', integerAtLeast(2), CALIBRATION_DEFAULTS.folds)
    .option('--seed <integer>', 'seed for drawing the folds', integerAtLeast(0), 42)
    .option('--apply', 'store the fitted weights: the next refresh scores with them', false)
    .option('--revert', 'store the default weights (every family ×1): the next refresh scores as if never calibrated; fits nothing', false)
    .option('--json', 'print the result as one JSON object', false)
    .action(async (options: { threshold: number; minPerClass: number; folds: number; seed: number; apply: boolean; revert: boolean; json: boolean }) => {
      if (options.apply && options.revert) command.error('error: --apply and --revert exclude each other', { exitCode: EXIT_CODES.usage });
      await context.withStore(async (store) => {
        if (options.revert) {
          const stored = await storeCalibration(store, {
            familyWeights: { ...UNIT_WEIGHTS },
            threshold: options.threshold,
            confirmed: 0,
            dismissed: 0,
            folds: 0,
            heldOut: null,
            requestedBy: 'cli:revert',
          });
          process.stdout.write(
            options.json
              ? `${JSON.stringify({ status: 'reverted', stored })}\n`
              : `Stored calibration ${stored.calibrationId} with every family ×1.00: the next refresh scores with the default weights.\n`,
          );
          return;
        }
        const [{ examples, missing }, applied] = await Promise.all([readCalibrationExamples(store), readCurrentCalibration(store)]);
        const result = calibrate(examples, seededRandom(options.seed), {
          threshold: options.threshold,
          minPerClass: options.minPerClass,
          folds: options.folds,
          currentWeights: applied?.familyWeights ?? UNIT_WEIGHTS,
        });
        if (result.status === 'not-enough-verdicts') {
          if (options.json) process.stdout.write(`${JSON.stringify({ ...result, skipped: missing })}\n`);
          throw new HydrascopeError(
            'bad-input',
            `not enough verdicts to calibrate: analysts have confirmed ${result.confirmed} and dismissed ${result.dismissed} campaigns; at least ${result.minPerClass} of each are needed (--min-per-class). Nothing changed.`,
          );
        }
        const stored = options.apply
          ? await storeCalibration(store, {
              familyWeights: result.fitted.familyWeights,
              threshold: result.threshold,
              confirmed: result.confirmed,
              dismissed: result.dismissed,
              folds: result.folds,
              heldOut: result.heldOut,
              requestedBy: 'cli',
            })
          : null;
        process.stdout.write(options.json ? `${JSON.stringify({ ...result, skipped: missing, applied, stored })}\n` : formatCalibration(result, { skipped: missing, applied, stored }));
      });
    });
}
