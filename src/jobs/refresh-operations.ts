// The refresh's operation step: groups this run's campaigns into operations (pure core in
// src/campaigns/group-operations.ts), keeping the ids of the operations the current result has.
import { groupOperations, type OperationResult } from '../campaigns/group-operations.js';
import type { ScoredCommunity } from '../campaigns/score-communities.js';
import { cypher } from '../graph-store/cypher-files.js';
import type { GraphStore } from '../graph-store/neo4j-adapter.js';
import type { LinkageData } from '../linkage/linkage-data.js';

export interface RefreshOperations {
  result: OperationResult;
  /** Operation id of each campaign, in campaign order. */
  operationIdOf: string[];
  rows: Array<{ operation_id: string; campaign_ids: string[]; campaigns: number; accounts: number; ties: string[] }>;
}

export async function assignOperations(
  store: GraphStore,
  runId: string,
  data: LinkageData,
  campaigns: readonly ScoredCommunity[],
  memberIds: readonly string[][],
  campaignIds: readonly string[],
): Promise<RefreshOperations> {
  const previous = await store.read<{ campaign_id: string; operation_id: string }>(cypher('read-current-operations'));
  const indexOf = new Map(data.accounts.map((account, index) => [account.accountId, index]));
  const result = groupOperations(
    data,
    campaigns.map((community, index) => ({
      campaignId: campaignIds[index] as string,
      members: (memberIds[index] ?? []).map((accountId) => indexOf.get(accountId) as number),
      issuer: community.topIssuer,
    })),
    new Map(previous.map((row) => [row.campaign_id, row.operation_id])),
    runId,
  );
  const operationIdOf = result.operationOf.map((operation) => (result.operations[operation] as { operationId: string }).operationId);
  const rows = result.operations.map((operation) => ({
    operation_id: operation.operationId,
    campaign_ids: operation.campaigns.map((campaign) => campaignIds[campaign] as string),
    campaigns: operation.campaigns.length,
    accounts: operation.campaigns.reduce((sum, campaign) => sum + (memberIds[campaign]?.length ?? 0), 0),
    ties: operation.ties,
  }));
  return { result, operationIdOf, rows };
}
