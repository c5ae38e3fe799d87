// Purpose: extend a lease its owner still holds (a running refresh renews it periodically).
// Parameters: $name, $owner, $leaseMs.
MATCH (l:Lock {name: $name})
WHERE l.owner = $owner
SET l.expires_at = datetime() + duration({milliseconds: $leaseMs})
RETURN count(l) AS renewed
