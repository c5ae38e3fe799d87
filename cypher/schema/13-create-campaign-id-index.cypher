// Schema: follow one campaign across runs.
// Parameters: none. Idempotent (IF NOT EXISTS); runs before the first write.
CREATE INDEX campaign_id IF NOT EXISTS FOR (c:Campaign) ON (c.campaign_id)
