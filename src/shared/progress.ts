// Progress for long work: a bar on a terminal, a JSON log line every few seconds otherwise
// (log collectors get structured lines instead of carriage-return noise).
import { SingleBar, Presets } from 'cli-progress';
import type { Logger } from './logger.js';

export interface ProgressReporter {
  update(done: number, total: number, detail: Record<string, string | number>): void;
  stop(): void;
}

export function createProgressReporter(label: string, logger: Logger, stream: NodeJS.WriteStream = process.stderr, intervalMs = 5000): ProgressReporter {
  if (stream.isTTY) {
    const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% | {detail}`, stream, hideCursor: true, clearOnComplete: false, etaBuffer: 50 }, Presets.shades_classic);
    let started = false;
    return {
      update(done, total, detail) {
        const text = Object.entries(detail)
          .map(([key, value]) => `${key} ${value}`)
          .join(' | ');
        if (!started) {
          bar.start(Math.max(total, 1), done, { detail: text });
          started = true;
        }
        bar.setTotal(Math.max(total, 1));
        bar.update(done, { detail: text });
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let last = 0;
  return {
    update(done, total, detail) {
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      logger.info({ progress: label, done, total, percent: total > 0 ? Math.round((done / total) * 1000) / 10 : null, ...detail }, `${label} progress`);
    },
    stop() {},
  };
}
