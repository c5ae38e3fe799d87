// Purpose: every account's sign-up data and activity summary, for the linkage refresh.
// Parameters: none. Streamed (one row per account).
MATCH (a:Account)
RETURN a.account_id AS account_id,
       a.created_at.epochMillis AS created_at,
       a.first_event_at.epochMillis AS first_event_at,
       a.last_event_at.epochMillis AS last_event_at,
       a.event_count AS event_count,
       a.input_tokens AS input_tokens,
       a.output_tokens AS output_tokens,
       a.extraction_events AS extraction_events,
       a.hour_histogram AS hour_histogram,
       a.active_days AS active_days,
       a.org_id AS org_id,
       a.plan AS plan,
       a.country AS country
