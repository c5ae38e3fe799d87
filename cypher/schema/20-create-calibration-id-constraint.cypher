// Schema: one Calibration per calibration_id (family weights `hydrascope calibrate --apply` stored
// for the refresh to score with).
// Parameters: none. Idempotent (IF NOT EXISTS); runs before the first write.
CREATE CONSTRAINT calibration_id_unique IF NOT EXISTS FOR (k:Calibration) REQUIRE k.calibration_id IS UNIQUE
