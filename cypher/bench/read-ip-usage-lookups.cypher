// Purpose (write-floor benchmark): only the two index lookups of merge-ip-usage's rows, to split
// a row's cost into finding its nodes and writing its relationship.
// Parameters: the same as merge-ip-usage: $accountIds, $keys ($numbers and $runId are unused).
UNWIND range(0, size($accountIds) - 1) AS row
WITH $accountIds[row] AS accountId, $keys[row] AS address
MATCH (a:Account {account_id: accountId})
USING INDEX a:Account(account_id)
MATCH (i:IP {address: address})
USING INDEX i:IP(address)
RETURN count(*) AS rows
