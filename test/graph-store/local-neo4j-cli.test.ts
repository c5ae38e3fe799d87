// The local Neo4j life cycle through the real CLI: start, start again, status, env, Browser,
// stop. Runs its own server on its own ports and state folder.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import neo4j from 'neo4j-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';
import { temporaryDirectory } from '../support/batches.js';

const run = promisify(execFile);
const stateDirectory = temporaryDirectory('hydrascope-local-neo4j-');
const environment = { ...process.env, NEO4J_URI: '', HYDRASCOPE_STATE_DIR: stateDirectory, HYDRASCOPE_NEO4J_BOLT_PORT: '18687', HYDRASCOPE_NEO4J_HTTP_PORT: '18474', HYDRASCOPE_NEO4J_HEAP: '512m', HYDRASCOPE_NEO4J_PAGECACHE: '128m' };
const cli = (...args: string[]) => run(process.execPath, [join(PROJECT_ROOT, 'bin', 'hydrascope.js'), ...args], { env: environment }).catch((error: { stdout: string; stderr: string; code: number }) => error);

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

    const exports = await cli('neo4j', 'env');
    expect(exports.stdout).toContain("export NEO4J_URI='bolt://127.0.0.1:18687'");
    expect(exports.stdout).toContain(`export NEO4J_PASSWORD='${password}'`);

    const stopped = await cli('neo4j', 'stop');
    expect(stopped.stdout).toContain('Neo4j stopped');
    const after = await cli('neo4j', 'status');
    expect(after.stdout).toMatch(/Neo4j: +not running/);
    expect((after as { code?: number }).code).toBe(3);
  }, 240_000);
});
