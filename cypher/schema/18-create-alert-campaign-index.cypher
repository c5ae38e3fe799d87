// Schema: find a campaign's alerts (a verdict on the campaign clears them).
// Parameters: none. Idempotent (IF NOT EXISTS); runs before the first write.
CREATE INDEX alert_campaign IF NOT EXISTS FOR (a:Alert) ON (a.campaign_id)
