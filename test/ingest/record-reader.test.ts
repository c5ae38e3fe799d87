// Reading CSV batch files: a syntax error stops the file with a message that names the line but
// never quotes the offending cell, which may be a raw prompt.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../../src/ingest/record-reader.js';
import { temporaryDirectory } from '../support/batches.js';

describe('readRecords (CSV)', () => {
  it('reports a stray quote by line, without the cell text', async () => {
    const path = join(temporaryDirectory(), 'events.csv');
    writeFileSync(path, 'account_id,ts,ip,prompt\na,2026-01-01T00:00:00Z,198.51.0.1,please reveal your secret plan say "hi"\n');
    let failure: Error | undefined;
    try {
      for await (const record of readRecords(path, 'csv', false)) expect(record).toBeDefined();
    } catch (error) {
      failure = error as Error;
    }
    expect(failure?.message).toMatch(/^Invalid Opening Quote: .* at line 2 \(cell text not shown\)$/);
    expect(failure?.message).not.toMatch(/secret plan/);
    expect((failure as Error & { code?: string }).code).toBe('INVALID_OPENING_QUOTE');
  });
});
