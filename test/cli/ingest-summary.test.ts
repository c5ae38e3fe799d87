// The summary `hydrascope ingest` prints: per-file counts that reconcile, and where the time went,
// with the commits as what the transactions took beyond their statements.
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
  quarantinePath: '/tmp/batch/_quarantine.ndjson',
  seconds: 2,
  profile: { readAndValidate: 500, fingerprint: 100, waitForSketches: 0, waitForWrites: 1200, transactions: 1500, statements: { 'merge-ip-usage': 700, 'merge-prompt-usage': 300 } },
};

describe('formatIngestSummary', () => {
  it('names the rejected rows and where they are kept', () => {
    expect(formatIngestSummary(summary)).toContain('rejected rows: 2 (kept with reasons in /tmp/batch/_quarantine.ndjson)');
  });

  it('reports the transactions, the commits beyond their statements, and each statement, slowest first', () => {
    const time = formatIngestSummary(summary).split('\n').find((line) => line.startsWith('time:'));
    expect(time).toMatch(/in Neo4j: transactions 1\.5s \(commits 0\.5s\), merge-ip-usage 0\.7s, merge-prompt-usage 0\.3s$/);
  });
});
