// The built-in refresh schedule (`hydrascope schedule`, `hydrascope serve --refresh-cron`): fires
// the one refresh job on a cron expression. A time that comes while the previous run is still
// going is skipped, never queued, so a slow refresh cannot pile runs up; a run refused because
// another process holds the lease is an ordinary outcome, logged, and the schedule goes on.
import { Cron } from 'croner';
import { HydrascopeError, LeaseHeldError } from '../shared/errors.js';

/** The few logger methods the scheduler needs (a pino Logger fits). */
export interface SchedulerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface RefreshSchedulerOptions {
  /** Five fields (minute precision) or six (with seconds first), as croner reads them. */
  cron: string;
  /** The job; throws LeaseHeldError when another process holds the lease. */
  runRefresh: () => Promise<unknown>;
  logger: SchedulerLogger;
  /** IANA zone the expression is read in; the process's zone when absent. */
  timezone?: string;
  /** Clock for the recorded run times (tests pin it). */
  now?: () => Date;
}

export type ScheduledRunOutcome = 'succeeded' | 'already-running' | 'failed';

export interface ScheduledRun {
  startedAt: string;
  finishedAt: string;
  outcome: ScheduledRunOutcome;
  runId: string | null;
  error: string | null;
}

export interface SchedulerStatus {
  cron: string;
  timezone: string | null;
  running: boolean;
  nextRunAt: string | null;
  lastRun: ScheduledRun | null;
  /** Scheduled times skipped because the previous run was still going. */
  skippedWhileBusy: number;
}

export interface RefreshScheduler {
  nextRunAt(): Date | null;
  running(): boolean;
  status(): SchedulerStatus;
  /** No further runs start; a run in progress goes on (await idle() for it). */
  stop(): void;
  /** Resolves when no run is in progress. */
  idle(): Promise<void>;
}

/** The cron expression cannot be read (the CLI exits with the bad-input code). */
// The scheduler of this process, so the API's /readyz and /runs can report it without the
// handle being passed through every layer.
let activeScheduler: RefreshScheduler | undefined;

/** The status of the scheduler running in this process, or null when there is none. */
export function schedulerStatus(): SchedulerStatus | null {
  return activeScheduler?.status() ?? null;
}

function runIdOf(result: unknown): string | null {
  if (result && typeof result === 'object' && 'runId' in result && typeof result.runId === 'string') return result.runId;
  return null;
}

/** Throws a bad-input HydrascopeError for an expression or time zone croner cannot use (checked before connecting). */
export function validateSchedule(cron: string, timezone?: string): void {
  try {
    // A bad time zone only shows when a time is computed.
    new Cron(cron, { paused: true, ...(timezone ? { timezone } : {}) }).nextRun();
  } catch (error) {
    throw new HydrascopeError('bad-input', `invalid schedule "${cron}": ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function startRefreshScheduler(options: RefreshSchedulerOptions): RefreshScheduler {
  const now = options.now ?? (() => new Date());
  const { logger } = options;
  let inFlight: Promise<void> | undefined;
  let lastRun: ScheduledRun | null = null;
  let skippedWhileBusy = 0;

  const fire = async (): Promise<void> => {
    const startedAt = now().toISOString();
    const record = (outcome: ScheduledRunOutcome, runId: string | null, error: string | null) => {
      lastRun = { startedAt, finishedAt: now().toISOString(), outcome, runId, error };
    };
    logger.info({ cron: options.cron }, 'scheduled refresh starting');
    try {
      const result = await options.runRefresh();
      record('succeeded', runIdOf(result), null);
      logger.info({ runId: lastRun?.runId }, 'scheduled refresh succeeded');
    } catch (error) {
      if (error instanceof LeaseHeldError) {
        record('already-running', error.runningRunId, null);
        logger.info({ runningRunId: error.runningRunId }, 'scheduled refresh skipped: another refresh holds the lease');
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      // The job records a failed run itself; the schedule keeps going (Neo4j may be back next time).
      record('failed', null, message);
      logger.error({ err: message }, 'scheduled refresh failed');
    }
  };

  validateSchedule(options.cron, options.timezone);
  const job: Cron = new Cron(
    options.cron,
    {
      ...(options.timezone ? { timezone: options.timezone } : {}),
      protect: () => {
        skippedWhileBusy += 1;
        logger.warn({ nextRunAt: job.nextRun()?.toISOString() ?? null }, 'scheduled refresh skipped: the previous run is still going');
      },
    },
    () => {
      inFlight = fire().finally(() => {
        inFlight = undefined;
      });
      // croner's protect waits on this promise, which never rejects.
      return inFlight;
    },
  );

  const scheduler: RefreshScheduler = {
    nextRunAt: () => job.nextRun(),
    running: () => inFlight !== undefined,
    status: () => ({
      cron: options.cron,
      timezone: options.timezone ?? null,
      running: inFlight !== undefined,
      nextRunAt: job.nextRun()?.toISOString() ?? null,
      lastRun,
      skippedWhileBusy,
    }),
    stop() {
      job.stop();
      if (activeScheduler === scheduler) activeScheduler = undefined;
    },
    async idle() {
      await inFlight;
    },
  };
  activeScheduler = scheduler;
  return scheduler;
}
