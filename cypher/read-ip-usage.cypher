// Purpose: every (account, address) usage with the address's network, for the linkage refresh.
// Parameters: none. Streamed (one row per USED_IP relationship).
MATCH (a:Account)-[r:USED_IP]->(i:IP)
RETURN a.account_id AS account_id, i.address AS address, i.network AS network, r.events AS events
