// Refresh history (parameters, timings, counts, modularity) and starting a refresh on demand.
import { z } from 'zod';
import { cypher } from '../../graph-store/cypher-files.js';
import type { GraphStore } from '../../graph-store/neo4j-adapter.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { notFound } from '../problem.js';
import type { RefreshStarter } from '../refresh-starter.js';
import type { Run, RunDetail } from '../schemas.js';

type RunRow = {
  run_id: string;
  status: Run['status'];
  requested_by: string | null;
  started_at: string | null;
  finished_at: string | null;
  started_ms: number | null;
  finished_ms: number | null;
  parameters_json: string | null;
  timings_json: string | null;
  counts_json: string | null;
  modularity: number | null;
  communities: number | null;
  campaigns: number | null;
  accounts: number | null;
  edges: number | null;
  error: string | null;
};

function jsonObject(text: string | null): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function toRun(row: RunRow): Run {
  return {
    id: row.run_id,
    // Deprecated alias of id (docs/api.md), for dashboards written before runs had id.
    runId: row.run_id,
    status: row.status,
    requestedBy: row.requested_by,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.started_ms !== null && row.finished_ms !== null ? row.finished_ms - row.started_ms : null,
    parameters: jsonObject(row.parameters_json),
    timings: jsonObject(row.timings_json),
    counts: jsonObject(row.counts_json),
    modularity: row.modularity,
    communities: row.communities,
    campaigns: row.campaigns,
    accounts: row.accounts,
    edges: row.edges,
    error: row.error,
  };
}

const runCursor = z.strictObject({ t: z.number(), i: z.string() });

export async function listRuns(store: GraphStore, options: { limit: number; cursor?: string | undefined; status?: Run['status'] | undefined }) {
  const after = decodeCursor(options.cursor, runCursor);
  const rows = await store.read<RunRow>(cypher('read-refresh-runs'), { status: options.status ?? null, afterStartedAt: after?.t ?? null, afterId: after?.i ?? null, limit: options.limit + 1 });
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return { items: page.map(toRun), limit: options.limit, nextCursor: rows.length > options.limit && last ? encodeCursor({ t: last.started_ms ?? 0, i: last.run_id }) : null };
}

export async function getRun(store: GraphStore, runId: string): Promise<RunDetail> {
  const [row] = await store.read<RunRow & { louvain_json: string | null; watermark_last_event_at: string | null; watermark_batches: string[] }>(cypher('read-refresh-run'), { runId });
  if (!row) throw notFound('Refresh run', `no refresh run with id "${runId}"`);
  return { ...toRun(row), louvain: jsonObject(row.louvain_json), watermark: { lastEventAt: row.watermark_last_event_at, batches: row.watermark_batches } };
}

export async function startRun(starter: RefreshStarter, parameters: { resolution?: number | undefined; seed?: number | undefined; requestedBy: string }): Promise<{ runId: string }> {
  // A held lease rejects with a LeaseHeldError: problemFor answers it 409 with the running run's id.
  return starter.start({
    requestedBy: parameters.requestedBy,
    ...(parameters.resolution === undefined ? {} : { resolution: parameters.resolution }),
    ...(parameters.seed === undefined ? {} : { seed: parameters.seed }),
  });
}

/** The run whose result is current (null before the first refresh): what cached answers are keyed by. */
export async function readCurrentRunId(store: GraphStore): Promise<string | null> {
  const [row] = await store.read<{ run_id: string | null }>(cypher('read-current-run-id'));
  return row?.run_id ?? null;
}
