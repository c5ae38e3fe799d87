// `hydrascope reset`: the real CLI against the test Neo4j. Without --yes it refuses and keeps
// everything; with --yes it removes every node and relationship hydrascope wrote (loads and
// refresh results), keeps the schema, and says what it is doing while it works.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cypher } from '../../src/graph-store/cypher-files.js';
import { schemaPresent } from '../../src/graph-store/schema.js';
import { ingestBatch } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { runRefresh } from '../../src/jobs/refresh-job.js';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';
import { syntheticEvents, temporaryDirectory, writeLines } from '../support/batches.js';
import { testDatabaseEnvironment } from '../support/neo4j.js';
import { runNodeScript } from '../support/processes.js';
import { useTestStore } from '../support/test-store.js';

const CLI = join(PROJECT_ROOT, 'bin', 'hydrascope.js');

const runCli = (args: string[]) => runNodeScript(CLI, args, testDatabaseEnvironment());

describe('hydrascope reset', () => {
  const store = useTestStore();
  const counts = async () => (await store.read<{ nodes: number; relationships: number }>(cypher('test/count-hydrascope-nodes')))[0];

  beforeAll(async () => {
    const directory = temporaryDirectory();
    writeLines(
      directory,
      'accounts.ndjson',
      Array.from({ length: 30 }, (_unused, index) => ({ account_id: `acct-${index}`, created_at: '2026-01-01T00:00:00Z' })),
    );
    writeLines(directory, 'events.ndjson', syntheticEvents(30, 20));
    await ingestBatch(store, directory, { fingerprinter: createPromptFingerprinter() });
    await runRefresh(store, { requestedBy: 'test' });
  });

  it('refuses without --yes and removes nothing', async () => {
    const before = await counts();
    expect(before?.nodes).toBeGreaterThan(30);
    expect(before?.relationships).toBeGreaterThan(0);
    const { code, stderr } = await runCli(['reset']);
    expect(stderr).toContain('run again with --yes to confirm');
    expect(code).toBe(2);
    expect(await counts()).toEqual(before);
  });

  it('with --yes removes every node and relationship hydrascope wrote and keeps the schema', async () => {
    const { code, stdout, stderr } = await runCli(['reset', '--yes']);
    expect(code).toBe(0);
    expect(stderr.indexOf('reset: removing relationships')).toBeGreaterThanOrEqual(0);
    expect(stderr.indexOf('reset: removing nodes')).toBeGreaterThan(stderr.indexOf('reset: removing relationships'));
    expect(stdout).toMatch(/^removed all hydrascope data from .+ in \d+\.\ds\n$/);
    expect(await counts()).toEqual({ nodes: 0, relationships: 0 });
    expect((await schemaPresent(store)).present).toBe(true);
  });
});
