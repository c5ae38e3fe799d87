// Purpose: write this run's operations (campaigns that are one operation) and link this run's
// campaign snapshots to them: (:Campaign)-[:PART_OF]->(:Operation).
// Parameters: $operations (list of {operation_id, campaign_ids, campaigns, accounts, ties}), $runId.
UNWIND $operations AS row
CREATE (o:Operation {operation_id: row.operation_id, run_id: $runId, campaigns: row.campaigns, accounts: row.accounts, ties: row.ties, created_at: datetime()})
WITH o, row
UNWIND row.campaign_ids AS campaignId
MATCH (c:Campaign {campaign_id: campaignId, run_id: $runId})
USING INDEX c:Campaign(campaign_id, run_id)
CREATE (c)-[:PART_OF {run_id: $runId}]->(o)
