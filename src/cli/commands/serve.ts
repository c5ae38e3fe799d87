// `hydrascope serve`: runs the REST API for dashboards until SIGINT/SIGTERM, then shuts down
// gracefully. In development mode without configured keys it creates an admin key once, prints
// it, and keeps it in <stateDir>/api-key so restarts reuse it; production refuses to start
// without configured keys.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { generateApiKey, hashKey, loadApiKeys, type ApiKey } from '../../api/auth.js';
import { startServer } from '../../api/server.js';
import type { HydrascopeConfig } from '../../config/config.js';
import type { CliContext } from '../context.js';
import { checkRefreshSchedule, startScheduledRefresh } from './schedule.js';

const portNumber = (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) throw new InvalidArgumentError('must be a port number (0-65535)');
  return number;
};

/** The development admin key: read from the state dir, or generated and stored there (0600). */
export function developmentKey(config: HydrascopeConfig): { key: ApiKey; secret: string; path: string; created: boolean } {
  const path = join(config.stateDir, 'api-key');
  let secret = existsSync(path) ? readFileSync(path, 'utf8').trim() : '';
  const created = secret === '';
  if (created) {
    secret = generateApiKey();
    mkdirSync(config.stateDir, { recursive: true });
    writeFileSync(path, `${secret}\n`, { mode: 0o600 });
  }
  return { key: { name: 'development', role: 'admin', hash: hashKey(secret) }, secret, path, created };
}

export interface ServeOptions {
  port?: number;
  host?: string;
  refreshCron?: string;
  /** Extra lines printed once the API listens (npm start adds the Neo4j Browser login). */
  banner?: string[];
  /** Lines printed last, once the API listens, given its URL (npm start: what to do next). */
  closing?: (apiUrl: string) => string[];
}

/** Runs the API (and the optional scheduler) until SIGINT/SIGTERM, then shuts down gracefully. */
export async function serveUntilStopped(context: CliContext, options: ServeOptions): Promise<void> {
  const config = context.config();
  const logger = context.logger();
  const refreshCron = options.refreshCron ?? config.refreshCron;
  if (refreshCron) checkRefreshSchedule(refreshCron);
  const extraApiKeys: ApiKey[] = [];
  if (config.mode === 'development' && loadApiKeys(config).length === 0) {
    const development = developmentKey(config);
    extraApiKeys.push(development.key);
    process.stdout.write(
      development.created
        ? `generated a development admin API key (stored in ${development.path}):\n  ${development.secret}\nsend it as X-API-Key: <key>; set HYDRASCOPE_API_KEYS for real keys\n`
        : `using the development admin API key stored in ${development.path}:\n  ${development.secret}\n`,
    );
  }
  const running = await startServer({ config, logger, extraApiKeys, ...(options.host ? { host: options.host } : {}), ...(options.port === undefined ? {} : { port: options.port }) });
  const scheduler = refreshCron ? startScheduledRefresh(() => running.runRefresh({ requestedBy: 'scheduler' }), logger, refreshCron) : undefined;
  process.stdout.write(
    [
      `hydrascope API listening on ${running.url}/api/v1  (docs ${running.url}/docs, OpenAPI ${running.url}/openapi.json)`,
      `campaign explorer: ${running.url}/`,
      ...(options.banner ?? []),
      ...(options.closing?.(running.url) ?? []),
    ].join('\n') + '\n',
  );
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal }, 'shutting down: finishing in-flight requests');
      scheduler?.stop();
      // A scheduled refresh in progress finishes before the store closes.
      Promise.resolve(scheduler?.idle())
        .then(() => running.close())
        .then(resolve, (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          resolve();
        });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('run the REST API for dashboards and the campaign explorer page (OpenAPI at /openapi.json, docs at /docs)')
    .option('--port <port>', 'port to listen on (default HYDRASCOPE_API_PORT or 8080; 0 picks a free one)', portNumber)
    .option('--host <host>', 'address to listen on (default HYDRASCOPE_API_HOST or 127.0.0.1)')
    .option('--refresh-cron <expression>', 'also run the refresh on this cron schedule inside the API process (default HYDRASCOPE_REFRESH_CRON)')
    .action(async (options: { port?: number; host?: string; refreshCron?: string }) => {
      await serveUntilStopped(context, options);
    });
}
