// Batch work (ingests, refreshes) runs at a lower CPU priority than the API and Neo4j, per thread
// on Linux, so it never stretches the API's event-loop turns (docs/decisions/batch-cpu-priority.md).
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { isMainThread } from 'node:worker_threads';

/** How many nice steps batch work yields by default (HYDRASCOPE_BATCH_NICE). */
export const BATCH_NICE_DEFAULT = 10;
const LOWEST_PRIORITY = 19;

/**
 * The id to give setpriority for the calling thread: its kernel thread id on Linux; elsewhere the
 * process id, where nice is per process, so only the main thread may change it (a worker thread
 * would slow the API thread of its process too).
 */
function currentThreadId(): number | undefined {
  const processWide = isMainThread ? process.pid : undefined;
  if (process.platform !== 'linux') return processWide;
  // "/proc/thread-self" links to "<pid>/task/<tid>".
  const link = readlinkSync('/proc/thread-self');
  const threadId = Number.parseInt(link.slice(link.lastIndexOf('/') + 1), 10);
  return Number.isSafeInteger(threadId) ? threadId : processWide;
}

export interface PriorityChange {
  before: number;
  after: number;
}

/**
 * Lowers the calling thread's priority by `steps` nice steps (never below the lowest priority);
 * `undefined` when the system refused, which leaves the work running at its priority.
 */
export function lowerThreadPriority(steps: number): PriorityChange | undefined {
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`nice steps must be a whole number from 0, got ${steps}`);
  try {
    const threadId = currentThreadId();
    if (threadId === undefined) return undefined;
    const before = getPriority(threadId);
    const after = Math.min(LOWEST_PRIORITY, before + steps);
    if (after !== before) setPriority(threadId, after);
    return { before, after: getPriority(threadId) };
  } catch {
    return undefined;
  }
}

/** The calling thread's nice value (for tests and logs). */
export function threadPriority(): number {
  return getPriority(currentThreadId() ?? process.pid);
}
