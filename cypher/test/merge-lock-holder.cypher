// Purpose (tests): make a named lease look held by another process, until $expiresInMs from now
// (negative: a lease a crashed process left behind, already expired).
// Parameters: $name, $owner, $runId, $expiresInMs.
MERGE (l:Lock {name: $name})
SET l.owner = $owner, l.run_id = $runId, l.acquired_at = datetime(),
    l.expires_at = datetime() + duration({milliseconds: $expiresInMs})
RETURN l.name AS name
