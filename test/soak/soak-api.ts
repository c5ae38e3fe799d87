// The API process of the soak test (test/soak/soak.ts forks it with --expose-gc): runs startServer on
// a free loopback port with the keys and Neo4j connection it is given in the environment, and
// answers the parent over IPC: its URL once listening, its memory (after a forced GC) on request,
// and a graceful stop. A separate process, so the load generator's own memory and event loop
// do not blur the API's numbers.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createBackgroundRefreshStarter } from '../../src/api/refresh-starter.js';
import { API_STORE_OPTIONS, startServer } from '../../src/api/server.js';
import { readConfig } from '../../src/config/config.js';
import { resolveConnection } from '../../src/graph-store/connect.js';
import { openGraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { createLogger } from '../../src/shared/logger.js';
import { eventLoopDelaySummary } from '../support/event-loop-delay.js';

export type SoakApiRequest = { type: 'memory' } | { type: 'idle' } | { type: 'peak-reset' } | { type: 'stop' };

export interface SoakApiMemory {
  heapUsedBytes: number;
  heapTotalBytes: number;
  rssBytes: number;
  externalBytes: number;
  /** Highest RSS sampled (every 100 ms) since the last peak reset. */
  peakRssBytes: number;
  /** Event-loop delay since the last peak reset: how long a ready request could wait for the loop. */
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  gcForced: boolean;
}

export type SoakApiMessage = { type: 'listening'; url: string } | ({ type: 'memory' } & SoakApiMemory) | { type: 'idle' } | { type: 'stopped' };

const send = (message: SoakApiMessage) => process.send?.(message);

async function main(): Promise<void> {
  if (!process.send) throw new Error('soak-api runs as a child of the soak test (dist/test/soak/soak.js) (it talks over IPC)');
  const config = readConfig();
  const logger = createLogger(config.logLevel, 'hydrascope-soak-api');
  // What startServer assembles by itself, done here to keep a handle on the refresh starter: memory
  // is read once the refreshes POST /api/v1/runs started have ended and released their graph.
  const connection = await resolveConnection(config);
  const store = openGraphStore(connection, API_STORE_OPTIONS);
  // As `hydrascope serve` runs them: in worker threads, unless the soak is told to compare with the old in-thread way.
  const refreshStarter = createBackgroundRefreshStarter(store, { logger, ...(process.env['HYDRASCOPE_SOAK_REFRESH_IN_THREAD'] === '1' ? {} : { connection, nice: config.batchNice }) });
  const running = await startServer({ config, logger, store, refreshStarter, host: '127.0.0.1', port: 0, validateResponses: process.env['HYDRASCOPE_SOAK_VALIDATE_RESPONSES'] !== '0' });
  let closing: Promise<void> | undefined;
  const close = () => (closing ??= running.close().then(() => store.close()));
  let peakRss = process.memoryUsage().rss;
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  sampler.unref();
  const gc = (globalThis as { gc?: () => void }).gc;
  const collected = () => {
    // Twice: the first pass can leave objects that only become unreachable after finalizers run.
    gc?.();
    gc?.();
    return process.memoryUsage();
  };
  /**
   * Memory once the phase's work has drained: the refreshes this process started have ended, and
   * requests the load generator gave up on (still waiting for Neo4j) have finished, seen as a heap
   * that no longer shrinks between two collections 2 s apart (at most 30 s).
   */
  const settledMemory = async () => {
    await refreshStarter.idle();
    let previous = collected();
    for (let attempt = 0; attempt < 15; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const current = collected();
      if (Math.abs(current.heapUsed - previous.heapUsed) < 1 << 20) return current;
      previous = current;
    }
    return previous;
  };
  process.on('message', (message: SoakApiRequest) => {
    if (message.type === 'memory') {
      void settledMemory().then((usage) => {
        send({
          type: 'memory',
          heapUsedBytes: usage.heapUsed,
          heapTotalBytes: usage.heapTotal,
          rssBytes: usage.rss,
          externalBytes: usage.external,
          peakRssBytes: Math.max(peakRss, usage.rss),
          eventLoopDelayMs: eventLoopDelaySummary(loopDelay),
          gcForced: gc !== undefined,
        });
      });
    } else if (message.type === 'idle') {
      // The refreshes POST /api/v1/runs started in this process have ended.
      void refreshStarter.idle().then(() => send({ type: 'idle' }));
    } else if (message.type === 'peak-reset') {
      peakRss = process.memoryUsage().rss;
      loopDelay.reset();
    } else if (message.type === 'stop') {
      clearInterval(sampler);
      void close().then(() => {
        send({ type: 'stopped' });
        process.disconnect();
      });
    }
  });
  // The parent going away (Ctrl-C, a crash) must not leave the API running.
  process.on('disconnect', () => {
    void close().finally(() => process.exit(0));
  });
  send({ type: 'listening', url: running.url });
}

main().catch((error: unknown) => {
  process.stderr.write(`soak-api: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
