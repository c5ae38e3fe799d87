// Purpose (tests): whether the sentinels of create-hostile-input-sentinels are still there.
// Parameters: $accountId (the sentinel account's id).
CALL { MATCH (s:HostileInputSentinel {name: 'sentinel'}) RETURN count(s) AS sentinels }
CALL { MATCH (a:Account {account_id: $accountId}) WHERE a.sentinel = true RETURN count(a) AS sentinel_accounts }
RETURN sentinels, sentinel_accounts
