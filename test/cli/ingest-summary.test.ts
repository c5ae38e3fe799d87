// The summary `hydrascope ingest` prints: per-file counts that reconcile, the load's warnings, and
// where the time went, with the commits as what the transactions took beyond their statements.
import { describe, expect, it } from 'vitest';
import { formatIngestSummary } from '../../src/cli/commands/ingest.js';
import type { IngestSummary } from '../../src/ingest/ingest-batch.js';

const summary: IngestSummary = {
  batchId: 'b1',
  runId: 'ingest-test',
  directory: '/tmp/batch',
  status: 'loaded',
  files: [{ file: 'events.ndjson', kind: 'events', read: 10, loaded: 7, rejected: 2, duplicates: 1 }],
  totals: { read: 10, loaded: 7, rejected: 2, duplicates: 1 },
  warnings: [],
  quarantinePath: '/tmp/batch/_quarantine.ndjson',
  seconds: 2,
  writers: 2,
  profile: { readAndValidate: 500, fingerprint: 100, waitForSketches: 0, waitForWrites: 1200, transactions: 1500, statements: { 'merge-ip-usage': 700, 'merge-prompt-usage': 300 } },
};

describe('formatIngestSummary', () => {
  it('names the rejected rows and where they are kept', () => {
    expect(formatIngestSummary(summary)).toContain('rejected rows: 2 (kept with reasons in /tmp/batch/_quarantine.ndjson)');
  });

  it('says how many chunk transactions were written at once', () => {
    expect(formatIngestSummary(summary).split('\n')).toContain('writers: 2 (chunk transactions written at once)');
  });

  it('reports the transactions, the commits beyond their statements, and each statement, slowest first', () => {
    const time = formatIngestSummary(summary)
      .split('\n')
      .find((line) => line.startsWith('time:'));
    expect(time).toMatch(/in Neo4j: transactions 1\.5s \(commits 0\.5s\), merge-ip-usage 0\.7s, merge-prompt-usage 0\.3s$/);
  });

  it('says when a file repeats an earlier batch: the count in its row, the warning under the table, the count in the first line', () => {
    const warning = 'events.ndjson: 9 of 10 rows (90%) skipped as duplicates: event ids repeat those of an earlier batch; if this is a new batch, its producer reuses event ids';
    const repeated: IngestSummary = {
      ...summary,
      files: [{ file: 'events.ndjson', kind: 'events', read: 10, loaded: 1, rejected: 0, duplicates: 9, earlierBatchDuplicates: 9 }],
      totals: { read: 10, loaded: 1, rejected: 0, duplicates: 9 },
      warnings: [warning],
    };
    const lines = formatIngestSummary(repeated).split('\n');
    expect(lines[0]).toMatch(/: loaded in 2\.0s, \d+ rows\/s, 1 warning$/);
    expect(lines.find((line) => line.startsWith('events.ndjson'))).toMatch(/ 10\s+1\s+0\s+9 {2}9 duplicates of an earlier batch$/);
    expect(lines).toContain(`WARNING: ${warning}`);
    expect(formatIngestSummary(summary)).not.toContain('WARNING');
  });
});
