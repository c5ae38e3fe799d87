// Purpose: the event-id hashes of every committed chunk, streamed into the in-memory ledger at
// the start of a load (8 bytes per id; the ids themselves are read only on a hash hit).
// Parameters: none.
MATCH (c:IngestChunk)
WHERE c.event_hashes IS NOT NULL
RETURN c.chunk_key AS chunk_key, c.event_hashes AS event_hashes
