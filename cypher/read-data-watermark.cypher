// Purpose: the data a refresh is about to read: the last event time and the loaded ingest batches.
// Parameters: none.
CALL { MATCH (a:Account) RETURN max(a.last_event_at).epochMillis AS last_event_at }
CALL { OPTIONAL MATCH (b:IngestBatch) WHERE b.status = 'loaded' RETURN collect(b.batch_id) AS batches }
RETURN last_event_at, batches
