// Purpose: write what can link (docs/ingest.md, private addresses). Creates the IP nodes a chunk
// names and decides, for each, whether its usage is private (one account ever used it: kept on
// the IP node as owner and owner_* counters, no USED_IP relationship) or shared (USED_IP
// relationships, written after this statement by merge-ip-usage). An address used by the one
// account of this chunk stays or becomes private to it, and that account's usage in the chunk is
// added here; an address private to an account that this chunk brings another account onto is
// opened: its owner's counters become the owner's USED_IP relationship and leave the node and the
// owner's private_addresses list, in this same transaction. Shared stays shared.
// Concurrency: MERGE on the uniqueness-constrained address serialises two writers creating one
// address; ON MATCH SET takes the node's write lock before its owner is read, so two writers that
// bring accounts onto one private address decide one after the other, each on what the other
// committed (the Neo4j manual's explicit-lock pattern; the marker property is removed again).
// Parameters: one entry per address in $keys (addresses), $networks, $versions and $accountIds
// (the one account of the chunk that used it, null when several did); $numbers holds 5 per entry:
// that account's events, input_tokens, output_tokens, first, last (epoch ms) in the chunk
// (zeros when several), whole numbers sent as floats; $runId.
// Returns: the indexes (into $keys) of the addresses that are shared after this statement.
UNWIND range(0, size($keys) - 1) AS row
WITH row, $keys[row] AS address, $accountIds[row] AS account, row * 5 AS at
MERGE (i:IP {address: address})
ON CREATE SET i.network = $networks[row], i.version = $versions[row], i.owner = account, i.run_id = $runId, i._LOCK_ = 'created'
ON MATCH SET i._LOCK_ = 'matched'
WITH row, i, account, at, i._LOCK_ = 'created' AS created, i.owner AS owner
REMOVE i._LOCK_
WITH row, i, account, at, created, owner, owner IS NOT NULL AND (account IS NULL OR account <> owner) AS opened
CALL {
  // Private: the owner's usage in this chunk joins its counters; a new private address joins its owner's list.
  WITH i, account, at, created, owner, opened
  WITH i, account, at, created
  WHERE account IS NOT NULL AND i.owner = account
  WITH i, account, created, toInteger($numbers[at]) AS events, toInteger($numbers[at + 1]) AS inputTokens, toInteger($numbers[at + 2]) AS outputTokens,
       datetime({epochMillis: toInteger($numbers[at + 3])}) AS first, datetime({epochMillis: toInteger($numbers[at + 4])}) AS last
  SET i.owner_events = coalesce(i.owner_events, 0) + events,
      i.owner_input_tokens = coalesce(i.owner_input_tokens, 0) + inputTokens,
      i.owner_output_tokens = coalesce(i.owner_output_tokens, 0) + outputTokens,
      i.owner_first_seen = CASE WHEN i.owner_first_seen IS NULL OR first < i.owner_first_seen THEN first ELSE i.owner_first_seen END,
      i.owner_last_seen = CASE WHEN i.owner_last_seen IS NULL OR last > i.owner_last_seen THEN last ELSE i.owner_last_seen END,
      i.run_id = $runId
  WITH i, account
  WHERE created
  MATCH (a:Account {account_id: account})
  USING INDEX a:Account(account_id)
  SET a.private_addresses = coalesce(a.private_addresses, []) + i.address
}
CALL {
  // Opened: the previous owner's counters become its USED_IP relationship, exactly.
  WITH i, owner, opened
  WITH i, owner
  WHERE opened
  MATCH (previous:Account {account_id: owner})
  USING INDEX previous:Account(account_id)
  MERGE (previous)-[r:USED_IP]->(i)
  SET r.events = coalesce(r.events, 0) + i.owner_events,
      r.input_tokens = coalesce(r.input_tokens, 0) + i.owner_input_tokens,
      r.output_tokens = coalesce(r.output_tokens, 0) + i.owner_output_tokens,
      r.first_seen = CASE WHEN r.first_seen IS NULL OR i.owner_first_seen < r.first_seen THEN i.owner_first_seen ELSE r.first_seen END,
      r.last_seen = CASE WHEN r.last_seen IS NULL OR i.owner_last_seen > r.last_seen THEN i.owner_last_seen ELSE r.last_seen END,
      r.run_id = $runId,
      previous.private_addresses = [kept IN coalesce(previous.private_addresses, []) WHERE kept <> i.address],
      previous.run_id = $runId
  REMOVE i.owner, i.owner_events, i.owner_input_tokens, i.owner_output_tokens, i.owner_first_seen, i.owner_last_seen
  SET i.run_id = $runId
}
WITH row, i
WHERE i.owner IS NULL
RETURN row
