// Batch work yields the CPU per thread: the calls run in worker threads (a lowered priority cannot
// be raised again without privileges, and the test process must keep its own).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { lowerThreadPriority, threadPriority } from '../../src/shared/cpu-priority.js';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';

const compiledModule = pathToFileURL(join(PROJECT_ROOT, 'dist', 'src', 'shared', 'cpu-priority.js')).href;

interface WorkerReport {
  change: { before: number; after: number } | undefined;
  own: number;
  startedThread: number;
}

/** Lowers a fresh worker thread's priority by `steps`, then reads the priority of a thread that worker starts. */
function lowerInWorker(steps: number): Promise<WorkerReport> {
  const source = `
    const { parentPort, Worker } = require('node:worker_threads');
    import(${JSON.stringify(compiledModule)}).then((priority) => {
      const change = priority.lowerThreadPriority(${steps});
      const own = priority.threadPriority();
      const child = new Worker("require('node:worker_threads').parentPort.postMessage(require('node:os').getPriority(Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop())))", { eval: true });
      child.once('message', (startedThread) => parentPort.postMessage({ change, own, startedThread }));
    });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true });
    worker.once('message', (report: WorkerReport) => {
      resolve(report);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe.runIf(process.platform === 'linux')('lowerThreadPriority', () => {
  it('lowers the calling thread by the given steps and leaves the thread that started it alone', async () => {
    const before = threadPriority();
    const report = await lowerInWorker(4);
    expect(report.change).toEqual({ before, after: Math.min(19, before + 4) });
    expect(report.own).toBe(Math.min(19, before + 4));
    expect(threadPriority()).toBe(before);
  });

  it('passes the lower priority on to threads the lowered thread starts', async () => {
    const report = await lowerInWorker(5);
    expect(report.startedThread).toBe(report.own);
    expect(report.startedThread).toBeGreaterThan(threadPriority());
  });

  it('stops at the lowest priority instead of failing', async () => {
    const report = await lowerInWorker(40);
    expect(report.change?.after).toBe(19);
  });

  it('changes nothing for zero steps', async () => {
    const before = threadPriority();
    const report = await lowerInWorker(0);
    expect(report.change).toEqual({ before, after: before });
  });
});

describe('lowerThreadPriority arguments', () => {
  it.each([-1, 1.5, Number.NaN])('rejects %s steps', (steps) => {
    expect(() => lowerThreadPriority(steps)).toThrow(RangeError);
  });
});
