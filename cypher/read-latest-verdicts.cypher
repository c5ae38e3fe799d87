// Purpose: the latest verdict on every judged campaign and on every judged (campaign, account)
// pair, with who gave it, for `hydrascope eval --verdicts`.
// Parameters: none.
MATCH (v:Verdict)
WITH v
ORDER BY v.seq DESC
WITH v.scope AS scope, v.campaign_id AS campaign_id, v.account_id AS account_id, collect(v)[0] AS latest
RETURN scope, campaign_id, account_id, latest.verdict AS verdict, latest.automatic AS automatic, latest.reason AS reason
ORDER BY scope, campaign_id, account_id
