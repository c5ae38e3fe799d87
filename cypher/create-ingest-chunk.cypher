// Purpose: mark a chunk of a batch file as committed, in the same transaction as its data, so
// a load killed at any moment and started again skips exactly the committed chunks.
// Parameters: $chunkKey (file digest and chunk index), $file, $rows, $runId.
CREATE (:IngestChunk {chunk_key: $chunkKey, file: $file, rows: $rows, run_id: $runId, committed_at: datetime()})
