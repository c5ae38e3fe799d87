import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/config/config.js';
import { PROJECT_ROOT } from '../../src/shared/project-paths.js';

describe('readConfig', () => {
  it('uses the local Neo4j and sensible defaults when nothing is set', () => {
    const config = readConfig({});
    expect(config.externalNeo4j).toBeUndefined();
    expect(config.localNeo4j).toMatchObject({ boltPort: 7687, httpPort: 7474 });
    expect(config.api).toMatchObject({ host: '127.0.0.1', port: 8080, rateLimitPerMinute: 600, authFailuresPerMinute: 60, acceptWatchers: 16 });
    expect(config.mode).toBe('development');
    expect(config.refreshLeaseSeconds).toBe(60);
    expect(config.batchNice).toBe(10);
  });

  it('keeps its state under the project folder whatever the current folder is, unless given an absolute path', () => {
    const cwd = process.cwd();
    try {
      process.chdir('/');
      expect(readConfig({}).stateDir).toBe(join(PROJECT_ROOT, '.hydrascope'));
      expect(readConfig({ HYDRASCOPE_STATE_DIR: 'state' }).stateDir).toBe(join(PROJECT_ROOT, 'state'));
      expect(readConfig({ HYDRASCOPE_STATE_DIR: '/var/lib/hydrascope' }).stateDir).toBe('/var/lib/hydrascope');
    } finally {
      process.chdir(cwd);
    }
  });

  it('reads the refresh engine, GDS threads and whether the local server loads GDS, refusing other values', () => {
    expect(readConfig({})).toMatchObject({ refreshEngine: 'graphology', gdsConcurrency: 1, localNeo4j: { withGds: false } });
    expect(readConfig({ HYDRASCOPE_REFRESH_ENGINE: 'gds', HYDRASCOPE_GDS_CONCURRENCY: '4', HYDRASCOPE_NEO4J_GDS: 'true' })).toMatchObject({
      refreshEngine: 'gds',
      gdsConcurrency: 4,
      localNeo4j: { withGds: true },
    });
    expect(readConfig({ HYDRASCOPE_NEO4J_GDS: '1' }).localNeo4j.withGds).toBe(true);
    expect(() => readConfig({ HYDRASCOPE_REFRESH_ENGINE: 'spark' })).toThrow(/HYDRASCOPE_REFRESH_ENGINE/);
    // Open GDS runs at most four threads.
    expect(() => readConfig({ HYDRASCOPE_GDS_CONCURRENCY: '8' })).toThrow(/HYDRASCOPE_GDS_CONCURRENCY/);
    expect(() => readConfig({ HYDRASCOPE_NEO4J_GDS: 'yes please' })).toThrow(/HYDRASCOPE_NEO4J_GDS/);
    expect(readConfig({}).gdsPromptSimilarity).toBe('node');
    expect(readConfig({ HYDRASCOPE_GDS_PROMPT_SIMILARITY: 'gds' }).gdsPromptSimilarity).toBe('gds');
    expect(() => readConfig({ HYDRASCOPE_GDS_PROMPT_SIMILARITY: 'both' })).toThrow(/HYDRASCOPE_GDS_PROMPT_SIMILARITY/);
  });

  it("reads how far a refresh lets V8's heap grow before collecting, 0 for V8's own choice, unset for the engine's", () => {
    expect(readConfig({}).refreshHeapGrowthPercent).toBeUndefined();
    expect(readConfig({ HYDRASCOPE_REFRESH_HEAP_GROWTH_PERCENT: '20' }).refreshHeapGrowthPercent).toBe(20);
    expect(readConfig({ HYDRASCOPE_REFRESH_HEAP_GROWTH_PERCENT: '0' }).refreshHeapGrowthPercent).toBe(0);
    expect(() => readConfig({ HYDRASCOPE_REFRESH_HEAP_GROWTH_PERCENT: '-5' })).toThrow(/HYDRASCOPE_REFRESH_HEAP_GROWTH_PERCENT/);
    expect(() => readConfig({ HYDRASCOPE_REFRESH_HEAP_GROWTH_PERCENT: '1.5' })).toThrow(/HYDRASCOPE_REFRESH_HEAP_GROWTH_PERCENT/);
  });

  it('reads how far batch work yields the CPU, 0 for not at all', () => {
    expect(readConfig({ HYDRASCOPE_BATCH_NICE: '0' }).batchNice).toBe(0);
    expect(readConfig({ HYDRASCOPE_BATCH_NICE: '19' }).batchNice).toBe(19);
  });

  it('reads how many extra accept watchers the API opens, 0 for none', () => {
    expect(readConfig({ HYDRASCOPE_API_ACCEPT_WATCHERS: '0' }).api.acceptWatchers).toBe(0);
    expect(readConfig({ HYDRASCOPE_API_ACCEPT_WATCHERS: '64' }).api.acceptWatchers).toBe(64);
  });

  it('reads the refresh lease length, which sets how soon a crashed refresh stops blocking the next', () => {
    expect(readConfig({ HYDRASCOPE_REFRESH_LEASE_SECONDS: '2.5' }).refreshLeaseSeconds).toBe(2.5);
  });

  it('points at an existing Neo4j when NEO4J_URI is given, routing URIs included', () => {
    const config = readConfig({ NEO4J_URI: 'neo4j+s://abc.databases.neo4j.io', NEO4J_PASSWORD: 'secret', NEO4J_DATABASE: 'fraud' });
    expect(config.externalNeo4j).toEqual({ uri: 'neo4j+s://abc.databases.neo4j.io', user: 'neo4j', password: 'secret', database: 'fraud' });
  });

  it.each([
    [{ NEO4J_URI: 'http://localhost:7474', NEO4J_PASSWORD: 'x' }, /NEO4J_URI: a neo4j:\/\/ or bolt:\/\/ URI/],
    [{ NEO4J_URI: 'bolt://localhost:7687' }, /NEO4J_URI is set but NEO4J_PASSWORD is not/],
    [{ HYDRASCOPE_API_PORT: 'eighty' }, /HYDRASCOPE_API_PORT/],
    [{ HYDRASCOPE_NEO4J_HEAP: 'lots' }, /HYDRASCOPE_NEO4J_HEAP: a size such as 512m or 2g/],
    [{ HYDRASCOPE_MODE: 'staging' }, /HYDRASCOPE_MODE/],
    [{ HYDRASCOPE_REFRESH_LEASE_SECONDS: '0' }, /HYDRASCOPE_REFRESH_LEASE_SECONDS/],
    [{ HYDRASCOPE_BATCH_NICE: '20' }, /HYDRASCOPE_BATCH_NICE/],
    [{ HYDRASCOPE_BATCH_NICE: '-5' }, /HYDRASCOPE_BATCH_NICE/],
    [{ HYDRASCOPE_API_ACCEPT_WATCHERS: '65' }, /HYDRASCOPE_API_ACCEPT_WATCHERS/],
    [{ HYDRASCOPE_API_ACCEPT_WATCHERS: 'many' }, /HYDRASCOPE_API_ACCEPT_WATCHERS/],
    [{ HYDRASCOPE_MODE: 'production', NEO4J_URI: 'bolt://neo4j:7687', NEO4J_PASSWORD: 'change-me-to-a-long-random-password' }, /NEO4J_PASSWORD is still the example placeholder/],
  ])('fails fast with a message naming the variable: %j', (environment, message) => {
    expect(() => readConfig(environment)).toThrow(expect.objectContaining({ kind: 'bad-input' }));
    expect(() => readConfig(environment)).toThrow(message);
  });
});
