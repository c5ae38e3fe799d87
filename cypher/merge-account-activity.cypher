// Purpose: add a chunk's per-account activity to each Account's summary (counts, tokens,
// first/last event, UTC hour-of-day histogram, active days, extraction-like events).
// Parameters: $accounts (list of {account_id, events, input_tokens, output_tokens, first, last
// (epoch ms), hours (24 ints), days (epoch days), extraction_events}), $runId.
UNWIND $accounts AS row
MERGE (a:Account {account_id: row.account_id})
ON CREATE SET a.described = false, a.event_count = 0, a.input_tokens = 0, a.output_tokens = 0, a.extraction_events = 0
WITH a, row, datetime({epochMillis: row.first}) AS first, datetime({epochMillis: row.last}) AS last
SET a.event_count = coalesce(a.event_count, 0) + row.events,
    a.input_tokens = coalesce(a.input_tokens, 0) + row.input_tokens,
    a.output_tokens = coalesce(a.output_tokens, 0) + row.output_tokens,
    a.extraction_events = coalesce(a.extraction_events, 0) + row.extraction_events,
    a.first_event_at = CASE WHEN a.first_event_at IS NULL OR first < a.first_event_at THEN first ELSE a.first_event_at END,
    a.last_event_at = CASE WHEN a.last_event_at IS NULL OR last > a.last_event_at THEN last ELSE a.last_event_at END,
    a.hour_histogram = CASE WHEN a.hour_histogram IS NULL THEN row.hours ELSE [hour IN range(0, 23) | a.hour_histogram[hour] + row.hours[hour]] END,
    a.active_days = coalesce(a.active_days, []) + [day IN row.days WHERE NOT day IN coalesce(a.active_days, [])],
    a.run_id = $runId
