// Purpose: record the start of a linkage refresh run.
// Parameters: $runId, $parametersJson, $resolution, $seed, $requestedBy, $watermarkLastEventAt
// (epoch ms or null), $watermarkBatches (list of ingest batch ids).
CREATE (r:RefreshRun {
  run_id: $runId, status: 'running', started_at: datetime(), parameters_json: $parametersJson,
  resolution: $resolution, seed: $seed, requested_by: $requestedBy,
  watermark_last_event_at: CASE WHEN $watermarkLastEventAt IS NULL THEN null ELSE datetime({epochMillis: $watermarkLastEventAt}) END,
  watermark_batches: $watermarkBatches
})
RETURN r.run_id AS run_id
