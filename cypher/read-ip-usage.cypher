// Purpose: every account's address usage (address, its network, events), for the linkage refresh.
// Parameters: none. Streamed, one row per account that used an address, with parallel lists:
// per-account lists decode about twice as fast as one row per USED_IP relationship.
MATCH (a:Account)
WITH a, [(a)-[r:USED_IP]->(i:IP) | [i.address, i.network, r.events]] AS uses
WHERE size(uses) > 0
RETURN a.account_id AS account_id,
       [use IN uses | use[0]] AS addresses,
       [use IN uses | use[1]] AS networks,
       [use IN uses | use[2]] AS events
