// Purpose (tests): every USED_IP and SENT_PROMPT relationship with its counts, times and the
// stored type of each number (so an integer sent as a float and never turned back shows). A
// private address's use (kept on the IP node: owner, owner_*) is a USED_IP row like a
// relationship's, with private true.
// Parameters: none.
CALL {
  MATCH (a:Account)-[r:USED_IP|SENT_PROMPT]->(x)
  RETURN a.account_id AS account_id, type(r) AS type, coalesce(x.address, x.fingerprint) AS key,
         r.events AS events, r.input_tokens AS input_tokens, r.output_tokens AS output_tokens,
         r.first_seen AS first_seen, r.last_seen AS last_seen, r.run_id AS run_id, false AS private,
         [valueType(r.events), valueType(r.input_tokens), valueType(r.output_tokens), valueType(r.first_seen), valueType(r.last_seen)] AS types
  UNION ALL
  MATCH (i:IP)
  WHERE i.owner IS NOT NULL
  RETURN i.owner AS account_id, 'USED_IP' AS type, i.address AS key,
         i.owner_events AS events, i.owner_input_tokens AS input_tokens, i.owner_output_tokens AS output_tokens,
         i.owner_first_seen AS first_seen, i.owner_last_seen AS last_seen, i.run_id AS run_id, true AS private,
         [valueType(i.owner_events), valueType(i.owner_input_tokens), valueType(i.owner_output_tokens), valueType(i.owner_first_seen), valueType(i.owner_last_seen)] AS types
}
RETURN account_id, type, key, events, input_tokens, output_tokens, first_seen, last_seen, run_id, private, types
ORDER BY account_id, type, key
