// Runs a real Neo4j 5.26 Community server from Maven Central artifacts, for machines without
// Docker. Maven resolves neo4j/pom.xml's classpath into the normal Maven cache (downloading on
// first use); the server then runs under plain `java` with data, logs and a generated password
// under the state directory.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { createConnection } from 'node:net';
import { basename, join } from 'node:path';
import type { HydrascopeConfig, Neo4jConnectionConfig } from '../config/config.js';
import { HydrascopeError } from '../shared/errors.js';
import { NEO4J_DESCRIPTOR } from '../shared/project-paths.js';
import { openGraphStore } from './neo4j-adapter.js';

export interface LocalNeo4jSettings {
  /** Folder holding conf/, data/, logs/, run/, the password and the pid file. */
  home: string;
  boltPort: number;
  httpPort: number;
  heap: string;
  pageCache: string;
  startTimeoutSeconds: number;
  /** More neo4j.conf lines, after hydrascope's own (tests use them to set tight limits). */
  additionalConfiguration?: readonly string[];
  /**
   * Load Graph Data Science (neo4j/pom.xml's `gds` profile) for the refresh's gds engine: its
   * jars go on the classpath and into plugins/, and its procedures are allowed unrestricted.
   */
  withGds?: boolean;
}

export interface LocalNeo4jStatus {
  running: boolean;
  pid: number | undefined;
  boltUri: string;
  browserUrl: string;
  user: string;
  password: string | undefined;
  home: string;
}

/** The local server cannot be fetched, started or reached: the database is unavailable (exit code 3). */
export class LocalNeo4jError extends HydrascopeError {
  override name = 'LocalNeo4jError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('unavailable', message, options);
  }
}

export function localNeo4jSettings(config: HydrascopeConfig): LocalNeo4jSettings {
  return { home: join(config.stateDir, 'neo4j'), ...config.localNeo4j };
}

const paths = (home: string) => ({
  conf: join(home, 'conf'),
  data: join(home, 'data'),
  logs: join(home, 'logs'),
  run: join(home, 'run'),
  importDir: join(home, 'import'),
  plugins: join(home, 'plugins'),
  password: join(home, 'password'),
  pid: join(home, 'run', 'hydrascope-neo4j.pid'),
  /** The plugin jars hydrascope placed, one file name a line, so a start without GDS removes exactly those. */
  pluginManifest: join(home, 'plugins', 'hydrascope-placed-jars.txt'),
  console: join(home, 'logs', 'console.log'),
  authFile: join(home, 'data', 'dbms', 'auth.ini'),
});

/** Fails with one line naming what is missing when Java 17+ or Maven is not there. */
export function checkPrerequisites(): void {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (java.error || java.status !== 0) {
    throw new LocalNeo4jError('Java 17 or newer is required to run the local Neo4j, and `java` was not found on PATH (or set NEO4J_URI to use an existing Neo4j)');
  }
  const versionMatch = /version "(\d+)(?:\.(\d+))?/.exec(`${java.stderr}${java.stdout}`);
  const major = versionMatch ? Number(versionMatch[1] === '1' ? versionMatch[2] : versionMatch[1]) : 0;
  if (major < 17) {
    throw new LocalNeo4jError(`Java 17 or newer is required to run the local Neo4j; found Java ${major || 'of unknown version'} (or set NEO4J_URI to use an existing Neo4j)`);
  }
  const maven = spawnSync('mvn', ['--version'], { encoding: 'utf8' });
  if (maven.error || maven.status !== 0) {
    throw new LocalNeo4jError('Apache Maven (`mvn`) is required to fetch the local Neo4j and was not found on PATH (or set NEO4J_URI to use an existing Neo4j)');
  }
}

/**
 * Resolves the server's classpath with Maven, cached per descriptor content (and profile: `gds`
 * adds Graph Data Science to Neo4j's own jars).
 */
export function resolveClasspath(home: string, log: (message: string) => void = () => undefined, options: { withGds?: boolean } = {}): string {
  const descriptor = readFileSync(NEO4J_DESCRIPTOR);
  const digest = createHash('sha256').update(descriptor).digest('hex').slice(0, 16);
  const cacheFile = join(home, `classpath-${digest}${options.withGds ? '-gds' : ''}.txt`);
  if (existsSync(cacheFile)) {
    const cached = readFileSync(cacheFile, 'utf8').trim();
    if (cached.split(':').every((jar) => existsSync(jar))) return cached;
  }
  mkdirSync(home, { recursive: true });
  log(`resolving the Neo4j server${options.withGds ? ' with Graph Data Science' : ''} with Maven (downloads the artifacts on first use)`);
  const result = spawnSync(
    'mvn',
    ['-q', '-B', '-f', NEO4J_DESCRIPTOR, ...(options.withGds ? ['-Pgds'] : []), 'dependency:build-classpath', `-Dmdep.outputFile=${cacheFile}`, '-Dmdep.includeScope=runtime'],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (result.status !== 0 || !existsSync(cacheFile)) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-5).join(' | ');
    throw new LocalNeo4jError(`Maven could not resolve the Neo4j server artifacts${options.withGds ? ' with Graph Data Science' : ''}: ${output || result.error?.message || 'unknown error'}`);
  }
  return readFileSync(cacheFile, 'utf8').trim();
}

