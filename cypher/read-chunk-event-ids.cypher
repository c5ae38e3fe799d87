// Purpose: the event ids committed chunks loaded, to check an id whose hash the ledger knows.
// Parameters: $chunkKeys (list of chunk keys).
UNWIND $chunkKeys AS chunkKey
MATCH (c:IngestChunk {chunk_key: chunkKey})
RETURN c.chunk_key AS chunk_key, coalesce(c.event_ids, []) AS event_ids
