// Schema: one Campaign snapshot per (campaign_id, run_id).
// Parameters: none. Idempotent (IF NOT EXISTS); runs before the first write.
CREATE CONSTRAINT campaign_snapshot_unique IF NOT EXISTS FOR (c:Campaign) REQUIRE (c.campaign_id, c.run_id) IS UNIQUE
