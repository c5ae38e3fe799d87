// Purpose: link member accounts to this run's campaign snapshots.
// Parameters: $memberships (list of {account_id, campaign_id}), $runId, $scoreByCampaign (map
// campaign_id -> score).
UNWIND $memberships AS row
MATCH (a:Account {account_id: row.account_id})
MATCH (c:Campaign {campaign_id: row.campaign_id, run_id: $runId})
CREATE (a)-[:MEMBER_OF {run_id: $runId, score: c.score}]->(c)
