// `hydrascope start` (what `npm start` runs): the whole main job on the local default. Starts
// the local Neo4j (unless NEO4J_URI is set), loads the small demo scenario into an empty graph,
// runs the linkage refresh, and serves the API and the explorer, printing every URL and login.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { cypher } from '../../graph-store/cypher-files.js';
import { localNeo4jSettings, localStatus } from '../../graph-store/local-neo4j.js';
import { ingestBatch } from '../../ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../ingest/prompt-fingerprint/index.js';
import { RefreshAlreadyRunningError } from '../../jobs/refresh-errors.js';
import { leaseOfSeconds } from '../../graph-store/lease-lock.js';
import { runRefresh } from '../../jobs/refresh-job.js';
import { writeScenario } from '../../scenario/write-scenario.js';
import { createProgressReporter } from '../../shared/progress.js';
import type { CliContext } from '../context.js';
import { formatIngestSummary } from './ingest.js';
import { printRefreshSummary } from './refresh.js';
import { serveUntilStopped } from './serve.js';

const DEMO = { scale: 'small', seed: 42 } as const;

export function registerStartCommand(program: Command, context: CliContext): void {
  program
    .command('start')
    .description('run everything on the local default: Neo4j, the small demo scenario (if the graph is empty), a refresh, and the API')
    .option('--port <port>', 'API port (default HYDRASCOPE_API_PORT or 8080)', (value: string) => Number(value))
    .option('--no-refresh', 'serve the current result without refreshing first')
    .action(async (options: { port?: number; refresh: boolean }) => {
      const config = context.config();
      const logger = context.logger();
      const say = (line: string) => process.stdout.write(`${line}\n`);
      const banner: string[] = [];
      if (config.externalNeo4j) {
        banner.push(`Neo4j: ${config.externalNeo4j.uri} (from NEO4J_URI)`);
      }
      await context.withStore(async (store) => {
        if (!config.externalNeo4j) {
          const status = await localStatus(localNeo4jSettings(config));
          banner.push(`Neo4j Browser: ${status.browserUrl}  (login ${status.user} / ${status.password}; connect URL ${status.boltUri})`);
          say(banner[banner.length - 1] as string);
        }
        const [count] = await store.read<{ accounts: number }>(cypher('read-account-count'));
        if ((count?.accounts ?? 0) === 0) {
          const folder = join(config.stateDir, 'demo', `${DEMO.scale}-seed-${DEMO.seed}`);
          if (!existsSync(join(folder, 'scenario.json'))) {
            say(`the graph is empty: generating the ${DEMO.scale} demo scenario into ${folder}`);
            await writeScenario({ ...DEMO, outDir: folder });
          }
          say(`loading ${folder}`);
          const progress = createProgressReporter('ingest', logger);
          try {
            const summary = await ingestBatch(store, folder, {
              fingerprinter: createPromptFingerprinter(),
              leaseSeconds: config.ingestLeaseSeconds,
              onProgress: (update) => progress.update(update.bytesRead, update.bytesTotal, { file: update.file, rows: update.rows }),
            });
            progress.stop();
            say(formatIngestSummary(summary));
          } finally {
            progress.stop();
          }
        } else {
          say(`the graph already holds ${count?.accounts} accounts: not loading the demo (hydrascope reset --yes starts over)`);
        }
        if (options.refresh) {
          try {
            const summary = await runRefresh(store, { requestedBy: 'start', lease: leaseOfSeconds(config.refreshLeaseSeconds), onStage: (stage) => logger.info({ stage }, `refresh: ${stage}`) });
            process.stdout.write(printRefreshSummary(summary));
          } catch (error) {
            if (!(error instanceof RefreshAlreadyRunningError)) throw error;
            say(`${error.message}: serving the current result`);
          }
        }
      });
      await serveUntilStopped(context, { ...(options.port === undefined ? {} : { port: options.port }), banner });
    });
}
