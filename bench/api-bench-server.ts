// The API under benchmark, in its own process so the load generator (autocannon, in the
// benchmark's process) does not share its event loop: as in production, clients are elsewhere.
// Started by api.bench.ts with the viewer key's SHA-256 (hex) in HYDRASCOPE_BENCH_KEY_HASH; prints one JSON
// line {"url"} when listening and stops on SIGTERM.
import { once } from 'node:events';
import { API_STORE_OPTIONS, startServer } from '../src/api/server.js';
import { readConfig } from '../src/config/config.js';
import { resolveConnection } from '../src/graph-store/connect.js';
import { openGraphStore } from '../src/graph-store/neo4j-adapter.js';
import { createLogger } from '../src/shared/logger.js';

async function main(): Promise<void> {
  const hash = process.env['HYDRASCOPE_BENCH_KEY_HASH'];
  if (!hash) throw new Error('HYDRASCOPE_BENCH_KEY_HASH is not set (api.bench.ts starts this process)');
  const config = readConfig();
  const logger = createLogger('warn');
  const store = openGraphStore(await resolveConnection(config, (message) => logger.info(message)), API_STORE_OPTIONS);
  // Production-like: no response self-checks, and no rate limit getting in the way of the load.
  const server = await startServer({
    config: { ...config, mode: 'production', api: { ...config.api, rateLimitPerMinute: 1_000_000_000 } },
    store,
    logger,
    extraApiKeys: [{ name: 'bench', role: 'viewer', hash: Buffer.from(hash, 'hex') }],
    host: '127.0.0.1',
    port: 0,
    validateResponses: false,
    refreshStarter: { start: () => Promise.reject(new Error('the benchmark starts no refresh')) },
  });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  await once(process, 'SIGTERM');
  await server.close();
  await store.close();
}

main().catch((error: unknown) => {
  process.stderr.write(`api-bench-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
