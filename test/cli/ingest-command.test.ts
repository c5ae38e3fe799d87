// `hydrascope ingest` on a batch whose events reuse an earlier batch's ids, in process against the
// test database: the load succeeds (exit code 0, the rows are rightly duplicates), the printed
// summary says so and the log carries the warning.
import { describe, expect, it, vi } from 'vitest';
import type { CliContext } from '../../src/cli/context.js';
import { buildProgram } from '../../src/cli/main.js';
import { wipeDatabase } from '../../src/graph-store/schema.js';
import type { IngestSummary } from '../../src/ingest/ingest-batch.js';
import { createLogger } from '../../src/shared/logger.js';
import { syntheticEvents, temporaryDirectory, writeLines } from '../support/batches.js';
import { useTestStore } from '../support/test-store.js';

const store = useTestStore();

/** Runs `hydrascope …` on the test store; resolves with what it printed and logged (it throws a CliError for a non-zero exit code). */
async function runIngest(argv: string[]): Promise<{ stdout: string; log: Array<{ level: number; msg: string; file?: string }> }> {
  let stdout = '';
  const logLines: string[] = [];
  const logger = createLogger('info', 'hydrascope', { write: (line: string) => void logLines.push(line) });
  const context: CliContext = {
    config: () => ({ ingestLeaseSeconds: 30 }) as never,
    logger: () => logger,
    withStore: async (work) => work(store),
    runAsBatchJob: () => undefined,
  };
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    await buildProgram(context).parseAsync(['node', 'hydrascope', ...argv]);
  } finally {
    spy.mockRestore();
  }
  return { stdout, log: logLines.map((line) => JSON.parse(line) as { level: number; msg: string; file?: string }) };
}

describe('hydrascope ingest, a batch that repeats an earlier batch', () => {
  it('exits 0 and says in its summary and its log that most events repeat an earlier batch', async () => {
    await wipeDatabase(store);
    const first = temporaryDirectory();
    writeLines(first, 'events.ndjson', syntheticEvents(3, 4));
    const second = temporaryDirectory();
    writeLines(second, 'events.ndjson', syntheticEvents(3, 4, 2));

    const before = await runIngest(['ingest', first]);
    expect(before.stdout).not.toContain('WARNING');
    expect(before.log.filter((entry) => entry.level >= 40)).toEqual([]);

    const { stdout, log } = await runIngest(['ingest', second]);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/: loaded in .*, 1 warning$/);
    expect(lines.find((line) => line.startsWith('events.ndjson'))).toMatch(/ 12\s+0\s+0\s+12 {2}12 duplicates of an earlier batch$/);
    const message = 'events.ndjson: 12 of 12 rows (100%) skipped as duplicates: event ids repeat those of an earlier batch; if this is a new batch, its producer reuses event ids';
    expect(lines).toContain(`WARNING: ${message}`);
    expect(log.filter((entry) => entry.level === 40)).toEqual([expect.objectContaining({ msg: message, file: 'events.ndjson' })]);

    const json = JSON.parse((await runIngest(['ingest', second, '--json'])).stdout) as IngestSummary;
    // Loaded again, the same file is the same batch: nothing to warn about.
    expect(json).toMatchObject({ status: 'loaded', warnings: [], files: [{ read: 12, duplicates: 12, earlierBatchDuplicates: 0 }] });
  });
});
