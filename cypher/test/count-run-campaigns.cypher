// Purpose (tests): how many campaign snapshots one refresh run left behind.
// Parameters: $runId.
MATCH (c:Campaign {run_id: $runId})
RETURN count(c) AS campaigns
