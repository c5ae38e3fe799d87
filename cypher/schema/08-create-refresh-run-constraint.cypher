// Schema: one RefreshRun per run_id.
// Parameters: none. Idempotent (IF NOT EXISTS); runs before the first write.
CREATE CONSTRAINT refresh_run_id_unique IF NOT EXISTS FOR (r:RefreshRun) REQUIRE r.run_id IS UNIQUE
