// Schema: find a campaign's verdicts (its history and its latest one) by its stable campaign_id.
// Parameters: none. Idempotent (IF NOT EXISTS); runs before the first write.
CREATE INDEX verdict_campaign IF NOT EXISTS FOR (v:Verdict) ON (v.campaign_id)
