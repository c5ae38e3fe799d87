// The soak test's database: its own local Neo4j (own ports and folder, so it never touches a
// developer's data), or NEO4J_URI when set. The base scenario is loaded and refreshed once, then
// the stopped server's data folder is kept as a snapshot; every later soak restores that
// snapshot, so each run starts from the same graph (the soak itself ingests a second batch) and
// does not pay for a full ingest again.
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { HydrascopeConfig, Neo4jConnectionConfig } from '../../src/config/config.js';
import { localConnection, startLocalNeo4j, stopLocalNeo4j, type LocalNeo4jSettings } from '../../src/graph-store/local-neo4j.js';
import { openGraphStore, type GraphStore } from '../../src/graph-store/neo4j-adapter.js';
import { wipeDatabase } from '../../src/graph-store/schema.js';
import { ingestBatch, type IngestSummary } from '../../src/ingest/ingest-batch.js';
import { createPromptFingerprinter } from '../../src/ingest/prompt-fingerprint/index.js';
import { runRefresh } from '../../src/jobs/refresh-job.js';
import type { ScaleName } from '../../src/scenario/scales.js';
import { scenarioFolder } from '../../src/evaluation/cached-scenarios.js';

export interface SoakDatabaseOptions {
  config: HydrascopeConfig;
  boltPort: number;
  httpPort: number;
  heap: string;
  pageCache: string;
  scale: ScaleName;
  seed: number;
  /** Use the database as it is (no snapshot restore, no load). */
  reuse: boolean;
  /** NEO4J_URI given: loading wipes that database, so it must be asked for. */
  allowWipe: boolean;
  log: (message: string) => void;
}

export interface BaseLoad {
  source: 'snapshot' | 'loaded' | 'reused';
  /** Set when this run loaded the scenario (not when a snapshot was restored). */
  ingestSeconds?: number;
  refreshSeconds?: number;
  ingest?: Pick<IngestSummary, 'totals' | 'seconds'>;
}

export interface SoakDatabase {
  connection: Neo4jConnectionConfig;
  /** Where it runs: 'local soak server (bolt …)' or the NEO4J_URI. */
  description: string;
  base: BaseLoad;
  /** Stops the local server when this run started it (unless keep). */
  release(keep: boolean): Promise<void>;
}

export function soakNeo4jSettings(options: Pick<SoakDatabaseOptions, 'config' | 'boltPort' | 'httpPort' | 'heap' | 'pageCache'>): LocalNeo4jSettings {
  return {
    home: join(options.config.stateDir, 'soak', 'neo4j'),
    boltPort: options.boltPort,
    httpPort: options.httpPort,
    heap: options.heap,
    pageCache: options.pageCache,
    startTimeoutSeconds: options.config.localNeo4j.startTimeoutSeconds,
  };
}

async function loadBase(connection: Neo4jConnectionConfig, scale: ScaleName, seed: number, log: (message: string) => void): Promise<BaseLoad> {
  const folder = await scenarioFolder(scale, seed);
  const store: GraphStore = openGraphStore(connection);
  try {
    log(`loading the ${scale} scenario (seed ${seed}) from ${folder}: wipe, ingest, refresh`);
    await wipeDatabase(store);
    const ingest = await ingestBatch(store, folder, { fingerprinter: createPromptFingerprinter() });
    if (ingest.status !== 'loaded') throw new Error(`the base scenario did not load: ${ingest.error ?? 'unknown error'}`);
    const started = performance.now();
    await runRefresh(store, { requestedBy: 'soak:base' });
    const refreshSeconds = (performance.now() - started) / 1000;
    log(`base loaded: ingest ${ingest.seconds.toFixed(0)}s, refresh ${refreshSeconds.toFixed(0)}s`);
    return { source: 'loaded', ingestSeconds: ingest.seconds, refreshSeconds, ingest: { totals: ingest.totals, seconds: ingest.seconds } };
  } finally {
    await store.close();
  }
}

