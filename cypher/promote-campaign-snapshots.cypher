// Purpose: make this run's campaigns the current result in one step: :Current moves from the
// previous snapshots to this run's, so readers never see half a refresh.
// Parameters: $runId.
OPTIONAL MATCH (old:Campaign:Current)
REMOVE old:Current
WITH count(old) AS demoted
OPTIONAL MATCH (c:Campaign {run_id: $runId})
SET c:Current
WITH demoted, count(c) AS promoted
MERGE (s:HydrascopeState {name: 'current'})
SET s.current_run_id = $runId, s.updated_at = datetime()
RETURN demoted, promoted
