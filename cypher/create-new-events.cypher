// Purpose: record the event ids of a chunk that are not loaded yet, and return them, so the
// caller aggregates only new events (a re-loaded event counts as a duplicate, never twice).
// Parameters: $eventIds (list of strings, unique within the chunk), $runId (ingest run id).
UNWIND $eventIds AS eventId
OPTIONAL MATCH (existing:Event {event_id: eventId})
WITH eventId WHERE existing IS NULL
CREATE (:Event {event_id: eventId, run_id: $runId})
RETURN collect(eventId) AS created
