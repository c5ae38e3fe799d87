// Schema: one Verdict per verdict_id (analysts' verdicts and the refresh's automatic ones).
// Parameters: none. Idempotent (IF NOT EXISTS); runs before the first write.
CREATE CONSTRAINT verdict_id_unique IF NOT EXISTS FOR (v:Verdict) REQUIRE v.verdict_id IS UNIQUE
