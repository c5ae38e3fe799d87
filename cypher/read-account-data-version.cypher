// Purpose: what an account page (GET /api/v1/accounts/{id}) depends on, for the API's cached
// account pages: the current refresh run (campaign memberships) and how many ingest chunks are
// committed (every load commits its rows together with a chunk marker, so any ingest moves the
// count; reset removes them). A count from Neo4j's count store and one indexed node: cheap
// enough to read once a second.
// Parameters: none.
OPTIONAL MATCH (current:HydrascopeState {name: 'current'})
CALL {
  MATCH (chunk:IngestChunk)
  RETURN count(chunk) AS chunks
}
RETURN current.current_run_id AS run_id, chunks
LIMIT 1
