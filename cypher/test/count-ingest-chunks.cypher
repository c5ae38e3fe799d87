// Purpose (tests): how many ingest chunks have committed so far.
// Parameters: none.
MATCH (c:IngestChunk) RETURN count(c) AS chunks
