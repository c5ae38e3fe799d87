import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../bin/hydrascope.js', import.meta.url));

/** Runs the CLI with its standard output closed before it writes, as `hydrascope … | head -0` does. */
function runWithClosedOutput(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('the command line when its reader goes away', () => {
  it.each([[['--help']], [['ingest', '--help']], [['generate', '--help']]])('finishes %j without an EPIPE crash', async (args) => {
    const { code, stderr } = await runWithClosedOutput(args);
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });
});
