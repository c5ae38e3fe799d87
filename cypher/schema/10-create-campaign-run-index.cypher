// Schema: find a run's campaign snapshots.
// Parameters: none. Idempotent (IF NOT EXISTS); runs before the first write.
CREATE INDEX campaign_run IF NOT EXISTS FOR (c:Campaign) ON (c.run_id)
