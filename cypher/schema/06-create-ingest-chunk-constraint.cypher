// Schema: one IngestChunk per committed chunk, so a restarted load skips it.
// Parameters: none. Idempotent (IF NOT EXISTS); runs before the first write.
CREATE CONSTRAINT ingest_chunk_key_unique IF NOT EXISTS FOR (c:IngestChunk) REQUIRE c.chunk_key IS UNIQUE
