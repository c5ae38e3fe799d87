// Purpose: create the IP nodes a chunk names, each with its /24 or /48 network.
// Parameters: $addresses (list of {address, network, version}), $runId.
UNWIND $addresses AS row
MERGE (i:IP {address: row.address})
ON CREATE SET i.network = row.network, i.version = row.version, i.run_id = $runId
