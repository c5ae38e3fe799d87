// Write-floor benchmark: what one usage relationship costs Neo4j in a transaction, split into
// finding its two nodes, creating it without properties, the least possible write (CREATE with
// its six properties) and what ingest runs (merge-ip-usage). The floor times the relationships a
// scenario needs give the fastest any transactional load of that graph could be on this machine,
// whatever the loader does; the ceilings are printed for every scale bench:ingest has counted
// relationships for. Writes bench/results/write-floor.json. Options: --help.
import { cypher } from '../src/graph-store/cypher-files.js';
import { applySchema, wipeDatabase } from '../src/graph-store/schema.js';
import type { UsageAggregate } from '../src/ingest/event-aggregator.js';
import { usageParameters } from '../src/ingest/ingest-batch.js';
import { median } from '../src/shared/statistics.js';
import { integerOption, openBenchStore, readBenchArguments, readResults, writeResults, type BenchCommand } from './support.js';

const WRITE_FLOOR_BENCH: BenchCommand = {
  name: 'bench:write-floor',
  summary:
    'Wipes the database (NEO4J_* or the local server), creates accounts and addresses, then times four\n' +
    'statements over the same usage rows, each in its own transaction (commit included), interleaved:\n' +
    'the index lookups alone, CREATE without properties, the least write (CREATE with six properties)\n' +
    'and merge-ip-usage as ingest runs it. Results: bench/results/write-floor.json.',
  options: {
    rows: { type: 'string', value: 'N', description: 'usage rows per transaction (default 20000, ingest chunk size; at most --accounts)' },
    repeats: { type: 'string', value: 'N', description: 'timed transactions per statement (default 7, after one untimed round)' },
    accounts: { type: 'string', value: 'N', description: 'Account nodes (default 20000)' },
    addresses: { type: 'string', value: 'N', description: 'IP nodes (default 5000)' },
  },
};

const STATEMENTS = ['bench/read-ip-usage-lookups', 'bench/create-ip-usage-without-properties', 'bench/create-ip-usage-floor', 'merge-ip-usage'] as const;
const FLOOR = 'bench/create-ip-usage-floor';
const START = Date.parse('2026-02-01T00:00:00Z');

/**
 * One transaction's rows: every row a different account (so CREATE and MERGE write the same
 * relationships), addresses spread over the IP nodes, shifted per repeat.
 */
function usageRows(rows: number, accounts: number, addresses: number, repeat: number): UsageAggregate[] {
  return Array.from({ length: rows }, (_, row) => {
    const account = (row + repeat * 1000) % accounts;
    const address = (account * 7 + row) % addresses;
    return {
      account_id: `floor-account-${account}`,
      key: `10.${Math.floor(address / 65536)}.${Math.floor(address / 256) % 256}.${address % 256}`,
      events: 3,
      input_tokens: 1200,
      output_tokens: 2400,
      first: START + row * 1000,
      last: START + row * 1000 + 600_000,
    };
  });
}

const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Scales bench:ingest has measured with relationship counts: events and relationships written. */
async function measuredScales(): Promise<Array<{ scale: string; events: number; relationships: number; eventsPerSecond: number }>> {
  const results = (await readResults('ingest')) as Record<string, { events?: number; eventsPerSecond?: number; relationships?: { usedIp?: number; sentPrompt?: number } }>;
  return Object.entries(results).flatMap(([scale, result]) => {
    const relationships = (result.relationships?.usedIp ?? 0) + (result.relationships?.sentPrompt ?? 0);
    return result.events && relationships > 0 ? [{ scale, events: result.events, relationships, eventsPerSecond: result.eventsPerSecond ?? 0 }] : [];
  });
}

async function main(): Promise<void> {
  const { accounts, addresses, rows, repeats } = readBenchArguments(WRITE_FLOOR_BENCH, (values) => {
    const options = { accounts: integerOption(values, 'accounts', 20_000), addresses: integerOption(values, 'addresses', 5_000), rows: integerOption(values, 'rows', 20_000), repeats: integerOption(values, 'repeats', 7) };
    if (options.rows > options.accounts) throw new Error(`--rows (${options.rows}) must not exceed --accounts (${options.accounts}): every row needs an account of its own`);
    return options;
  });
  const runId = `bench-write-floor-${new Date().toISOString()}`;
  const store = await openBenchStore();
  try {
    await wipeDatabase(store);
    await applySchema(store);
    await store.write(cypher('bench/create-floor-accounts'), { count: accounts, runId });
    await store.write(cypher('bench/create-floor-addresses'), { count: addresses, runId });
    const times = new Map<string, number[]>(STATEMENTS.map((name) => [name, []]));
    // Round 0 is untimed: it plans the statements and warms the page cache.
    for (let repeat = 0; repeat <= repeats; repeat += 1) {
      const parameters = { ...usageParameters(usageRows(rows, accounts, addresses, repeat)), runId };
      for (const name of STATEMENTS) {
        await store.write(cypher('bench/delete-floor-usage'));
        const started = performance.now();
        await store.writeTransaction((transaction) => transaction.run(cypher(name), parameters));
        if (repeat > 0) times.get(name)?.push(performance.now() - started);
      }
      process.stderr.write(`round ${repeat}/${repeats}\r`);
    }
    await wipeDatabase(store);
    const statements = Object.fromEntries(
      STATEMENTS.map((name) => {
        const measured = times.get(name) ?? [];
        return [name, { medianMs: round(median(measured)), minMs: round(Math.min(...measured)), maxMs: round(Math.max(...measured)), microsecondsPerRow: round((median(measured) * 1000) / rows) }];
      }),
    );
    const floorPerRow = statements[FLOOR]?.microsecondsPerRow ?? Number.NaN;
    const ceilings = (await measuredScales()).map(({ scale, events, relationships, eventsPerSecond }) => ({
      scale,
      events,
      relationships,
      floorSeconds: round((relationships * floorPerRow) / 1e6),
      ceilingEventsPerSecond: Math.round(events / ((relationships * floorPerRow) / 1e6)),
      measuredEventsPerSecond: eventsPerSecond,
    }));
    const result = { rows, repeats, accounts, addresses, statements, ceilings };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    for (const ceiling of ceilings) {
      process.stdout.write(
        `${ceiling.scale}: ${ceiling.relationships} usage relationships x ${floorPerRow} us = ${ceiling.floorSeconds} s of Neo4j writes at the least, ` +
          `so these writes alone cap a transactional load at ${ceiling.ceilingEventsPerSecond} events/s (bench:ingest measured ${ceiling.measuredEventsPerSecond})\n`,
      );
    }
    process.stdout.write(`results: ${await writeResults('write-floor', 'default', result)}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:write-floor failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
