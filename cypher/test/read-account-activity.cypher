// Purpose (tests): one account's activity summary, with the stored type of each value.
// Parameters: $accountId.
MATCH (a:Account {account_id: $accountId})
RETURN a.event_count AS event_count, a.input_tokens AS input_tokens, a.output_tokens AS output_tokens,
       a.extraction_events AS extraction_events, a.first_event_at AS first_event_at, a.last_event_at AS last_event_at,
       a.hour_histogram AS hour_histogram, a.active_days AS active_days,
       [valueType(a.event_count), valueType(a.input_tokens), valueType(a.output_tokens), valueType(a.extraction_events),
        valueType(a.first_event_at), valueType(a.hour_histogram), valueType(a.active_days)] AS types
