// Reading operations for dashboards (GET /api/v1/operations, /operations/{id}): groups of
// reported campaigns that share what only an operator shares (a fingerprint used almost only by
// reported campaigns, a payment instrument, an unusual issuer, several rare addresses), written
// by the refresh as (:Campaign)-[:PART_OF]->(:Operation). Queries live in cypher/*.cypher; this
// module turns rows into the response shapes of schemas.ts.
import { z } from 'zod';
import { cypher } from '../../graph-store/cypher-files.js';
import type { GraphStore } from '../../graph-store/neo4j-adapter.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { notFound } from '../problem.js';
import type { OperationDetail, OperationSummary } from '../schemas.js';
import { toSummary, type CampaignRow } from './campaigns.js';

type OperationRow = {
  sort_key: number;
  operation_id: string;
  run_id: string;
  campaign_ids: string[];
  accounts: number | null;
  ties: string[];
  highest_score: number;
};

const toOperationSummary = (row: Omit<OperationRow, 'sort_key'>): OperationSummary => ({
  id: row.operation_id,
  runId: row.run_id,
  campaigns: row.campaign_ids,
  campaignCount: row.campaign_ids.length,
  accounts: row.accounts ?? 0,
  ties: row.ties,
  highestScore: row.highest_score,
});

const operationCursor = z.strictObject({ k: z.number(), i: z.string() });

/** One page of the current operations, highest campaign score first, ties by operation id. */
export async function listOperations(store: GraphStore, input: { limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(input.cursor, operationCursor);
  const [result] = await store.read<{ total: number; page: OperationRow[] }>(cypher('read-current-operation-page'), {
    afterKey: after?.k ?? null,
    afterId: after?.i ?? null,
    limit: input.limit + 1,
  });
  const rows = result?.page ?? [];
  const page = rows.slice(0, input.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toOperationSummary),
    total: result?.total ?? 0,
    limit: input.limit,
    nextCursor: rows.length > input.limit && last ? encodeCursor({ k: last.sort_key, i: last.operation_id }) : null,
  };
}

/** One operation with its campaigns' summaries: the current grouping, or its last kept one. */
export async function getOperation(store: GraphStore, operationId: string): Promise<OperationDetail> {
  const [row] = await store.read<{ operation_id: string; run_id: string; accounts: number | null; ties: string[]; current: boolean; campaigns: CampaignRow[] }>(cypher('read-operation'), {
    operationId,
  });
  if (!row) throw notFound('Operation', `no operation with id "${operationId}"`);
  const campaignSummaries = row.campaigns.map(toSummary);
  return {
    ...toOperationSummary({
      operation_id: row.operation_id,
      run_id: row.run_id,
      campaign_ids: campaignSummaries.map((campaign) => campaign.id),
      accounts: row.accounts,
      ties: row.ties,
      highest_score: Math.max(0, ...campaignSummaries.map((campaign) => campaign.score)),
    }),
    current: row.current,
    campaignSummaries,
  };
}
