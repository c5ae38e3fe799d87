// Purpose (tests): every usage relationship and account summary an ingest wrote, one row each, to
// compare two loads of one batch property by property (one writer against several); a doubled
// relationship shows as a second row. A private address's use (kept on the IP node: owner,
// owner_*) is a USED_IP row like a relationship's. Parameters: none. Rows come unordered and active days in
// commit order: the caller sorts both.
MATCH (a:Account)-[r:USED_IP|SENT_PROMPT]->(entity)
RETURN type(r) AS kind, a.account_id AS account, coalesce(entity.address, entity.fingerprint) AS key,
       [r.events, r.input_tokens, r.output_tokens] AS counts, [toString(r.first_seen), toString(r.last_seen)] AS times,
       null AS hours, null AS days
UNION ALL
MATCH (i:IP)
WHERE i.owner IS NOT NULL
RETURN 'USED_IP' AS kind, i.owner AS account, i.address AS key,
       [i.owner_events, i.owner_input_tokens, i.owner_output_tokens] AS counts, [toString(i.owner_first_seen), toString(i.owner_last_seen)] AS times,
       null AS hours, null AS days
UNION ALL
MATCH (a:Account)
RETURN 'Account' AS kind, a.account_id AS account, null AS key,
       [a.event_count, a.input_tokens, a.output_tokens, a.extraction_events] AS counts, [toString(a.first_event_at), toString(a.last_event_at)] AS times,
       a.hour_histogram AS hours, a.active_days AS days
