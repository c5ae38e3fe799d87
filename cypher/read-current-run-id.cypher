// Purpose: the run id of the current refresh result (one small node), so the API knows whether
// its cached answers still belong to the current result. Null before the first refresh.
// Parameters: none.
OPTIONAL MATCH (s:HydrascopeState {name: 'current'})
RETURN s.current_run_id AS run_id
LIMIT 1
