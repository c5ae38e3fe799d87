// Purpose: every account associated with a current campaign (in its community, tied to it only
// through busy shared entities), for `hydrascope export --include-associated`.
// Parameters: none.
MATCH (a:Account)-[m:ASSOCIATED_WITH]->(c:Campaign:Current)
RETURN a.account_id AS account_id, c.campaign_id AS campaign_id, m.score AS score, c.operation_id AS operation_id
ORDER BY campaign_id, score DESC, account_id