export async function openSoakDatabase(options: SoakDatabaseOptions): Promise<SoakDatabase> {
  const { config, log } = options;
  if (config.externalNeo4j) {
    const connection = config.externalNeo4j;
    if (!options.reuse && !options.allowWipe) {
      throw new Error(`NEO4J_URI is set (${connection.uri}): the soak test wipes and reloads the database it runs on; pass --allow-wipe to let it, or --reuse to run on the data as it is`);
    }
    const base: BaseLoad = options.reuse ? { source: 'reused' } : await loadBase(connection, options.scale, options.seed, log);
    return { connection, description: connection.uri, base, release: async () => undefined };
  }

  const settings = soakNeo4jSettings(options);
  const snapshot = join(config.stateDir, 'soak', 'snapshots', `${options.scale}-seed-${options.seed}`);
  const dataFolder = join(settings.home, 'data');
  const start = async () => {
    log(`starting the soak Neo4j (bolt ${settings.boltPort}, http ${settings.httpPort}, ${settings.home})`);
    const result = await startLocalNeo4j(settings, log);
    log(`soak Neo4j ${result.alreadyRunning ? 'already running' : `started in ${result.seconds.toFixed(0)}s`}`);
    return localConnection(settings);
  };

  let base: BaseLoad;
  if (options.reuse) {
    await start();
    base = { source: 'reused' };
  } else if (existsSync(join(snapshot, 'snapshot.json'))) {
    log(`restoring the ${options.scale} base snapshot (${snapshot})`);
    await stopLocalNeo4j(settings);
    await rm(dataFolder, { recursive: true, force: true });
    await cp(join(snapshot, 'data'), dataFolder, { recursive: true });
    await start();
    base = { source: 'snapshot' };
  } else {
    base = await loadBase(await start(), options.scale, options.seed, log);
    // A copy of a cleanly stopped server's data folder is a complete offline backup.
    log(`saving the base as a snapshot for later runs (${snapshot})`);
    await stopLocalNeo4j(settings);
    await rm(snapshot, { recursive: true, force: true });
    await mkdir(snapshot, { recursive: true });
    await cp(dataFolder, join(snapshot, 'data'), { recursive: true });
    await writeFile(join(snapshot, 'snapshot.json'), `${JSON.stringify({ scale: options.scale, seed: options.seed, createdAt: new Date().toISOString(), ...base }, null, 2)}\n`);
    await start();
  }
  if (base.source === 'snapshot') {
    const saved = JSON.parse(await readFile(join(snapshot, 'snapshot.json'), 'utf8')) as BaseLoad;
    base = { ...saved, source: 'snapshot' };
  }
  return {
    connection: localConnection(settings),
    description: `local soak Neo4j (bolt ${settings.boltPort}, ${settings.home})`,
    base,
    release: async (keep) => {
      if (keep) {
        log(
          `leaving the soak Neo4j running (bolt ${settings.boltPort}); stop it with HYDRASCOPE_STATE_DIR=${join(config.stateDir, 'soak')} HYDRASCOPE_NEO4J_BOLT_PORT=${settings.boltPort} npx hydrascope neo4j stop`,
        );
        return;
      }
      await stopLocalNeo4j(settings);
    },
  };
}

// ---- the second batch -------------------------------------------------------------------------

export interface ExtraBatch {
  directory: string;
  /** Lines per contract file: what the ingest summary must account for. */
  rows: Record<'accounts' | 'payments' | 'events', number>;
}

/**
 * A second generated scenario (another seed) as a batch folder. The generator numbers events
 * from evt_0000000 in every scenario, so another seed's events would all be duplicates of the
 * base's: their ids get the seed as a prefix, and the batch loads as new data.
 */
export async function prepareExtraBatch(stateDir: string, scale: ScaleName, seed: number): Promise<ExtraBatch> {
  const source = await scenarioFolder(scale, seed);
  const directory = join(stateDir, 'soak', `batch-${scale}-seed-${seed}`);
  const manifestPath = `${directory}.json`;
  if (existsSync(manifestPath)) return { directory, rows: (JSON.parse(await readFile(manifestPath, 'utf8')) as ExtraBatch).rows };
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true });
  const rows = { accounts: 0, payments: 0, events: 0 };
  for (const kind of ['accounts', 'payments', 'events'] as const) {
    const output = createWriteStream(join(directory, `${kind}.ndjson`));
    for await (const line of createInterface({ input: createReadStream(join(source, `${kind}.ndjson`)), crlfDelay: Infinity })) {
      if (line.trim() === '') continue;
      rows[kind] += 1;
      const text = kind === 'events' ? line.replace('"event_id":"evt_', `"event_id":"evt_s${seed}_`) : line;
      if (!output.write(`${text}\n`)) await once(output, 'drain');
    }
    output.end();
    await once(output, 'finish');
  }
  await writeFile(manifestPath, `${JSON.stringify({ directory, rows, scale, seed }, null, 2)}\n`);
  return { directory, rows };
}
