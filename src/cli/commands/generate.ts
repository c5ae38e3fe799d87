// `hydrascope generate`: writes a synthetic batch (accounts, payments, events, labels and the
// confounder groups) with three distillation campaigns hidden in a benign population; with
// --archetypes, campaign archetypes drawn from a seed instead of the three; with --variant
// cards-only, the cards-and-devices batch (no prompts, no shared addresses).
import { InvalidArgumentError, type Command } from 'commander';
import { CARDS_ONLY_VARIANT } from '../../scenario/cards-only.js';
import { SCALES, SCALE_NAMES, isScaleName, totalAccounts, totalEvents, type ScaleName } from '../../scenario/scales.js';
import { writeScenario } from '../../scenario/write-scenario.js';
import { createProgressReporter } from '../../shared/progress.js';
import { HydrascopeError } from '../../shared/errors.js';
import type { CliContext } from '../context.js';

const scaleName = (value: string): ScaleName => {
  if (!isScaleName(value)) throw new InvalidArgumentError(`must be one of ${SCALE_NAMES.join(', ')}`);
  return value;
};
const seedNumber = (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 2 ** 31 - 1) throw new InvalidArgumentError('must be an integer from 0 to 2147483647');
  return number;
};

const variantName = (value: string): typeof CARDS_ONLY_VARIANT => {
  if (value !== CARDS_ONLY_VARIANT) throw new InvalidArgumentError(`must be ${CARDS_ONLY_VARIANT}`);
  return value;
};

export function registerGenerateCommand(program: Command, context: CliContext): void {
  program
    .command('generate')
    .description(
      `write a synthetic 30-day batch with labelled campaigns and benign confounders (same seed, same bytes)\n` +
        SCALE_NAMES.map((name) => `  ${name.padEnd(6)} ~${totalAccounts(SCALES[name]).toLocaleString('en-US')} accounts, ~${totalEvents(SCALES[name]).toLocaleString('en-US')} events`).join('\n'),
    )
    .requiredOption('--scale <scale>', `one of ${SCALE_NAMES.join(', ')}`, scaleName)
    .option('--seed <n>', 'random seed', seedNumber, 1)
    .requiredOption('--out <dir>', 'output directory (created when missing)')
    .option('--gzip', 'write .ndjson.gz files', false)
    .option('--archetypes <seed>', 'replace the three campaigns by campaign archetypes drawn from this seed, with two-signal benign confounders', seedNumber)
    .option('--variant <name>', `${CARDS_ONLY_VARIANT}: cards and devices only (no prompts, a private address per account, a day-one sign-up pile-up, card-sharing rings)`, variantName)
    .action(async (options: { scale: ScaleName; seed: number; out: string; gzip: boolean; archetypes?: number; variant?: typeof CARDS_ONLY_VARIANT }) => {
      if (options.archetypes !== undefined && options.variant !== undefined) throw new HydrascopeError('usage', `--archetypes and --variant ${options.variant} cannot be combined`);
      const started = Date.now();
      const progress = createProgressReporter('generate', context.logger());
      try {
        const manifest = await writeScenario({
          scale: options.scale,
          seed: options.seed,
          outDir: options.out,
          gzip: options.gzip,
          ...(options.archetypes === undefined ? {} : { archetypeSeed: options.archetypes }),
          ...(options.variant === undefined ? {} : { variant: options.variant }),
          onProgress: ({ eventsWritten, eventsTotal, file }) => progress.update(eventsWritten, eventsTotal, { file, events: eventsWritten }),
        });
        progress.stop();
        const seconds = (Date.now() - started) / 1000;
        const width = Math.max(18, ...Object.keys(manifest.campaigns).map((name) => name.length));
        const campaigns = Object.entries(manifest.campaigns).map(
          ([name, campaign]) => `  ${name.padEnd(width)} ${String(campaign.accounts).padStart(6)} accounts ${String(campaign.events).padStart(10)} events`,
        );
        process.stdout.write(
          [
            `wrote ${options.out}: ${manifest.accounts.total} accounts, ${manifest.events.total} events in ${seconds.toFixed(1)}s (${Math.round(manifest.events.total / Math.max(seconds, 0.001))} events/s)`,
            ...campaigns,
            `  ${'benign'.padEnd(width)} ${String(manifest.accounts.benign).padStart(6)} accounts ${String(manifest.events.benign).padStart(10)} events`,
            `files: ${Object.values(manifest.files)
              .map((file) => `${file.name} (${file.rows})`)
              .join(', ')}, scenario.json`,
          ].join('\n') + '\n',
        );
      } finally {
        progress.stop();
      }
    });
}
