// Purpose: mark a chunk of a batch file as committed, in the same transaction as its data, so
// a load killed at any moment and started again skips exactly the committed chunks. An event
// chunk also keeps the event ids it loaded (and their 64-bit hashes), the ledger that makes a
// re-sent event a duplicate.
// Parameters: $chunkKey (file digest and chunk index), $file, $rows, $runId, $eventIds (list of
// strings or null), $eventHashes (byte array, 8 bytes per id, or null).
CREATE (:IngestChunk {chunk_key: $chunkKey, file: $file, rows: $rows, run_id: $runId, committed_at: datetime(), event_ids: $eventIds, event_hashes: $eventHashes})
