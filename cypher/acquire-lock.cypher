// Purpose: take a named lease (the refresh lock) when it is free or its holder's lease expired.
// The first SET takes the node's write lock before the lease is read, so two callers never
// both acquire it.
// Parameters: $name, $owner, $runId, $leaseMs.
MERGE (l:Lock {name: $name})
SET l.touched_at = datetime()
WITH l, (l.owner IS NULL OR l.expires_at IS NULL OR l.expires_at < datetime()) AS free
SET l.owner = CASE WHEN free THEN $owner ELSE l.owner END,
    l.run_id = CASE WHEN free THEN $runId ELSE l.run_id END,
    l.acquired_at = CASE WHEN free THEN datetime() ELSE l.acquired_at END,
    l.expires_at = CASE WHEN free THEN datetime() + duration({milliseconds: $leaseMs}) ELSE l.expires_at END
RETURN free AS acquired, l.owner AS owner, l.run_id AS run_id, l.expires_at AS expires_at
