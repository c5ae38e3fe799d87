// The I/O edge of `hydrascope eval`: reads labels (NDJSON or CSV, optionally gzip) through the
// contract's validators, the confounder groups written next to them by `hydrascope generate`,
// and assignments from an export file or from the current campaigns in Neo4j.
import { access } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { validateRow } from '../contract/rows.js';
import { cypher } from '../graph-store/cypher-files.js';
import type { GraphStore } from '../graph-store/neo4j-adapter.js';
import { readRecords } from '../ingest/record-reader.js';
import { HydrascopeError } from '../shared/errors.js';
import type { Assignment, ConfounderEntry, LabelEntry } from './evaluate.js';

/** A labels or result file that cannot be read (bad input: exit code 4). */
export class EvaluationInputError extends HydrascopeError {
  override name = 'EvaluationInputError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('bad-input', message, options);
  }
}

function formatOf(path: string): { format: 'ndjson' | 'csv'; gzip: boolean } {
  const gzip = path.endsWith('.gz');
  const plain = gzip ? path.slice(0, -3) : path;
  return { format: plain.endsWith('.csv') ? 'csv' : 'ndjson', gzip };
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export async function readLabels(path: string): Promise<LabelEntry[]> {
  const { format, gzip } = formatOf(path);
  const labels: LabelEntry[] = [];
  try {
    for await (const record of readRecords(path, format, gzip)) {
      if ('problem' in record) throw new EvaluationInputError(`${path}:${record.lineNumber}: ${record.problem}`);
      const result = validateRow('labels', record.value);
      if (!result.ok) throw new EvaluationInputError(`${path}:${record.lineNumber}: ${result.reason}`);
      labels.push(result.row);
    }
  } catch (error) {
    if (error instanceof EvaluationInputError) throw error;
    throw new EvaluationInputError(`cannot read labels ${path}: ${(error as Error).message}`, { cause: error });
  }
  return labels;
}

/** `confounders.ndjson[.gz]` beside the labels file, when the scenario generator wrote one. */
export async function readConfoundersBeside(labelsPath: string): Promise<ConfounderEntry[] | undefined> {
  const suffix = basename(labelsPath).replace(/^labels/, '');
  const candidates = [join(dirname(labelsPath), `confounders${suffix}`), join(dirname(labelsPath), 'confounders.ndjson'), join(dirname(labelsPath), 'confounders.ndjson.gz')];
  for (const candidate of candidates) {
    if (!/\.ndjson(\.gz)?$/.test(candidate) || !(await exists(candidate))) continue;
    const entries: ConfounderEntry[] = [];
    for await (const record of readRecords(candidate, 'ndjson', candidate.endsWith('.gz'))) {
      if ('problem' in record) throw new EvaluationInputError(`${candidate}:${record.lineNumber}: ${record.problem}`);
      const { account_id: accountId, group } = record.value;
      if (typeof accountId !== 'string' || typeof group !== 'string') throw new EvaluationInputError(`${candidate}:${record.lineNumber}: needs string account_id and group`);
      entries.push({ account_id: accountId, group });
    }
    return entries;
  }
  return undefined;
}

/** A `hydrascope export` file: `{"account_id","campaign_id","score"}` per line. */
export async function readAssignmentsFile(path: string): Promise<Assignment[]> {
  const { gzip } = formatOf(path);
  const assignments: Assignment[] = [];
  try {
    for await (const record of readRecords(path, 'ndjson', gzip)) {
      if ('problem' in record) throw new EvaluationInputError(`${path}:${record.lineNumber}: ${record.problem}`);
      const { account_id: accountId, campaign_id: campaignId, score, operation_id: operationId } = record.value;
      if (typeof accountId !== 'string' || accountId === '') throw new EvaluationInputError(`${path}:${record.lineNumber}: account_id must be a non-empty string`);
      if (typeof campaignId !== 'string' || campaignId === '') throw new EvaluationInputError(`${path}:${record.lineNumber}: campaign_id must be a non-empty string`);
      assignments.push({ account_id: accountId, campaign_id: campaignId, score: typeof score === 'number' ? score : null, operation_id: typeof operationId === 'string' ? operationId : null });
    }
  } catch (error) {
    if (error instanceof EvaluationInputError) throw error;
    throw new EvaluationInputError(`cannot read result ${path}: ${(error as Error).message}`, { cause: error });
  }
  return assignments;
}

/** The members of the current campaigns (the latest succeeded refresh). */
export async function readCurrentAssignments(store: GraphStore): Promise<Assignment[]> {
  const rows = await store.read<{ account_id: string; campaign_id: string; score: number | null; operation_id: string | null }>(cypher('read-campaign-assignments'));
  return rows.map((row) => ({ account_id: row.account_id, campaign_id: String(row.campaign_id), score: typeof row.score === 'number' ? row.score : null, operation_id: row.operation_id ?? null }));
}
