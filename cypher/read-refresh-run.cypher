// Purpose: one refresh run with its parameters, timings, counts and Louvain details
// (GET /api/v1/runs/{id}).
// Parameters: $runId.
MATCH (r:RefreshRun {run_id: $runId})
RETURN r.run_id AS run_id, r.status AS status, r.requested_by AS requested_by, r.started_at AS started_at,
       r.finished_at AS finished_at, r.started_at.epochMillis AS started_ms, r.finished_at.epochMillis AS finished_ms,
       r.parameters_json AS parameters_json, r.timings_json AS timings_json, r.counts_json AS counts_json,
       r.louvain_json AS louvain_json, r.modularity AS modularity, r.communities AS communities, r.campaigns AS campaigns,
       r.accounts AS accounts, r.edges AS edges, r.error AS error, r.watermark_last_event_at AS watermark_last_event_at,
       coalesce(r.watermark_batches, []) AS watermark_batches
