// Purpose (write-floor benchmark): the relationship alone, without properties: with the index
// lookups and create-ip-usage-floor, it splits a usage relationship's cost into finding its
// nodes, creating it, and setting its six properties.
// Parameters: the same as merge-ip-usage: $accountIds, $keys ($numbers and $runId unused).
UNWIND range(0, size($accountIds) - 1) AS row
WITH $accountIds[row] AS accountId, $keys[row] AS address
MATCH (a:Account {account_id: accountId})
USING INDEX a:Account(account_id)
MATCH (i:IP {address: address})
USING INDEX i:IP(address)
CREATE (a)-[:USED_IP]->(i)
