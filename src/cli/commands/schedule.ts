// `hydrascope schedule --cron EXPR`: only the refresh scheduler, no API, until SIGTERM or SIGINT
// (the docker-compose `refresh-scheduler` service). A stop waits for a refresh in progress.
import type { Command } from 'commander';
import { leaseOfSeconds } from '../../graph-store/lease-lock.js';
import { runRefresh } from '../../jobs/refresh-job.js';
import { startRefreshScheduler, validateSchedule, type RefreshScheduler } from '../../jobs/refresh-scheduler.js';
import type { Logger } from '../../shared/logger.js';
import { listenForShutdown } from '../../shared/shutdown-signal.js';
import { HydrascopeError } from '../../shared/errors.js';
import type { CliContext } from '../context.js';
import { EXIT_CODE_HELP } from '../exit-codes.js';

/** Fails with the bad-input exit code before anything starts (also used by `serve --refresh-cron`). */
export const checkRefreshSchedule = validateSchedule;

/** Scheduled runs of `runJob` (one refresh to its end), logged with the schedule (also used by `serve --refresh-cron`). */
export function startScheduledRefresh(runJob: () => Promise<{ runId: string }>, logger: Logger, cron: string, timezone?: string): RefreshScheduler {
  const scheduler = startRefreshScheduler({ cron, ...(timezone ? { timezone } : {}), logger, runRefresh: runJob });
  logger.info({ cron, timezone: timezone ?? null, nextRunAt: scheduler.nextRunAt()?.toISOString() ?? null }, 'refresh scheduler started');
  return scheduler;
}

export function registerScheduleCommand(program: Command, context: CliContext): void {
  program
    .command('schedule')
    .description('run the linkage refresh on a cron schedule until stopped (SIGTERM/SIGINT); shares the refresh lease with `refresh` and the API')
    .option('--cron <expression>', 'cron expression, 5 fields or 6 with seconds first (default: HYDRASCOPE_REFRESH_CRON)')
    .option('--timezone <zone>', 'IANA time zone the expression is read in (default: the process time zone)')
    .addHelpText('after', `\n${EXIT_CODE_HELP}`)
    .action(async (options: { cron?: string; timezone?: string }) => {
      const cron = options.cron ?? context.config().refreshCron;
      if (!cron) throw new HydrascopeError('usage', 'no schedule: give --cron "*/30 * * * *" or set HYDRASCOPE_REFRESH_CRON');
      checkRefreshSchedule(cron, options.timezone);
      const logger = context.logger();
      context.runAsBatchJob();
      await context.withStore(async (store) => {
        const shutdown = listenForShutdown((signal) => logger.info({ signal }, 'stopping the refresh scheduler (a refresh in progress finishes first; signal again to exit now)'));
        const lease = leaseOfSeconds(context.config().refreshLeaseSeconds);
        const runJob = () => runRefresh(store, { requestedBy: 'scheduler', lease, onStage: (stage) => logger.info({ stage }, `refresh: ${stage}`) });
        const scheduler = startScheduledRefresh(runJob, logger, cron, options.timezone);
        try {
          await shutdown.received;
          scheduler.stop();
          await scheduler.idle();
          logger.info({}, 'refresh scheduler stopped');
        } finally {
          scheduler.stop();
          shutdown.dispose();
        }
      });
    });
}
