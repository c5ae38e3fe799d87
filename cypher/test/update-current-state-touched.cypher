// Purpose (tests): take the write lock on the current-result marker inside the caller's
// transaction, so a refresh reaching promotion waits there until that transaction ends.
// Parameters: none.
MERGE (s:HydrascopeState {name: 'current'})
SET s.touched_at = datetime()
RETURN s.name AS name
