// Purpose: give a lease back (only its owner can).
// Parameters: $name, $owner.
MATCH (l:Lock {name: $name})
WHERE l.owner = $owner
SET l.owner = null, l.run_id = null, l.expires_at = null, l.released_at = datetime()
RETURN count(l) AS released
