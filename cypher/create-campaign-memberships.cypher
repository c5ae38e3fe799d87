// Purpose: link reported member accounts to this run's campaign snapshots, each with its own
// score and the ties (`payment:<key>`, `ip:<key>`, `prompt:<key>`, `burst`) that bind it.
// Parameters: $memberships (list of {account_id, campaign_id, score, ties}), $runId.
// Index hints: plans cached while the graph was small must not turn into scans later.
UNWIND $memberships AS row
MATCH (a:Account {account_id: row.account_id})
USING INDEX a:Account(account_id)
MATCH (c:Campaign {campaign_id: row.campaign_id, run_id: $runId})
USING INDEX c:Campaign(campaign_id, run_id)
CREATE (a)-[:MEMBER_OF {run_id: $runId, score: row.score, ties: row.ties}]->(c)
