// Purpose (tests): every USED_IP and SENT_PROMPT relationship with its counts, times and the
// stored type of each number (so an integer sent as a float and never turned back shows).
// Parameters: none.
MATCH (a:Account)-[r:USED_IP|SENT_PROMPT]->(x)
RETURN a.account_id AS account_id, type(r) AS type, coalesce(x.address, x.fingerprint) AS key,
       r.events AS events, r.input_tokens AS input_tokens, r.output_tokens AS output_tokens,
       r.first_seen AS first_seen, r.last_seen AS last_seen, r.run_id AS run_id,
       [valueType(r.events), valueType(r.input_tokens), valueType(r.output_tokens), valueType(r.first_seen), valueType(r.last_seen)] AS types
ORDER BY account_id, type, key
