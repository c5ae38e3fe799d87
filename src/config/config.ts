// The one typed, validated configuration of hydrascope, read from the environment at start-up.
// A bad value fails fast with a message naming the variable, before any work starts.
import { resolve } from 'node:path';
import { z } from 'zod';
import { BATCH_NICE_DEFAULT } from '../shared/cpu-priority.js';
import { HydrascopeError } from '../shared/errors.js';
import { PROJECT_ROOT } from '../shared/project-paths.js';

const port = z.coerce.number().int().min(0).max(65535);
const memorySize = z.string().regex(/^\d+[kmg]$/i, 'a size such as 512m or 2g');
const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .default('false')
  .transform((value) => value === 'true' || value === '1');
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value));

export const configSchema = z.object({
  NEO4J_URI: optionalText.pipe(
    z
      .string()
      .regex(/^(neo4j|bolt)(\+s|\+ssc)?:\/\//, 'a neo4j:// or bolt:// URI')
      .optional(),
  ),
  NEO4J_USER: z.string().min(1).default('neo4j'),
  NEO4J_PASSWORD: optionalText,
  NEO4J_DATABASE: optionalText,
  HYDRASCOPE_STATE_DIR: z.string().default('.hydrascope'),
  HYDRASCOPE_NEO4J_BOLT_PORT: port.default(7687),
  HYDRASCOPE_NEO4J_HTTP_PORT: port.default(7474),
  HYDRASCOPE_NEO4J_HEAP: memorySize.default('2g'),
  HYDRASCOPE_NEO4J_PAGECACHE: memorySize.default('2g'),
  HYDRASCOPE_NEO4J_START_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(180),
  HYDRASCOPE_NEO4J_GDS: flag,
  HYDRASCOPE_REFRESH_ENGINE: z.enum(['graphology', 'gds']).default('graphology'),
  // Open GDS caps concurrency at 4; 1 gives the same communities run after run.
  HYDRASCOPE_GDS_CONCURRENCY: z.coerce.number().int().min(1).max(4).default(1),
  HYDRASCOPE_GDS_PROMPT_SIMILARITY: z.enum(['node', 'gds']).default('node'),
  // src/shared/heap-growth.ts: 0 leaves V8's own choice; unset, each engine's default.
  HYDRASCOPE_REFRESH_HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(1000).optional(),
  HYDRASCOPE_MODE: z.enum(['development', 'production']).default('development'),
  HYDRASCOPE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HYDRASCOPE_API_HOST: z.string().default('127.0.0.1'),
  HYDRASCOPE_API_PORT: port.default(8080),
  HYDRASCOPE_API_KEYS: optionalText,
  HYDRASCOPE_API_KEYS_FILE: optionalText,
  HYDRASCOPE_CORS_ORIGINS: optionalText,
  HYDRASCOPE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  HYDRASCOPE_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().positive().default(60),
  HYDRASCOPE_API_ACCEPT_WATCHERS: z.coerce.number().int().min(0).max(64).default(16),
  HYDRASCOPE_REFRESH_CRON: optionalText,
  HYDRASCOPE_REFRESH_LEASE_SECONDS: z.coerce.number().positive().default(60),
  HYDRASCOPE_INGEST_LEASE_SECONDS: z.coerce.number().positive().default(30),
  HYDRASCOPE_BATCH_NICE: z.coerce.number().int().min(0).max(19).default(BATCH_NICE_DEFAULT),
});

export type RawConfig = z.infer<typeof configSchema>;

export interface Neo4jConnectionConfig {
  uri: string;
  user: string;
  password: string;
  database: string | undefined;
}

export interface HydrascopeConfig {
  /** Set when the user points hydrascope at an existing Neo4j; otherwise the local server is used. */
  externalNeo4j: Neo4jConnectionConfig | undefined;
  /**
   * Absolute. A relative HYDRASCOPE_STATE_DIR (the default .hydrascope too) is taken from the
   * project folder, not the current one, so every command finds the same local Neo4j and API key.
   */
  stateDir: string;
  localNeo4j: {
    boltPort: number;
    httpPort: number;
    heap: string;
    pageCache: string;
    startTimeoutSeconds: number;
    /** Start the local server with Graph Data Science loaded (for the gds refresh engine). */
    withGds: boolean;
  };
  /** Where refreshes compute the linkage graph and communities (docs/gds-engine.md); the CLI's --engine overrides it. */
  refreshEngine: 'graphology' | 'gds';
  /** Threads GDS may use for Louvain and similarity (1: deterministic). */
  gdsConcurrency: number;
  /** Who computes the gds engine's prompt-profile links: this process's scan, or gds.nodeSimilarity (quadratic). */
  gdsPromptSimilarity: 'node' | 'gds';
  /** How far V8's old generation may grow past its live size during a refresh before collecting (percent; 0: V8's choice; undefined: the engine's default). */
  refreshHeapGrowthPercent: number | undefined;
  mode: 'development' | 'production';
  logLevel: RawConfig['HYDRASCOPE_LOG_LEVEL'];
  api: {
    host: string;
    port: number;
    keys: string | undefined;
    keysFile: string | undefined;
    corsOrigins: string[];
    rateLimitPerMinute: number;
    /** Requests without a valid key allowed per client address and minute (key guessing). */
    authFailuresPerMinute: number;
    /** Extra watchers on the listening socket, so a burst of new connections is accepted while the API is busy (src/api/accept-watchers.ts). */
    acceptWatchers: number;
  };
  refreshCron: string | undefined;
  /** How long a refresh's lease lasts unrenewed: how soon a crashed refresh stops blocking the next one. */
  refreshLeaseSeconds: number;
  /** How long a load's lease lasts unrenewed: how long a killed load keeps the next one waiting. */
  ingestLeaseSeconds: number;
  /** Nice steps that ingests and refreshes yield to the API and Neo4j (0: none). */
  batchNice: number;
}

export function readConfig(environment: NodeJS.ProcessEnv = process.env): HydrascopeConfig {
  const parsed = configSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new HydrascopeError('bad-input', `invalid configuration: ${problems}`);
  }
  const raw = parsed.data;
  if (raw.NEO4J_URI !== undefined && raw.NEO4J_PASSWORD === undefined) {
    throw new HydrascopeError('bad-input', 'invalid configuration: NEO4J_URI is set but NEO4J_PASSWORD is not');
  }
  // .env.example's placeholders begin with change-me: production must not run on one.
  if (raw.HYDRASCOPE_MODE === 'production' && raw.NEO4J_PASSWORD?.toLowerCase().startsWith('change-me')) {
    throw new HydrascopeError('bad-input', 'invalid configuration: NEO4J_PASSWORD is still the example placeholder (change-me…); set a long random password');
  }
  return {
    externalNeo4j: raw.NEO4J_URI === undefined ? undefined : { uri: raw.NEO4J_URI, user: raw.NEO4J_USER, password: raw.NEO4J_PASSWORD ?? '', database: raw.NEO4J_DATABASE },
    stateDir: resolve(PROJECT_ROOT, raw.HYDRASCOPE_STATE_DIR),
    localNeo4j: {
      boltPort: raw.HYDRASCOPE_NEO4J_BOLT_PORT,
      httpPort: raw.HYDRASCOPE_NEO4J_HTTP_PORT,
      heap: raw.HYDRASCOPE_NEO4J_HEAP,
      pageCache: raw.HYDRASCOPE_NEO4J_PAGECACHE,
      startTimeoutSeconds: raw.HYDRASCOPE_NEO4J_START_TIMEOUT_SECONDS,
      withGds: raw.HYDRASCOPE_NEO4J_GDS,
    },
    refreshEngine: raw.HYDRASCOPE_REFRESH_ENGINE,
    gdsConcurrency: raw.HYDRASCOPE_GDS_CONCURRENCY,
    refreshHeapGrowthPercent: raw.HYDRASCOPE_REFRESH_HEAP_GROWTH_PERCENT,
    gdsPromptSimilarity: raw.HYDRASCOPE_GDS_PROMPT_SIMILARITY,
    mode: raw.HYDRASCOPE_MODE,
    logLevel: raw.HYDRASCOPE_LOG_LEVEL,
    api: {
      host: raw.HYDRASCOPE_API_HOST,
      port: raw.HYDRASCOPE_API_PORT,
      keys: raw.HYDRASCOPE_API_KEYS,
      keysFile: raw.HYDRASCOPE_API_KEYS_FILE,
      corsOrigins: (raw.HYDRASCOPE_CORS_ORIGINS ?? '')
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
      rateLimitPerMinute: raw.HYDRASCOPE_RATE_LIMIT_PER_MINUTE,
      authFailuresPerMinute: raw.HYDRASCOPE_AUTH_FAILURES_PER_MINUTE,
      acceptWatchers: raw.HYDRASCOPE_API_ACCEPT_WATCHERS,
    },
    refreshCron: raw.HYDRASCOPE_REFRESH_CRON,
    refreshLeaseSeconds: raw.HYDRASCOPE_REFRESH_LEASE_SECONDS,
    ingestLeaseSeconds: raw.HYDRASCOPE_INGEST_LEASE_SECONDS,
    batchNice: raw.HYDRASCOPE_BATCH_NICE,
  };
}
