// Write-replay benchmark: how fast Neo4j takes a load's writes when nothing else is done. After
// the untimed warm-up load it loads a generated scenario once, recording every chunk transaction
// (statements and parameters), wipes the database and replays the recording: the same graph
// written by the same statements in the same transactions, with no reading, validation or
// fingerprinting in this process. Its events/s is the ceiling of any loader that keeps this write
// path, however fast its parsing. Checks that the replay wrote the graph the load wrote. Writes
// bench/results/write-replay.json. Options: --help.
import { rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cypher } from '../src/graph-store/cypher-files.js';
import type { GraphStore } from '../src/graph-store/neo4j-adapter.js';
import { applySchema, wipeDatabase } from '../src/graph-store/schema.js';
import { ingestBatch } from '../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../src/ingest/prompt-fingerprint/index.js';
import { isIngestChunkTransaction, recordWrites, replayWrites } from './write-recording.js';
import { flagOption, LOADED_SCENARIO_OPTIONS, loadedScenarioFolder, loadedScenarioOptions, localNeo4jProcess, megabytes, openBenchStore, readBenchArguments, readResults, sampleCpu, sampleMemory, warmUpNeo4j, writeResults, type BenchCommand } from './support.js';

const WRITE_REPLAY_BENCH: BenchCommand = {
  name: 'bench:write-replay',
  summary:
    'Wipes the database (NEO4J_* or the local server), warms Neo4j up with an untimed tiny load, loads a\n' +
    'generated scenario while recording its write transactions, wipes again and replays them alone,\n' +
    'timed: the events/s of the write path with no parsing beside it. Results: bench/results/write-replay.json.',
  options: {
    ...LOADED_SCENARIO_OPTIONS,
    'keep-recording': { type: 'boolean', description: 'keep the recording file (under .hydrascope/bench) instead of deleting it' },
  },
};

type GraphTotals = Record<string, number | null>;


async function graphTotals(store: GraphStore): Promise<GraphTotals> {
  const [totals] = await store.read<GraphTotals>(cypher('test/read-graph-totals'));
  return totals ?? {};
}

/** Ingest's figure for the same scenario, if bench:ingest has measured it, to set beside the replay. */
async function ingestFigure(scale: string): Promise<{ seconds: number; eventsPerSecond: number; neo4jSeconds: number | null } | null> {
  const result = (await readResults('ingest'))[scale] as { seconds?: number; eventsPerSecond?: number; cpu?: { neo4jSeconds?: number | null } } | undefined;
  return result?.seconds && result.eventsPerSecond ? { seconds: result.seconds, eventsPerSecond: result.eventsPerSecond, neo4jSeconds: result.cpu?.neo4jSeconds ?? null } : null;
}

async function main(): Promise<void> {
  const { scale, seed, keepRecording } = readBenchArguments(WRITE_REPLAY_BENCH, (values) => ({
    ...loadedScenarioOptions(values),
    keepRecording: flagOption(values, 'keep-recording'),
  }));
  const folder = await loadedScenarioFolder(scale, seed);
  const recordingFile = join(folder, '..', `${scale}-seed-${seed}.writes.v8`);
  const store = await openBenchStore();
  try {
    await warmUpNeo4j(store);
    process.stderr.write(`loading ${scale} while recording its writes\n`);
    const recorder = recordWrites(store, recordingFile, isIngestChunkTransaction);
    let summary;
    try {
      summary = await ingestBatch(recorder.store, folder, { fingerprinter: createPromptFingerprinter() });
    } finally {
      recorder.close();
    }
    const loaded = await graphTotals(store);
    const events = summary.files.find((file) => file.kind === 'events')?.loaded ?? 0;

    await wipeDatabase(store);
    await applySchema(store);
    const recordingBytes = statSync(recordingFile).size;
    process.stderr.write(`replaying ${megabytes(recordingBytes)} MB of recorded transactions\n`);
    const local = await localNeo4jProcess();
    const memory = sampleMemory();
    const cpu = sampleCpu({ neo4jPid: local?.pid ?? null });
    const replay = await replayWrites(store, recordingFile, (done) => {
      if (done % 10 === 0) process.stderr.write(`replayed ${done} transactions\r`);
    });
    memory.stop();
    const cpuUse = cpu.stop(replay.seconds);
    process.stderr.write('\n');
    const replayed = await graphTotals(store);
    const sameGraph = JSON.stringify(replayed) === JSON.stringify(loaded);
    if (!sameGraph) throw new Error(`the replay wrote another graph than the load: ${JSON.stringify(replayed)} against ${JSON.stringify(loaded)}`);
    const statementsTotalMs = Object.values(replay.statementsMs).reduce((total, ms) => total + ms, 0);
    const result = {
      scale,
      seed,
      events,
      transactions: replay.transactions,
      statements: replay.statements,
      recordingMb: megabytes(recordingBytes),
      sameGraph,
      seconds: Math.round(replay.seconds * 10) / 10,
      eventsPerSecond: Math.round(events / replay.seconds),
      peakRssMb: megabytes(memory.peakRssBytes()),
      cpu: cpuUse,
      profileMs: { transactions: replay.transactionsMs, statements: replay.statementsMs, commits: Math.round(replay.transactionsMs - statementsTotalMs), waitForRecording: replay.waitForRecordingMs },
      // The recording load, warm and just before the replay on the same server: the fairest
      // comparison (recording adds a serialize and a file write per transaction to it).
      loadWhileRecording: { seconds: Math.round(summary.seconds * 10) / 10, eventsPerSecond: Math.round(events / summary.seconds) },
      ingest: await ingestFigure(scale),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(
      `${scale}: Neo4j took the load's ${result.transactions} write transactions alone in ${result.seconds} s (${result.eventsPerSecond} events/s, Neo4j ${cpuUse.neo4jSeconds ?? '?'} CPU-s); ` +
        `no loader writing these transactions one at a time can go faster here (the load just before, recording: ${result.loadWhileRecording.seconds} s, ${result.loadWhileRecording.eventsPerSecond} events/s` +
        `${result.ingest ? `; bench:ingest: ${result.ingest.seconds} s, ${result.ingest.eventsPerSecond} events/s` : ''})\n`,
    );
    process.stdout.write(`results: ${await writeResults('write-replay', scale, result)}\n`);
  } finally {
    if (!keepRecording) rmSync(recordingFile, { force: true });
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:write-replay failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
