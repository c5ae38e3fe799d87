// Purpose (tests): take the write lock on one account (created when missing) inside the caller's
// transaction, so a load writing that account waits there until the transaction ends.
// Parameters: $accountId.
MERGE (a:Account {account_id: $accountId})
SET a.touched_at = datetime()
RETURN a.account_id AS account_id
