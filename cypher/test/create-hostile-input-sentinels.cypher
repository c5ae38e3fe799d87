// Purpose (tests): data a hostile batch must leave alone: a node of a label hydrascope never
// writes, and an account carrying a marker property no load sets.
// Parameters: $accountId (the sentinel account's id).
MERGE (s:HostileInputSentinel {name: 'sentinel'})
MERGE (a:Account {account_id: $accountId})
SET a.sentinel = true
