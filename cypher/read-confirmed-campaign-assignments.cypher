// Purpose: the members of current campaigns whose latest verdict is `confirmed`, without the
// accounts whose latest verdict in that campaign is `not_involved` (also those marked since the
// last refresh), for `hydrascope export --confirmed`; the same columns as
// read-campaign-assignments.
// Parameters: none.
MATCH (c:Campaign:Current)
CALL {
  WITH c
  MATCH (v:Verdict {campaign_id: c.campaign_id})
  WHERE v.scope = 'campaign'
  RETURN v.verdict AS verdict
  ORDER BY v.seq DESC
  LIMIT 1
}
WITH c, verdict
WHERE verdict = 'confirmed'
CALL {
  WITH c
  OPTIONAL MATCH (v:Verdict {campaign_id: c.campaign_id})
  WHERE v.scope = 'account'
  WITH v
  ORDER BY v.seq DESC
  WITH v.account_id AS account_id, collect(v.verdict)[0] AS latest
  WHERE latest = 'not_involved'
  RETURN collect(account_id) AS not_involved
}
MATCH (a:Account)-[m:MEMBER_OF]->(c)
WHERE NOT a.account_id IN not_involved
RETURN a.account_id AS account_id, c.campaign_id AS campaign_id, m.score AS score, c.operation_id AS operation_id
ORDER BY campaign_id, score DESC, account_id
