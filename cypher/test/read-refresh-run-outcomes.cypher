// Purpose (tests): how refresh runs ended, with who started them and the data watermark they used.
// Parameters: $runId (null for every run).
MATCH (r:RefreshRun)
WHERE $runId IS NULL OR r.run_id = $runId
RETURN r.run_id AS run_id, r.status AS status, r.error AS error, r.requested_by AS requested_by,
       r.watermark_last_event_at AS watermark_last_event_at, r.watermark_batches AS watermark_batches
ORDER BY r.started_at
