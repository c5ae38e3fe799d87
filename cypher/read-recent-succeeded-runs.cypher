// Purpose: the ids of the most recent succeeded refresh runs (their snapshots are kept).
// Parameters: $limit.
MATCH (r:RefreshRun {status: 'succeeded'})
RETURN r.run_id AS run_id
ORDER BY r.started_at DESC
LIMIT $limit
