// Purpose: link associated accounts (in a campaign's community, but tied to it only through busy
// shared entities, so not reported as members) to this run's campaign snapshots, for context.
// Parameters: $associations (list of {account_id, campaign_id, score, ties}), $runId.
// Index hints: plans cached while the graph was small must not turn into scans later.
UNWIND $associations AS row
MATCH (a:Account {account_id: row.account_id})
USING INDEX a:Account(account_id)
MATCH (c:Campaign {campaign_id: row.campaign_id, run_id: $runId})
USING INDEX c:Campaign(campaign_id, run_id)
CREATE (a)-[:ASSOCIATED_WITH {run_id: $runId, score: row.score, ties: row.ties}]->(c)
