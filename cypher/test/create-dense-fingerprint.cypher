// Purpose (tests): one prompt fingerprint sent by $accounts accounts, created in batches, so a
// test can wipe a node with more relationships than one transaction may delete.
// Parameters: $accounts, $runId. Must run as an auto-commit query (CALL { } IN TRANSACTIONS).
UNWIND range(1, $accounts) AS number
CALL {
  WITH number
  MERGE (f:PromptFingerprint {fingerprint: 'dense-fingerprint'})
  ON CREATE SET f.run_id = $runId
  CREATE (a:Account {account_id: 'dense-account-' + number, event_count: 1, run_id: $runId})-[:SENT_PROMPT {events: 1, run_id: $runId}]->(f)
} IN TRANSACTIONS OF 1000 ROWS
