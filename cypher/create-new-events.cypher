// Purpose: record the event ids of a chunk that are not loaded yet, and return them, so the
// caller aggregates only new events (a re-loaded event counts as a duplicate, never twice).
// Parameters: $eventIds (list of strings, unique within the chunk), $runId (ingest run id).
// Index hints: plans cached while the graph was small must not turn into scans later.
UNWIND $eventIds AS eventId
OPTIONAL MATCH (existing:Event {event_id: eventId})
USING INDEX existing:Event(event_id)
WITH eventId WHERE existing IS NULL
CREATE (:Event {event_id: eventId, run_id: $runId})
RETURN collect(eventId) AS created
