// `hydrascope neo4j start|stop|status|env`: the local Neo4j server's life cycle.
import type { Command } from 'commander';
import { resolveConnection } from '../../graph-store/connect.js';
import { readGdsVersion } from '../../graph-store/gds.js';
import { environmentLines, localConnection, localNeo4jSettings, localStatus, startLocalNeo4j, stopLocalNeo4j, type LocalNeo4jSettings } from '../../graph-store/local-neo4j.js';
import { openGraphStore } from '../../graph-store/neo4j-adapter.js';
import type { CliContext } from '../context.js';

/**
 * Neo4j Browser with its connection form filled in (`?dbms=bolt://neo4j@host:port`: Connect URL
 * and user), and that Connect URL: the Bolt URI every command prints, so the Browser, the docs
 * and the drivers name one URL.
 */
export function browserLinks(status: { browserUrl: string; boltUri: string; user: string }): { url: string; connectUrl: string } {
  return { url: `${status.browserUrl}?dbms=${status.boltUri.replace('://', `://${status.user}@`)}`, connectUrl: status.boltUri };
}

/** What the running local server says about Graph Data Science: its version, or why there is none. */
export async function localGdsStatus(settings: LocalNeo4jSettings): Promise<string> {
  const store = openGraphStore(localConnection(settings), { connectionAcquisitionTimeoutMs: 5000 });
  try {
    const version = await readGdsVersion(store);
    return version === undefined ? 'not loaded (start the server with `hydrascope neo4j start --with-gds`)' : `loaded, version ${version}`;
  } catch (error) {
    return `unknown (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await store.close();
  }
}

export function registerNeo4jCommands(program: Command, context: CliContext): void {
  const neo4j = program.command('neo4j').description('run the local Neo4j server (used when NEO4J_URI is not set)');

  neo4j
    .command('start')
    .description('start the local Neo4j and wait until Bolt answers (fetches it with Maven on first use)')
    .option('--with-gds', 'load Graph Data Science too, for `refresh --engine gds` (default: HYDRASCOPE_NEO4J_GDS)')
    .action(async (options: { withGds?: boolean }) => {
      const settings = localNeo4jSettings(context.config());
      if (options.withGds) settings.withGds = true;
      const result = await startLocalNeo4j(settings, (message) => process.stderr.write(`${message}\n`));
      const { status } = result;
      process.stdout.write(result.alreadyRunning ? `Neo4j is already running (pid ${status.pid})\n` : `Neo4j started in ${result.seconds.toFixed(1)}s (pid ${status.pid})\n`);
      process.stdout.write(`Bolt:    ${status.boltUri}\nBrowser: ${browserLinks(status).url}  (Connect URL ${status.boltUri}, user ${status.user}, password ${status.password})\n`);
      if (settings.withGds) {
        const gds = await localGdsStatus(settings);
        process.stdout.write(`GDS:     ${gds}\n`);
        // A server started earlier without GDS keeps running as it was: say how to get GDS.
        if (result.alreadyRunning && !gds.startsWith('loaded'))
          process.stdout.write('         (the server was already running without it: `hydrascope neo4j stop`, then start again with --with-gds)\n');
      }
    });

  neo4j
    .command('stop')
    .description('stop the local Neo4j cleanly')
    .action(async () => {
      const { wasRunning } = await stopLocalNeo4j(localNeo4jSettings(context.config()));
      process.stdout.write(wasRunning ? 'Neo4j stopped\n' : 'Neo4j was not running\n');
    });

  neo4j
    .command('status')
    .description('say whether the local Neo4j runs, with its Bolt URI, Browser URL and login')
    .action(async () => {
      const status = await localStatus(localNeo4jSettings(context.config()));
      process.stdout.write(
        [
          `Neo4j:   ${status.running ? `running (pid ${status.pid})` : 'not running'}`,
          `Bolt:    ${status.boltUri}`,
          `Browser: ${browserLinks(status).url}  (Connect URL ${status.boltUri})`,
          `Login:   ${status.user} / ${status.password ?? '(no password yet: run `hydrascope neo4j start`)'}`,
          `Data:    ${status.home}`,
          ...(status.running ? [`GDS:     ${await localGdsStatus(localNeo4jSettings(context.config()))}`] : []),
        ].join('\n') + '\n',
      );
      if (!status.running) process.exitCode = 3;
    });

  neo4j
    .command('env')
    .description('print the connection settings as shell export lines: eval "$(hydrascope neo4j env)"')
    .action(async () => {
      const connection = await resolveConnection(context.config(), (message) => process.stderr.write(`${message}\n`));
      process.stdout.write(`${environmentLines(connection).join('\n')}\n`);
    });
}
