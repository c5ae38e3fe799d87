// Purpose: what the API's cached answers depend on: the run id of the current refresh result and
// the verdicts' counter (every verdict moves it), so a verdict shows on the campaign list and
// detail within the cache's check interval in every API process. Null run id before the first
// refresh.
// Parameters: none.
OPTIONAL MATCH (current:HydrascopeState {name: 'current'})
OPTIONAL MATCH (verdicts:HydrascopeState {name: 'verdicts'})
RETURN current.current_run_id AS run_id, coalesce(verdicts.version, 0) AS verdict_version
LIMIT 1
