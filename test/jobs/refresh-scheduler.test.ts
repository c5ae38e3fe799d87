// The built-in scheduler on a one-second schedule: it fires, never stacks a slow run, treats a
// refusal (lease held elsewhere) and a failure as ordinary outcomes, runs the real refresh, and
// `hydrascope schedule` stops gracefully on SIGTERM.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { wipeDatabase } from '../../src/graph-store/schema.js';
import { refreshAlreadyRunning } from '../../src/shared/errors.js';
import { runRefresh } from '../../src/jobs/refresh-job.js';
import { schedulerStatus, startRefreshScheduler, type RefreshScheduler, type SchedulerLogger } from '../../src/jobs/refresh-scheduler.js';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';
import { testDatabaseEnvironment } from '../support/neo4j.js';
import { useTestStore } from '../support/test-store.js';

const EVERY_SECOND = '*/1 * * * * *';
const CLI = join(PROJECT_ROOT, 'bin', 'hydrascope.js');

function recordingLogger(): SchedulerLogger & { lines: Array<{ level: string; message: string; details: object }> } {
  const lines: Array<{ level: string; message: string; details: object }> = [];
  const log = (level: string) => (details: object, message: string) => lines.push({ level, message, details });
  return { lines, info: log('info'), warn: log('warn'), error: log('error') };
}

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(50);
  }
}

