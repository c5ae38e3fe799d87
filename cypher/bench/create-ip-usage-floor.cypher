// Purpose (write-floor benchmark): the least a transaction can do for merge-ip-usage's rows in
// the graph model ingest must keep: find both nodes by index and create the relationship with
// its six properties, no MERGE and no reading of earlier values. Its time per row is the floor
// under any transactional load of the same rows.
// Parameters: the same as merge-ip-usage: $accountIds, $keys, $numbers (5 per row), $runId.
UNWIND range(0, size($accountIds) - 1) AS row
WITH $accountIds[row] AS accountId, $keys[row] AS address, row * 5 AS at
MATCH (a:Account {account_id: accountId})
USING INDEX a:Account(account_id)
MATCH (i:IP {address: address})
USING INDEX i:IP(address)
CREATE (a)-[r:USED_IP]->(i)
SET r.events = toInteger($numbers[at]),
    r.input_tokens = toInteger($numbers[at + 1]),
    r.output_tokens = toInteger($numbers[at + 2]),
    r.first_seen = datetime({epochMillis: toInteger($numbers[at + 3])}),
    r.last_seen = datetime({epochMillis: toInteger($numbers[at + 4])}),
    r.run_id = $runId
