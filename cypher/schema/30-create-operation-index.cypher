// Schema: find a run's operation by id (operations are written per refresh run, like campaigns).
// Parameters: none. Idempotent (IF NOT EXISTS); runs before the first write.
CREATE INDEX operation_id_run IF NOT EXISTS FOR (o:Operation) ON (o.operation_id, o.run_id)
