// docs/input-format.md is the repository's copy of the input contract kept beside the project
// (../shared/contract/input-format.md from the project root): a one-line note, then the contract's
// text unchanged. Where the contract is not beside the clone there is nothing to compare with.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';

const CONTRACT = resolve(PROJECT_ROOT, '..', 'shared', 'contract', 'input-format.md');
const MIRROR = join(PROJECT_ROOT, 'docs', 'input-format.md');

describe('docs/input-format.md', () => {
  it('holds the shared input contract word for word after its one-line note', (context) => {
    if (!existsSync(CONTRACT)) {
      const reason = `skipped: no shared contract beside the project (${CONTRACT} does not exist)`;
      console.warn(`docs/input-format.md: ${reason}`);
      context.skip(reason);
    }
    const [note, ...rest] = readFileSync(MIRROR, 'utf8').split('\n');
    expect(note).toMatch(/mirrors the input contract/);
    expect(rest.join('\n')).toBe(readFileSync(CONTRACT, 'utf8'));
  });
});
