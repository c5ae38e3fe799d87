// Purpose: test fixture only (test/evaluation): writes current campaigns with members so the
// eval-from-Neo4j path can be checked without running a refresh.
// Parameters: $run_id (string), $rows (list of {account_id, campaign_id, score}).
UNWIND $rows AS row
MERGE (a:Account {account_id: row.account_id})
MERGE (c:Campaign {campaign_id: row.campaign_id, run_id: $run_id})
SET c:Current, c.score = row.score
MERGE (a)-[m:MEMBER_OF]->(c)
SET m.run_id = $run_id, m.score = row.score