describe('the refresh scheduler', () => {
  const started: RefreshScheduler[] = [];
  const start = (options: Parameters<typeof startRefreshScheduler>[0]) => {
    const scheduler = startRefreshScheduler(options);
    started.push(scheduler);
    return scheduler;
  };
  afterEach(async () => {
    for (const scheduler of started.splice(0)) {
      scheduler.stop();
      await scheduler.idle();
    }
  });

  it('fires on a short schedule, shows the next time, and stops', async () => {
    let runs = 0;
    const scheduler = start({ cron: EVERY_SECOND, logger: recordingLogger(), runRefresh: async () => ({ runId: `run-${(runs += 1)}` }) });
    const next = scheduler.nextRunAt();
    expect(next).toBeInstanceOf(Date);
    expect((next as Date).getTime() - Date.now()).toBeLessThanOrEqual(1000);
    expect(schedulerStatus()?.cron).toBe(EVERY_SECOND);

    await waitFor(() => runs >= 2);
    expect(scheduler.status().lastRun).toMatchObject({ outcome: 'succeeded', error: null });
    expect(scheduler.status().lastRun?.runId).toMatch(/^run-\d+$/);

    scheduler.stop();
    await scheduler.idle();
    const afterStop = runs;
    expect(scheduler.nextRunAt()).toBeNull();
    expect(schedulerStatus()).toBeNull();
    await sleep(1500);
    expect(runs).toBe(afterStop);
  });

  it('skips the times that come while a slow run is still going instead of stacking them', async () => {
    let calls = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const logger = recordingLogger();
    const scheduler = start({
      cron: EVERY_SECOND,
      logger,
      runRefresh: async () => {
        calls += 1;
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await sleep(2500);
        concurrent -= 1;
      },
    });
    await waitFor(() => calls >= 1);
    expect(scheduler.running()).toBe(true);
    await waitFor(() => scheduler.status().skippedWhileBusy >= 2);
    expect(calls).toBe(1);
    expect(maxConcurrent).toBe(1);
    expect(logger.lines.some((line) => line.level === 'warn' && /still going/.test(line.message))).toBe(true);
    scheduler.stop();
    await scheduler.idle();
    expect(scheduler.running()).toBe(false);
  });

  it('logs a refusal (another process holds the lease) and a failure, and keeps the schedule', async () => {
    const outcomes: Array<() => Promise<unknown>> = [
      () => Promise.reject(refreshAlreadyRunning('refresh-elsewhere')),
      () => Promise.reject(new Error('Neo4j is unavailable')),
      () => Promise.resolve({ runId: 'refresh-ok' }),
    ];
    let calls = 0;
    const logger = recordingLogger();
    const seen: string[] = [];
    const scheduler = start({
      cron: EVERY_SECOND,
      logger,
      now: () => new Date('2026-03-01T12:00:00Z'),
      runRefresh: () => {
        const outcome = outcomes[Math.min(calls, outcomes.length - 1)] as () => Promise<unknown>;
        calls += 1;
        return outcome();
      },
    });
    await waitFor(() => {
      const last = scheduler.status().lastRun;
      if (last && seen[seen.length - 1] !== `${last.outcome}:${calls}`) seen.push(`${last.outcome}:${calls}`);
      return calls >= 3 && !scheduler.running();
    });
    expect(seen.map((entry) => entry.split(':')[0])).toEqual(['already-running', 'failed', 'succeeded']);
    expect(scheduler.status().lastRun).toEqual({ startedAt: '2026-03-01T12:00:00.000Z', finishedAt: '2026-03-01T12:00:00.000Z', outcome: 'succeeded', runId: 'refresh-ok', error: null });
    expect(logger.lines.find((line) => /another refresh holds the lease/.test(line.message))?.details).toEqual({ runningRunId: 'refresh-elsewhere' });
    expect(logger.lines.find((line) => line.level === 'error')?.details).toEqual({ err: 'Neo4j is unavailable' });
  });

  it('rejects an expression or time zone it cannot read', () => {
    expect(() => startRefreshScheduler({ cron: 'every half hour', logger: recordingLogger(), runRefresh: async () => undefined })).toThrow(expect.objectContaining({ kind: 'bad-input' }));
    expect(() => startRefreshScheduler({ cron: '*/30 * * * *', timezone: 'Mars/Olympus_Mons', logger: recordingLogger(), runRefresh: async () => undefined })).toThrow(
      expect.objectContaining({ kind: 'bad-input' }),
    );
    expect(schedulerStatus()).toBeNull();
  });

  describe('with the real refresh job', () => {
    const store = useTestStore();

    const schedulerRuns = async () =>
      (await store.read<{ status: string; requested_by: string }>(cypher('test/read-refresh-run-outcomes'), { runId: null })).filter((run) => run.requested_by === 'scheduler');

    it('records refreshes it starts as RefreshRun nodes', async () => {
      const scheduler = start({ cron: EVERY_SECOND, logger: recordingLogger(), runRefresh: () => runRefresh(store, { requestedBy: 'scheduler' }) });
      await waitFor(async () => (await schedulerRuns()).some((run) => run.status === 'succeeded'));
      scheduler.stop();
      await scheduler.idle();
    });

    it('`hydrascope schedule` runs refreshes until SIGTERM at the batch CPU priority, then exits 0', async () => {
      if (!existsSync(join(PROJECT_ROOT, 'dist', 'src', 'cli', 'main.js'))) throw new Error('build first: npm test runs `npm run build` before vitest');
      await wipeDatabase(store);
      const child = spawn(process.execPath, [CLI, 'schedule', '--cron', EVERY_SECOND], {
        env: { ...process.env, ...testDatabaseEnvironment(), HYDRASCOPE_LOG_LEVEL: 'info', HYDRASCOPE_BATCH_NICE: '7' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await waitFor(async () => (await schedulerRuns()).some((run) => run.status === 'succeeded'), 20_000);
      if (process.platform === 'linux') {
        // The nice value of the child's main thread: field 19 of /proc/<pid>/stat (16th after the command name).
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const nice = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
        expect(nice).toBe(Math.min(19, getPriority() + 7));
      }
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // JSON log lines (not a terminal): the start with the next time, and the stop.
      const lines = stderr
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { msg: string; nextRunAt?: string });
      expect(lines.find((line) => line.msg === 'refresh scheduler started')?.nextRunAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(lines[lines.length - 1]?.msg).toBe('refresh scheduler stopped');
    });
  });
});
