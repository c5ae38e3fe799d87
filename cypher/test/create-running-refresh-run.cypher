// Purpose: the API tests' refresh starter: records a running RefreshRun unless one is already
// running, and says which one runs otherwise.
// Parameters: $runId, $requestedBy, $resolution, $seed.
OPTIONAL MATCH (running:RefreshRun {status: 'running'})
WITH collect(running.run_id) AS runningIds
FOREACH (_ IN CASE WHEN size(runningIds) = 0 THEN [1] ELSE [] END |
  CREATE (:RefreshRun {run_id: $runId, status: 'running', started_at: datetime(), requested_by: $requestedBy,
                       resolution: $resolution, seed: $seed,
                       parameters_json: '{"resolution":' + toString($resolution) + ',"seed":' + toString($seed) + '}'}))
RETURN size(runningIds) = 0 AS started, runningIds[0] AS running_run_id
