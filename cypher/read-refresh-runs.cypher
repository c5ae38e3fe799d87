// Purpose: one page of refresh runs, newest first (GET /api/v1/runs). Ordered by start time in
// epoch milliseconds and run id, which the cursor (afterStartedAt, afterId) repeats exactly.
// Parameters: $status (or null), $afterStartedAt (epoch ms or null), $afterId (or null), $limit.
MATCH (r:RefreshRun)
WHERE ($status IS NULL OR r.status = $status)
WITH r, coalesce(r.started_at.epochMillis, 0) AS startedMs
WHERE $afterId IS NULL OR startedMs < $afterStartedAt OR (startedMs = $afterStartedAt AND r.run_id < $afterId)
RETURN r.run_id AS run_id, r.status AS status, r.requested_by AS requested_by, r.started_at AS started_at,
       r.finished_at AS finished_at, startedMs AS started_ms, coalesce(r.finished_at.epochMillis, null) AS finished_ms,
       r.parameters_json AS parameters_json, r.timings_json AS timings_json, r.counts_json AS counts_json,
       r.modularity AS modularity, r.communities AS communities, r.campaigns AS campaigns, r.accounts AS accounts,
       r.edges AS edges, r.error AS error
ORDER BY started_ms DESC, run_id DESC
LIMIT toInteger($limit)
