// Purpose: mark runs still 'running' as failed once a new refresh holds the lease: only the
// lease holder runs, so they belong to refresh processes that died (killed, crashed, host lost)
// and run history must not show them running forever.
// Parameters: $runId (the run that now holds the lease), $error.
MATCH (r:RefreshRun {status: 'running'})
WHERE r.run_id <> $runId
SET r.status = 'failed', r.finished_at = datetime(), r.error = $error
RETURN count(r) AS abandoned
