// Purpose: who holds a named lease and until when.
// Parameters: $name.
OPTIONAL MATCH (l:Lock {name: $name})
RETURN l.owner AS owner, l.run_id AS run_id, l.expires_at AS expires_at,
       (l IS NOT NULL AND l.owner IS NOT NULL AND l.expires_at >= datetime()) AS held
