// Purpose (write-floor benchmark): create the Account nodes its usage rows point at, named
// floor-account-0, floor-account-1, ... so the statements under test find them by index.
// Parameters: $count (accounts to create), $runId.
UNWIND range(0, $count - 1) AS number
CREATE (:Account {account_id: 'floor-account-' + number, event_count: 0, input_tokens: 0, output_tokens: 0, extraction_events: 0, described: false, run_id: $runId})