/** The jars the `gds` profile adds to Neo4j's own classpath: GDS and the dependencies Neo4j does not already bring. */
export function gdsOnlyJars(serverClasspath: string, gdsClasspath: string): string[] {
  const server = new Set(serverClasspath.split(':'));
  return gdsClasspath.split(':').filter((jar) => jar !== '' && !server.has(jar));
}

/**
 * Makes plugins/ hold exactly the jars given (GDS's, or none): the ones a previous start placed
 * are removed first, so a start without GDS really starts without it. Jars someone else put
 * there are left alone.
 */
export function placePluginJars(home: string, jars: readonly string[]): void {
  const p = paths(home);
  mkdirSync(p.plugins, { recursive: true });
  if (existsSync(p.pluginManifest)) {
    for (const name of readFileSync(p.pluginManifest, 'utf8').split('\n')) if (name.trim() !== '') rmSync(join(p.plugins, name.trim()), { force: true });
    rmSync(p.pluginManifest, { force: true });
  }
  if (jars.length === 0) return;
  for (const jar of jars) copyFileSync(jar, join(p.plugins, basename(jar)));
  writeFileSync(p.pluginManifest, `${jars.map((jar) => basename(jar)).join('\n')}\n`);
}

function writeServerConfig(settings: LocalNeo4jSettings): void {
  const p = paths(settings.home);
  for (const folder of [p.conf, p.data, p.logs, p.run, p.importDir, p.plugins]) mkdirSync(folder, { recursive: true });
  const lines = [
    '# Written by hydrascope on every start; edit HYDRASCOPE_NEO4J_* settings instead.',
    'server.default_listen_address=127.0.0.1',
    `server.bolt.listen_address=127.0.0.1:${settings.boltPort}`,
    `server.bolt.advertised_address=127.0.0.1:${settings.boltPort}`,
    `server.http.listen_address=127.0.0.1:${settings.httpPort}`,
    `server.http.advertised_address=127.0.0.1:${settings.httpPort}`,
    'server.https.enabled=false',
    `server.directories.data=${p.data}`,
    `server.directories.logs=${p.logs}`,
    `server.directories.plugins=${p.plugins}`,
    `server.directories.import=${p.importDir}`,
    `server.directories.run=${p.run}`,
    `server.memory.heap.initial_size=${settings.heap}`,
    `server.memory.heap.max_size=${settings.heap}`,
    `server.memory.pagecache.size=${settings.pageCache}`,
    'dbms.security.auth_enabled=true',
    'dbms.usage_report.enabled=false',
    // Transaction logs in files of 64 MiB, of which checkpoints keep the last two: Neo4j
    // preallocates each file at full size, and the default 256 MiB left even an empty server
    // with 512 MB of logs (one file for each of its two databases).
    'db.tx_log.rotation.size=64M',
    'db.tx_log.rotation.retention_policy=2 files',
    'db.logs.query.enabled=OFF',
    // GDS's procedures reach into the kernel; Neo4j refuses to load them unless allowed by name.
    ...(settings.withGds ? ['dbms.security.procedures.unrestricted=gds.*'] : []),
    ...(settings.additionalConfiguration ?? []),
  ];
  writeFileSync(join(p.conf, 'neo4j.conf'), `${lines.join('\n')}\n`);
}

function javaArguments(settings: LocalNeo4jSettings, classpath: string, mainClass: string, extra: string[]): string[] {
  return [
    `-Xms${settings.heap}`,
    `-Xmx${settings.heap}`,
    '-XX:+UseG1GC',
    '-XX:-OmitStackTraceInFastThrow',
    '-XX:+UnlockExperimentalVMOptions',
    '-XX:+TrustFinalNonStaticFields',
    '-XX:+DisableExplicitGC',
    '-Djdk.nio.maxCachedBufferSize=1024',
    '-Dio.netty.tryReflectionSetAccessible=true',
    '-Dlog4j2.disable.jmx=true',
    '--add-opens=java.base/java.lang=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    '--add-opens=java.base/java.io=ALL-UNNAMED',
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '--add-opens=java.base/java.util=ALL-UNNAMED',
    '--enable-native-access=ALL-UNNAMED',
    '-cp',
    classpath,
    mainClass,
    ...extra,
  ];
}

