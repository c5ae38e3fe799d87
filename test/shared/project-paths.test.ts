import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compiledModuleUrl, PROJECT_ROOT } from '../../src/shared/project-paths.js';

describe('compiledModuleUrl', () => {
  it('points a TypeScript caller in src/ at the built module in dist/', () => {
    const caller = pathToFileURL(join(PROJECT_ROOT, 'src', 'ingest', 'sketch-pool.ts')).href;
    const url = compiledModuleUrl(caller, './sketch-worker.js');
    expect(fileURLToPath(url)).toBe(join(PROJECT_ROOT, 'dist', 'src', 'ingest', 'sketch-worker.js'));
    expect(existsSync(url)).toBe(true);
  });

  it('keeps the module beside a compiled caller', () => {
    const caller = pathToFileURL(join(PROJECT_ROOT, 'dist', 'src', 'api', 'refresh-starter.js')).href;
    expect(fileURLToPath(compiledModuleUrl(caller, './refresh-worker.js'))).toBe(join(PROJECT_ROOT, 'dist', 'src', 'api', 'refresh-worker.js'));
  });
});
