// Purpose: for each campaign, the accounts whose latest verdict in it is `not_involved`: the
// refresh leaves them out of that campaign's membership.
// Parameters: none.
MATCH (v:Verdict)
WHERE v.scope = 'account'
WITH v
ORDER BY v.seq DESC
WITH v.campaign_id AS campaign_id, v.account_id AS account_id, collect(v.verdict)[0] AS latest
WHERE latest = 'not_involved'
RETURN campaign_id, collect(account_id) AS account_ids
