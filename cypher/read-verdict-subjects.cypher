// Purpose: whether an account and a campaign (any snapshot) exist, to say which one a verdict
// could not be recorded for (404).
// Parameters: $accountId, $campaignId.
RETURN EXISTS { (:Account {account_id: $accountId}) } AS account_known,
       EXISTS { (:Campaign {campaign_id: $campaignId}) } AS campaign_known
