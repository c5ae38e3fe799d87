// The local Neo4j life cycle through the real CLI: start, start again, status, env, Browser,
// stop, and its data removed afterwards. Runs its own server on its own ports and state folder.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import neo4j from 'neo4j-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config/config.js';
import { localNeo4jSettings, removeLocalNeo4jData } from '../../src/graph-store/local-neo4j.js';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';
import { temporaryDirectory } from '../support/batches.js';

const run = promisify(execFile);
const stateDirectory = temporaryDirectory('hydrascope-local-neo4j-');
const environment = {
  ...process.env,
  NEO4J_URI: '',
  HYDRASCOPE_STATE_DIR: stateDirectory,
  HYDRASCOPE_NEO4J_BOLT_PORT: '18687',
  HYDRASCOPE_NEO4J_HTTP_PORT: '18474',
  HYDRASCOPE_NEO4J_HEAP: '512m',
  HYDRASCOPE_NEO4J_PAGECACHE: '128m',
};
const cli = (...args: string[]) =>
  run(process.execPath, [join(PROJECT_ROOT, 'bin', 'hydrascope.js'), ...args], { env: environment }).catch((error: { stdout: string; stderr: string; code: number }) => error);

describe('hydrascope neo4j', () => {
  afterAll(async () => {
    await cli('neo4j', 'stop');
  });

  it('starts a real server with its stored password, reports it, and stops it cleanly', async () => {
    // A password kept from an older version that begins with a dash, which neo4j-admin once read as an option.
    mkdirSync(join(stateDirectory, 'neo4j'), { recursive: true });
    writeFileSync(join(stateDirectory, 'neo4j', 'password'), '-dashFirst_0123456789abcdef\n', { mode: 0o600 });
    const started = await cli('neo4j', 'start');
    expect(started.stdout, `stderr: ${(started as { stderr?: string }).stderr ?? ''}`).toMatch(/Neo4j started in [\d.]+s/);
    expect(started.stdout).toContain('http://127.0.0.1:18474/browser/');

    const again = await cli('neo4j', 'start');
    expect(again.stdout).toMatch(/already running/);

    const status = await cli('neo4j', 'status');
    expect(status.stdout).toMatch(/Neo4j: +running \(pid \d+\)/);
    const password = /Login: +neo4j \/ (\S+)/.exec(status.stdout)?.[1];
    expect(password).toBe('-dashFirst_0123456789abcdef');

    const driver = neo4j.driver('bolt://127.0.0.1:18687', neo4j.auth.basic('neo4j', password as string));
    try {
      await driver.verifyAuthentication();
    } finally {
      await driver.close();
    }

    const browser = await fetch('http://127.0.0.1:18474/browser/');
    expect(browser.status).toBe(200);

    // Transaction logs come in files of 64 MiB (preallocated), not Neo4j's default 256 MiB.
    const settings = localNeo4jSettings(readConfig(environment));
    const transactionLogs = join(settings.home, 'data', 'transactions', 'neo4j');
    const logFiles = readdirSync(transactionLogs).filter((name) => name.startsWith('neostore.transaction.db'));
    expect(logFiles.length).toBeGreaterThan(0);
    for (const name of logFiles) expect(statSync(join(transactionLogs, name)).size).toBeLessThanOrEqual(64 * 1024 * 1024);
    expect(() => removeLocalNeo4jData(settings)).toThrow(/is running/);

    const exports = await cli('neo4j', 'env');
    expect(exports.stdout).toContain("export NEO4J_URI='bolt://127.0.0.1:18687'");
    expect(exports.stdout).toContain(`export NEO4J_PASSWORD='${password}'`);

    const stopped = await cli('neo4j', 'stop');
    expect(stopped.stdout).toContain('Neo4j stopped');
    const after = await cli('neo4j', 'status');
    expect(after.stdout).toMatch(/Neo4j: +not running/);
    expect((after as { code?: number }).code).toBe(3);

    // A stopped server's data can go; the resolved classpath and the stored password stay.
    removeLocalNeo4jData(settings);
    expect(existsSync(join(settings.home, 'data'))).toBe(false);
    expect(readdirSync(settings.home).some((name) => name.startsWith('classpath-'))).toBe(true);
    expect(existsSync(join(settings.home, 'password'))).toBe(true);
  }, 240_000);

  it('looks for the server under the project folder, not the current one, when run from elsewhere', async () => {
    const { HYDRASCOPE_STATE_DIR: _own, ...fromElsewhere } = environment;
    const status = await run(process.execPath, [join(PROJECT_ROOT, 'bin', 'hydrascope.js'), 'neo4j', 'status'], { env: fromElsewhere, cwd: tmpdir() }).catch((error: { stdout: string }) => error);
    expect(status.stdout).toContain(`Data:    ${join(PROJECT_ROOT, '.hydrascope', 'neo4j')}\n`);
  });
});
