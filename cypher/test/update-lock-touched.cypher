// Purpose (tests): take the write lock on one Lock node (created when missing) inside the caller's
// transaction; two transactions taking two such locks in opposite orders deadlock for real.
// Parameters: $name.
MERGE (l:Lock {name: $name})
SET l.touched_at = datetime()
RETURN l.name AS name
