// `hydrascope ingest DIR` and `hydrascope reset --yes`: load a batch, or start over.
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { wipeDatabase } from '../../graph-store/schema.js';
import { ingestBatch, type IngestSummary } from '../../ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../ingest/prompt-fingerprint/index.js';
import { createProgressReporter } from '../../shared/progress.js';
import { HydrascopeError } from '../../shared/errors.js';
import type { CliContext } from '../context.js';

const seconds = (milliseconds: number) => `${(milliseconds / 1000).toFixed(1)}s`;

export function formatIngestSummary(summary: IngestSummary): string {
  const header = ['file', 'read', 'loaded', 'rejected', 'duplicates', 'note'];
  const earlier = (file: IngestSummary['files'][number]) => (file.earlierBatchDuplicates ? `${file.earlierBatchDuplicates} duplicates of an earlier batch` : '');
  const rows = summary.files.map((file) => [file.file, file.read, file.loaded, file.rejected, file.duplicates, file.error ?? file.skipped ?? earlier(file)]);
  rows.push(['total', summary.totals.read, summary.totals.loaded, summary.totals.rejected, summary.totals.duplicates, '']);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => String(row[column]).length)));
  const format = (row: Array<string | number>) =>
    row
      .map((cell, column) => (column === 0 || column === 5 ? String(cell).padEnd(widths[column] as number) : String(cell).padStart(widths[column] as number)))
      .join('  ')
      .trimEnd();
  const rate = summary.seconds > 0 ? Math.round(summary.totals.loaded / summary.seconds) : 0;
  // What the chunk transactions took beyond their statements: the commits.
  const statementsMs = Object.values(summary.profile.statements).reduce((total, ms) => total + ms, 0);
  const commitsMs = Math.max(0, summary.profile.transactions - statementsMs);
  return [
    `batch ${summary.batchId} (run ${summary.runId}): ${summary.status} in ${summary.seconds.toFixed(1)}s, ${rate} rows/s${summary.warnings.length > 0 ? `, ${summary.warnings.length} warning${summary.warnings.length === 1 ? '' : 's'}` : ''}`,
    format(header),
    ...rows.map(format),
    ...summary.warnings.map((warning) => `WARNING: ${warning}`),
    `rejected rows: ${summary.totals.rejected}${summary.totals.rejected > 0 ? ` (kept with reasons in ${summary.quarantinePath})` : ''}`,
    `writers: ${summary.writers} (chunk transactions written at once)`,
    `time: read+validate ${seconds(summary.profile.readAndValidate)}, fingerprint ${seconds(summary.profile.fingerprint)}, waiting for Neo4j ${seconds(summary.profile.waitForWrites)}; in Neo4j: transactions ${seconds(summary.profile.transactions)} (commits ${seconds(commitsMs)}), ${Object.entries(
      summary.profile.statements,
    )
      .sort((left, right) => right[1] - left[1])
      .map(([name, ms]) => `${name} ${seconds(ms)}`)
      .join(', ')}`,
  ].join('\n');
}

/** --writers: a whole number from 1 to 64. */
function parseWriters(value: string): number {
  const writers = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(writers >= 1 && writers <= 64)) throw new InvalidArgumentError('must be a whole number from 1 to 64');
  return writers;
}

export function registerIngestCommands(program: Command, context: CliContext): void {
  program
    .command('ingest')
    .description('load a batch folder (accounts, payments, events as .ndjson, .ndjson.gz or .csv) into Neo4j; safe to repeat and to restart')
    .argument('<dir>', 'batch folder')
    .option('--quarantine <file>', 'where rejected rows go, with file, line and reason', undefined)
    .option('--chunk-rows <n>', 'rows per transaction', (value: string) => Number.parseInt(value, 10))
    .option('--writers <n>', "chunk transactions written at once (default: half the Neo4j server's processors, at least 1, read with dbms.queryJmx; 1 when the server does not say)", parseWriters)
    .option('--json', 'print the summary as JSON')
    .action(async (directory: string, options: { quarantine?: string; chunkRows?: number; writers?: number; json?: boolean }) => {
      const logger = context.logger();
      context.runAsBatchJob();
      await context.withStore(async (store) => {
        const progress = createProgressReporter('ingest', logger);
        let summary: IngestSummary;
        try {
          summary = await ingestBatch(store, resolve(directory), {
            quarantinePath: options.quarantine ? resolve(options.quarantine) : undefined,
            chunkRows: options.chunkRows,
            writeConcurrency: options.writers,
            fingerprinter: createPromptFingerprinter(),
            leaseSeconds: context.config().ingestLeaseSeconds,
            logger,
            onWaitForLease: (holder) => logger.warn({ holder }, `another load (${holder ?? 'unknown run'}) is running; waiting for it to finish or for its lease to expire`),
            onProgress: (update) => progress.update(update.bytesRead, update.bytesTotal, { file: `${update.file} (${update.fileIndex + 1}/${update.fileCount})`, rows: update.rows }),
          });
        } finally {
          progress.stop();
        }
        process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : `${formatIngestSummary(summary)}\n`);
        if (summary.status === 'failed') throw new HydrascopeError('bad-input', `the batch did not load completely: ${summary.error}`);
      });
    });

  program
    .command('reset')
    .description('remove all hydrascope data and results from the database (asks for --yes)')
    .option('--yes', 'really delete everything hydrascope wrote')
    .action(async (options: { yes?: boolean }) => {
      if (!options.yes) throw new HydrascopeError('usage', 'reset deletes every account, entity, campaign and run hydrascope wrote; run again with --yes to confirm');
      await context.withStore(async (store) => {
        const started = performance.now();
        await wipeDatabase(store, (step) => process.stderr.write(`reset: removing ${step}…\n`));
        process.stdout.write(`removed all hydrascope data from ${store.description} in ${((performance.now() - started) / 1000).toFixed(1)}s\n`);
      });
    });
}
