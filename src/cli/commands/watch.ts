// `hydrascope watch DIR`: inbox mode. Loads each complete batch folder (`_SUCCESS` present) that
// appears in DIR and sorts it into done/ or failed/; `--once` does one pass and exits (cron).
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { processInbox, watchInbox, type InboxBatchResult, type InboxSettings } from '../../jobs/inbox-watcher.js';
import { leaseOfSeconds } from '../../graph-store/lease-lock.js';
import { runRefresh } from '../../jobs/refresh-job.js';
import { createProgressReporter, type ProgressReporter } from '../../shared/progress.js';
import { listenForShutdown } from '../../shared/shutdown-signal.js';
import { HydrascopeError } from '../../shared/errors.js';
import type { CliContext } from '../context.js';
import { EXIT_CODE_HELP } from '../exit-codes.js';

const positiveNumber = (value: string) => {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('must be a positive number');
  return number;
};

function describeBatch(result: InboxBatchResult): string {
  const totals = result.summary?.totals;
  const counts = totals ? ` (read ${totals.read}, loaded ${totals.loaded}, rejected ${totals.rejected}, duplicates ${totals.duplicates})` : '';
  const reason = result.error ? `: ${result.error}` : '';
  return `batch ${result.name}: ${result.outcome}${counts} -> ${result.location}${reason}\n`;
}

export function registerWatchCommand(program: Command, context: CliContext): void {
  program
    .command('watch')
    .description('inbox mode: load each batch folder in DIR once its _SUCCESS marker exists, oldest first, then move it to DIR/done or DIR/failed with _summary.json; restart-safe')
    .argument('<dir>', 'inbox folder')
    .option('--refresh', 'run a refresh after a pass that loaded batches (skipped when one is already running)')
    .option('--interval <seconds>', 'seconds between polls of the inbox', positiveNumber, 10)
    .option('--once', 'process the batches waiting now and exit (exit 4 when one failed, 3 when Neo4j is unavailable, 5 when another watcher holds the inbox)')
    .option('--chunk-rows <n>', 'rows per transaction', (value: string) => Number.parseInt(value, 10))
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (directoryArgument: string, options: { refresh?: boolean; interval: number; once?: boolean; chunkRows?: number }) => {
      const directory = resolve(directoryArgument);
      const isDirectory = await stat(directory).then(
        (info) => info.isDirectory(),
        () => false,
      );
      if (!isDirectory) throw new HydrascopeError('bad-input', `the inbox ${directory} is not a folder`);
      const logger = context.logger();
      context.runAsBatchJob();
      await context.withStore(async (store) => {
        let progress: ProgressReporter | undefined;
        const settings: InboxSettings = {
          directory,
          store,
          logger,
          intervalMs: options.interval * 1000,
          ingestLeaseSeconds: context.config().ingestLeaseSeconds,
          ...(options.chunkRows ? { chunkRows: options.chunkRows } : {}),
          ...(options.refresh
            ? {
                refresh: () =>
                  runRefresh(store, { requestedBy: 'watch', lease: leaseOfSeconds(context.config().refreshLeaseSeconds), onStage: (stage) => logger.info({ stage }, `refresh: ${stage}`) }),
              }
            : {}),
          onBatchStarted: (name) => {
            progress = createProgressReporter(`ingest ${name}`, logger);
          },
          onProgress: (_name, update) => progress?.update(update.bytesRead, update.bytesTotal, { file: `${update.file} (${update.fileIndex + 1}/${update.fileCount})`, rows: update.rows }),
          onBatchFinished: (result) => {
            progress?.stop();
            progress = undefined;
            process.stdout.write(describeBatch(result));
          },
        };
        if (options.once) {
          const pass = await processInbox(settings);
          if (pass.busy) throw new HydrascopeError('lease-held', `another watcher is processing ${directory} (lock held)`);
          if (pass.neo4jUnavailable) throw new HydrascopeError('unavailable', 'Neo4j is unavailable; the batch stays in .processing/ and is finished on the next run');
          const failed = pass.batches.filter((batch) => batch.outcome === 'failed').length;
          if (failed > 0) throw new HydrascopeError('bad-input', `${failed} batch${failed === 1 ? '' : 'es'} failed; see _summary.json in ${resolve(directory, 'failed')}`);
          return;
        }
        const shutdown = listenForShutdown((signal) => logger.info({ signal }, 'stopping the inbox watcher after the current batch (signal again to exit now; a restart finishes it)'));
        try {
          logger.info({ directory, intervalSeconds: options.interval, refresh: Boolean(options.refresh) }, 'watching the inbox');
          await watchInbox({ ...settings, signal: shutdown.signal });
        } finally {
          shutdown.dispose();
        }
      });
    });
}
