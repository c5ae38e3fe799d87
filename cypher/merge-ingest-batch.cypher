// Purpose: record an ingest run of a batch: its status, timings and per-file counts.
// Parameters: $batchId, $runId, $status ('running', 'loaded', 'failed'), $countsJson, $error,
// $directory.
MERGE (b:IngestBatch {batch_id: $batchId})
ON CREATE SET b.first_started_at = datetime()
SET b.run_id = $runId, b.status = $status, b.counts_json = $countsJson, b.error = $error, b.directory = $directory,
    b.updated_at = datetime(),
    b.finished_at = CASE WHEN $status = 'running' THEN null ELSE datetime() END
