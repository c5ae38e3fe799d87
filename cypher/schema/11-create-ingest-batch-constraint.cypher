// Schema: one IngestBatch per batch id.
// Parameters: none. Idempotent (IF NOT EXISTS); runs before the first write.
CREATE CONSTRAINT ingest_batch_id_unique IF NOT EXISTS FOR (b:IngestBatch) REQUIRE b.batch_id IS UNIQUE
