// Purpose: add a chunk's per-(account, address) usage to USED_IP relationships.
// Parameters: $usage (list of {account_id, key (address), events, input_tokens, output_tokens,
// first, last (epoch ms)}), $runId. Accounts and IPs exist already (merged first).
// Index hints: plans cached while the graph was small must not turn into scans later.
UNWIND $usage AS row
MATCH (a:Account {account_id: row.account_id})
USING INDEX a:Account(account_id)
MATCH (i:IP {address: row.key})
USING INDEX i:IP(address)
MERGE (a)-[r:USED_IP]->(i)
WITH r, row, datetime({epochMillis: row.first}) AS first, datetime({epochMillis: row.last}) AS last
SET r.events = coalesce(r.events, 0) + row.events,
    r.input_tokens = coalesce(r.input_tokens, 0) + row.input_tokens,
    r.output_tokens = coalesce(r.output_tokens, 0) + row.output_tokens,
    r.first_seen = CASE WHEN r.first_seen IS NULL OR first < r.first_seen THEN first ELSE r.first_seen END,
    r.last_seen = CASE WHEN r.last_seen IS NULL OR last > r.last_seen THEN last ELSE r.last_seen END,
    r.run_id = $runId
