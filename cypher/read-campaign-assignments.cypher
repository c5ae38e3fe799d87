// Purpose: every account in a current campaign (the latest succeeded refresh), with the
// campaign's score, for `hydrascope eval` to compare with ground-truth labels.
// Parameters: none.
MATCH (a:Account)-[:MEMBER_OF]->(c:Campaign:Current)
RETURN a.account_id AS account_id, c.campaign_id AS campaign_id, c.score AS score
