// Purpose: whether an account and a campaign (any snapshot) exist, to say which one a verdict
// could not be recorded for (404).
// Parameters: $accountId, $campaignId.
OPTIONAL MATCH (a:Account {account_id: $accountId})
WITH a IS NOT NULL AS account_known
OPTIONAL MATCH (c:Campaign {campaign_id: $campaignId})
RETURN account_known, count(c) > 0 AS campaign_known
