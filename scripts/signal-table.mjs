// Writes the signal table of docs/scoring.md from the code's signal declarations (run after `npm run build`).
import { readFileSync, writeFileSync } from 'node:fs';
import { withSignalTable } from '../dist/src/campaigns/signal-table.js';

const path = new URL('../docs/scoring.md', import.meta.url);
writeFileSync(path, withSignalTable(readFileSync(path, 'utf8')));
process.stdout.write('docs/scoring.md: signal table written\n');
