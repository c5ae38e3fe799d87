import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeTemporaryDirectories, temporaryDirectory } from './batches.js';

describe('temporary directories of the tests', () => {
  it('are removed with their contents once the test file is done with them', () => {
    const first = temporaryDirectory();
    const second = temporaryDirectory('hydrascope-other-');
    writeFileSync(join(first, 'events.ndjson'), '{}\n');
    removeTemporaryDirectories();
    expect(existsSync(first)).toBe(false);
    expect(existsSync(second)).toBe(false);
  });
});
