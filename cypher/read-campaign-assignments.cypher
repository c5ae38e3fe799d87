// Purpose: every reported member of a current campaign (the latest succeeded refresh), with its
// own score, for `hydrascope export` and `hydrascope eval`; associated accounts are not members.
// Parameters: none.
MATCH (a:Account)-[m:MEMBER_OF]->(c:Campaign:Current)
RETURN a.account_id AS account_id, c.campaign_id AS campaign_id, m.score AS score, c.operation_id AS operation_id
ORDER BY campaign_id, score DESC, account_id
