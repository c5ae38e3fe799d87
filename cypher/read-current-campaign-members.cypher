// Purpose: the current campaigns with their members and history, to match identities in the
// next refresh.
// Parameters: none.
MATCH (c:Campaign:Current)
OPTIONAL MATCH (a:Account)-[:MEMBER_OF]->(c)
RETURN c.campaign_id AS campaign_id, c.history_json AS history_json, c.first_seen_run_id AS first_seen_run_id, collect(a.account_id) AS members
