// `hydrascope start` (what `npm start` runs): the whole main job on the local default. Starts
// the local Neo4j (unless NEO4J_URI is set), loads the small demo scenario into an empty graph,
// runs the linkage refresh, and serves the API and the explorer, printing every URL and login.
// The console is for a person: progress bars, summaries as text, log lines as short text (no
// line per successful API request; `--log-format json` for JSON lines), and a closing block
// saying what to do next.
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { Option, type Command } from 'commander';
import { loadApiKeys } from '../../api/auth.js';
import type { HydrascopeConfig } from '../../config/config.js';
import { cypher } from '../../graph-store/cypher-files.js';
import { localNeo4jSettings, localStatus } from '../../graph-store/local-neo4j.js';
import { ingestBatch } from '../../ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../ingest/prompt-fingerprint/index.js';
import { leaseOfSeconds } from '../../graph-store/lease-lock.js';
import { runRefresh, type RefreshStage } from '../../jobs/refresh-job.js';
import { writeScenario } from '../../scenario/write-scenario.js';
import { LOG_FORMATS, type LogFormat } from '../../shared/logger.js';
import { createProgressReporter } from '../../shared/progress.js';
import { isErrorKind } from '../../shared/errors.js';
import type { CliContext } from '../context.js';
import { formatIngestSummary } from './ingest.js';
import { browserLinks } from './neo4j.js';
import { printRefreshSummary } from './refresh.js';
import { serveUntilStopped } from './serve.js';

const DEMO = { scale: 'small', seed: 42 } as const;
const REFRESH_STAGES: readonly RefreshStage[] = ['read', 'project', 'communities', 'score', 'write', 'promote'];

/** A path as a person would type it from here: relative when below the current folder. */
function shownPath(path: string): string {
  const below = relative(process.cwd(), path);
  return below !== '' && !below.startsWith('..') && !isAbsolute(below) ? below : path;
}

/** The closing block of `start`: open the explorer, evaluate the demo, investigate in Neo4j Browser. */
export function whatNextLines(options: { apiUrl: string; keyHint: string; labelsPath: string | undefined; browser: string[] }): string[] {
  const lines = ['', 'What next:', `  1. Open the campaign explorer at ${options.apiUrl}/ and paste ${options.keyHint}.`];
  if (options.labelsPath) lines.push("  2. Check the result against the demo's ground truth:", `       npx hydrascope eval --labels ${options.labelsPath}`);
  lines.push(`  ${options.labelsPath ? 3 : 2}. Investigate in Neo4j Browser:`, ...options.browser.map((line) => `       ${line}`));
  lines.push('     Ready queries: cypher/analyst/ (docs/analysts.md); style: neo4j/hydrascope.grass.', 'Ctrl-C stops the API (npx hydrascope neo4j stop stops Neo4j).');
  return lines;
}

function keyHint(config: HydrascopeConfig): string {
  if (config.mode === 'development' && loadApiKeys(config).length === 0) return `the admin key printed above (kept in ${shownPath(join(config.stateDir, 'api-key'))})`;
  return 'one of your API keys (HYDRASCOPE_API_KEYS)';
}

export function registerStartCommand(program: Command, context: CliContext): void {
  program
    .command('start')
    .description('run everything on the local default: Neo4j, the small demo scenario (if the graph is empty), a refresh, and the API')
    .option('--port <port>', 'API port (default HYDRASCOPE_API_PORT or 8080)', (value: string) => Number(value))
    .option('--no-refresh', 'serve the current result without refreshing first')
    .addOption(new Option('--log-format <format>', 'text: short lines for a person, no line per successful API request; json: one JSON object a line').choices(LOG_FORMATS).default('text'))
    .action(async (options: { port?: number; refresh: boolean; logFormat: LogFormat }) => {
      context.useLogFormat?.(options.logFormat);
      const config = context.config();
      const logger = context.logger();
      const say = (line: string) => process.stdout.write(`${line}\n`);
      const banner: string[] = [];
      let browser: string[] = [];
      if (config.externalNeo4j) {
        banner.push(`Neo4j: ${config.externalNeo4j.uri} (from NEO4J_URI)`);
        browser = [`Connect URL ${config.externalNeo4j.uri}, user ${config.externalNeo4j.user}`];
      }
      const labels = join(config.stateDir, 'demo', `${DEMO.scale}-seed-${DEMO.seed}`, 'labels.ndjson');
      await context.withStore(async (store) => {
        if (!config.externalNeo4j) {
          const status = await localStatus(localNeo4jSettings(config));
          const links = browserLinks(status);
          say(`Neo4j Browser: ${links.url}  (Connect URL ${links.connectUrl}, login ${status.user} / ${status.password})`);
          browser = [links.url, `Connect URL ${links.connectUrl}, user ${status.user}, password ${status.password}`];
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
          say('refreshing: linkage graph, communities, campaigns');
          const progress = createProgressReporter('refresh', logger);
          try {
            const summary = await runRefresh(store, {
              requestedBy: 'start',
              lease: leaseOfSeconds(config.refreshLeaseSeconds),
              onStage: (stage) => progress.update(REFRESH_STAGES.indexOf(stage), REFRESH_STAGES.length, { stage }),
            });
            progress.update(REFRESH_STAGES.length, REFRESH_STAGES.length, { stage: 'done' });
            progress.stop();
            process.stdout.write(printRefreshSummary(summary));
          } catch (error) {
            progress.stop();
            if (!isErrorKind(error, 'lease-held')) throw error;
            say(`${error.message}: serving the current result`);
          }
        }
      });
      await serveUntilStopped(context, {
        ...(options.port === undefined ? {} : { port: options.port }),
        banner,
        closing: (apiUrl) => whatNextLines({ apiUrl, keyHint: keyHint(config), labelsPath: existsSync(labels) ? shownPath(labels) : undefined, browser }),
      });
    });
}
