// Purpose: the chunk keys of a file that earlier loads committed.
// Parameters: $prefix (the file's digest followed by ':').
MATCH (c:IngestChunk) WHERE c.chunk_key STARTS WITH $prefix
RETURN c.chunk_key AS chunk_key
