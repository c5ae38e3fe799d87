// Purpose: every private address (used by one account only, kept on the IP node as owner and
// owner_* counters instead of a USED_IP relationship: merge-ip-ownership.cypher) with its owner
// and events, for the linkage refresh: it links no one, but it counts among its owner's addresses
// and networks, and a network it shares with other accounts' addresses links them.
// Parameters: none. Streamed, one row per private address.
MATCH (i:IP)
WHERE i.owner IS NOT NULL
RETURN i.owner AS account_id, i.address AS address, i.network AS network, i.owner_events AS events
