import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSignalTable, withSignalTable } from '../../src/campaigns/signal-table.js';
import { SIGNAL_NAMES } from '../../src/campaigns/signals.js';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';

describe('docs/scoring.md', () => {
  it('shows the signal table generated from the code’s signal declarations (npm run docs:signals)', () => {
    const document = readFileSync(join(PROJECT_ROOT, 'docs', 'scoring.md'), 'utf8');
    expect(document).toContain(renderSignalTable());
    for (const name of SIGNAL_NAMES) expect(document).toContain(`\`${name}\``);
  });

  it('refuses a document without the table markers', () => {
    expect(() => withSignalTable('# no table here')).toThrow(/signal-table:start/);
  });
});
