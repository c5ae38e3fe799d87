// Purpose: add a chunk's per-account activity to each Account's summary (counts, tokens,
// first/last event, UTC hour-of-day histogram, active days, extraction-like events).
// Parameters: one entry per row in $accountIds; $numbers holds 6 per row: events, input_tokens,
// output_tokens, extraction_events, first, last (epoch ms); $hours 24 per row (events per UTC
// hour); $days every row's active epoch days in turn, row k's from $dayOffsets[k] up to
// $dayOffsets[k + 1]. Numbers come as floats (columns pack far faster than a map per row) and are
// turned back into integers here; $dayOffsets are integers. $runId.
UNWIND range(0, size($accountIds) - 1) AS row
WITH row, $accountIds[row] AS accountId, row * 6 AS at
MERGE (a:Account {account_id: accountId})
ON CREATE SET a.described = false, a.event_count = 0, a.input_tokens = 0, a.output_tokens = 0, a.extraction_events = 0
WITH a, toInteger($numbers[at]) AS events, toInteger($numbers[at + 1]) AS inputTokens, toInteger($numbers[at + 2]) AS outputTokens,
     toInteger($numbers[at + 3]) AS extractionEvents,
     datetime({epochMillis: toInteger($numbers[at + 4])}) AS first, datetime({epochMillis: toInteger($numbers[at + 5])}) AS last,
     [hour IN range(0, 23) | toInteger($hours[row * 24 + hour])] AS hours,
     [day IN $days[$dayOffsets[row]..$dayOffsets[row + 1]] | toInteger(day)] AS days
SET a.event_count = coalesce(a.event_count, 0) + events,
    a.input_tokens = coalesce(a.input_tokens, 0) + inputTokens,
    a.output_tokens = coalesce(a.output_tokens, 0) + outputTokens,
    a.extraction_events = coalesce(a.extraction_events, 0) + extractionEvents,
    a.first_event_at = CASE WHEN a.first_event_at IS NULL OR first < a.first_event_at THEN first ELSE a.first_event_at END,
    a.last_event_at = CASE WHEN a.last_event_at IS NULL OR last > a.last_event_at THEN last ELSE a.last_event_at END,
    a.hour_histogram = CASE WHEN a.hour_histogram IS NULL THEN hours ELSE [hour IN range(0, 23) | a.hour_histogram[hour] + hours[hour]] END,
    a.active_days = coalesce(a.active_days, []) + [day IN days WHERE NOT day IN coalesce(a.active_days, [])],
    a.run_id = $runId