function readPid(home: string): number | undefined {
  const file = paths(home).pid;
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolvePromise) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolvePromise(true);
    });
    socket.once('error', () => resolvePromise(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolvePromise(false);
    });
  });
}

const sleep = (ms: number) => new Promise((resolvePromise) => setTimeout(resolvePromise, ms));

/**
 * A new password for the local server: 144 random bits, URL-safe. It never begins with a dash,
 * which neo4j-admin would read as an option (1 in 64 base64url passwords did: "Missing required
 * parameter: '<password>'").
 */
export function newLocalPassword(random: (size: number) => Buffer = randomBytes): string {
  return `h${random(18).toString('base64url')}`;
}

export function readLocalPassword(home: string): string | undefined {
  const file = paths(home).password;
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

export function localConnection(settings: LocalNeo4jSettings): Neo4jConnectionConfig {
  const password = readLocalPassword(settings.home);
  if (password === undefined) throw new LocalNeo4jError(`the local Neo4j has no password yet (${paths(settings.home).password}); run \`hydrascope neo4j start\``);
  return { uri: `bolt://127.0.0.1:${settings.boltPort}`, user: 'neo4j', password, database: undefined };
}

export async function localStatus(settings: LocalNeo4jSettings): Promise<LocalNeo4jStatus> {
  const pid = readPid(settings.home);
  const running = isAlive(pid) && (await portAnswers(settings.boltPort));
  return {
    running,
    pid: isAlive(pid) ? pid : undefined,
    boltUri: `bolt://127.0.0.1:${settings.boltPort}`,
    browserUrl: `http://127.0.0.1:${settings.httpPort}/browser/`,
    user: 'neo4j',
    password: readLocalPassword(settings.home),
    home: settings.home,
  };
}

async function waitForBolt(settings: LocalNeo4jSettings, pid: number): Promise<void> {
  const deadline = Date.now() + settings.startTimeoutSeconds * 1000;
  const connection = localConnection(settings);
  while (Date.now() < deadline) {
    if (!isAlive(pid)) {
      const tail = existsSync(paths(settings.home).console) ? readFileSync(paths(settings.home).console, 'utf8').trim().split('\n').slice(-5).join(' | ') : '';
      throw new LocalNeo4jError(`the local Neo4j exited during start-up; see ${paths(settings.home).logs} (${tail})`);
    }
    if (await portAnswers(settings.boltPort)) {
      const store = openGraphStore(connection, { connectionAcquisitionTimeoutMs: 5000 });
      try {
        await store.verifyConnectivity();
        return;
      } catch {
        // Bolt is listening before the database is ready to authenticate; keep waiting.
      } finally {
        await store.close();
      }
    }
    await sleep(500);
  }
  throw new LocalNeo4jError(`the local Neo4j did not answer on Bolt port ${settings.boltPort} within ${settings.startTimeoutSeconds}s; see ${paths(settings.home).logs}`);
}

export interface StartResult {
  alreadyRunning: boolean;
  status: LocalNeo4jStatus;
  seconds: number;
}

/** Starts the local server (or reports that it already runs) and waits until Bolt answers. */
export async function startLocalNeo4j(settings: LocalNeo4jSettings, log: (message: string) => void = () => undefined): Promise<StartResult> {
  const started = Date.now();
  const p = paths(settings.home);
  const existing = readPid(settings.home);
  if (isAlive(existing)) {
    await waitForBolt(settings, existing as number);
    return { alreadyRunning: true, status: await localStatus(settings), seconds: (Date.now() - started) / 1000 };
  }
  if (await portAnswers(settings.boltPort)) {
    throw new LocalNeo4jError(`port ${settings.boltPort} is already in use by another process; set HYDRASCOPE_NEO4J_BOLT_PORT or NEO4J_URI`);
  }
  checkPrerequisites();
  const serverClasspath = resolveClasspath(settings.home, log);
  // GDS only loads when its jars are both in plugins/ and on the JVM classpath (either alone
  // gives no gds.* procedures or a failed start).
  const classpath = settings.withGds ? resolveClasspath(settings.home, log, { withGds: true }) : serverClasspath;
  placePluginJars(settings.home, settings.withGds ? gdsOnlyJars(serverClasspath, classpath) : []);
  writeServerConfig(settings);
  if (!existsSync(p.authFile)) {
    const password = readLocalPassword(settings.home) ?? newLocalPassword();
    writeFileSync(p.password, `${password}\n`, { mode: 0o600 });
    // "--": a stored password may begin with a dash (made before newLocalPassword avoided it).
    const admin = spawnSync('java', javaArguments({ ...settings, heap: '256m' }, serverClasspath, 'org.neo4j.cli.AdminTool', ['dbms', 'set-initial-password', '--', password]), {
      encoding: 'utf8',
      env: { ...process.env, NEO4J_HOME: settings.home, NEO4J_CONF: p.conf },
    });
    if (admin.status !== 0) throw new LocalNeo4jError(`could not set the initial Neo4j password: ${(admin.stderr || admin.stdout).trim().split('\n')[0]}`);
  }
  log(`starting Neo4j${settings.withGds ? ' with Graph Data Science' : ''} (Bolt 127.0.0.1:${settings.boltPort}, HTTP 127.0.0.1:${settings.httpPort})`);
  const output = openSync(p.console, 'a');
  const child = spawn('java', javaArguments(settings, classpath, 'org.neo4j.server.CommunityEntryPoint', [`--home-dir=${settings.home}`, `--config-dir=${p.conf}`]), {
    cwd: settings.home,
    detached: true,
    stdio: ['ignore', output, output],
    env: { ...process.env, NEO4J_HOME: settings.home, NEO4J_CONF: p.conf },
  });
  closeSync(output);
  child.unref();
  if (child.pid === undefined) throw new LocalNeo4jError('could not start java for the local Neo4j');
  writeFileSync(p.pid, `${child.pid}\n`);
  await waitForBolt(settings, child.pid);
  return { alreadyRunning: false, status: await localStatus(settings), seconds: (Date.now() - started) / 1000 };
}

/** Stops the server cleanly (SIGTERM runs Neo4j's shutdown hook), forcing it only after a timeout. */
export async function stopLocalNeo4j(settings: LocalNeo4jSettings, timeoutSeconds = 60): Promise<{ wasRunning: boolean }> {
  const pid = readPid(settings.home);
  if (!isAlive(pid)) {
    rmSync(paths(settings.home).pid, { force: true });
    return { wasRunning: false };
  }
  process.kill(pid as number, 'SIGTERM');
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (isAlive(pid) && Date.now() < deadline) await sleep(250);
  if (isAlive(pid)) process.kill(pid as number, 'SIGKILL');
  rmSync(paths(settings.home).pid, { force: true });
  return { wasRunning: true };
}

/**
 * Removes a stopped server's data folder (its databases, transaction logs, users and password
 * hash), for throwaway servers such as the tests': the next start begins with empty databases
 * and the same stored password. The Maven cache, the resolved classpath, the configuration and
 * the logs stay. Refuses while the server runs.
 */
export function removeLocalNeo4jData(settings: LocalNeo4jSettings): void {
  if (isAlive(readPid(settings.home))) throw new LocalNeo4jError(`the local Neo4j in ${settings.home} is running; stop it before removing its data`);
  rmSync(paths(settings.home).data, { recursive: true, force: true });
}

/** Shell lines that point other tools (cypher-shell, notebooks, cron jobs) at the same server. */
export function environmentLines(connection: Neo4jConnectionConfig): string[] {
  const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
  const lines = [
    `export NEO4J_URI=${quote(connection.uri)}`,
    `export NEO4J_USER=${quote(connection.user)}`,
    `export NEO4J_USERNAME=${quote(connection.user)}`,
    `export NEO4J_PASSWORD=${quote(connection.password)}`,
  ];
  if (connection.database) lines.push(`export NEO4J_DATABASE=${quote(connection.database)}`);
  return lines;
}

/** The folder of the user database's store files (the page cache holds pages of these). */
export function localStoreFolder(settings: LocalNeo4jSettings): string {
  return join(paths(settings.home).data, 'databases', 'neo4j');
}

/**
 * Stops the local server, removes its user database's store files and transaction logs, and
 * starts it again; Neo4j then creates a new, empty database (users and passwords live in the
 * system database and stay). For benchmarks, whose store must hold only what they load: a
 * wiped store keeps the file sizes of the largest graph it ever held.
 */
export async function recreateLocalDatabase(settings: LocalNeo4jSettings, log: (message: string) => void = () => undefined): Promise<void> {
  await stopLocalNeo4j(settings);
  for (const folder of [localStoreFolder(settings), join(paths(settings.home).data, 'transactions', 'neo4j')]) rmSync(folder, { recursive: true, force: true });
  await startLocalNeo4j(settings, log);
}
