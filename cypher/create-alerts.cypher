// Purpose: the alerts a refresh raises (new campaigns, reopened ones, new members of confirmed
// ones, big growth), written in its promotion transaction and stamped with its run id. An alert
// stays open until a verdict on its campaign clears it (create-campaign-verdict,
// create-account-verdict).
// Parameters: $runId, $alerts (list of {alert_id, kind, campaign_id, account_id (or null),
// detail, size, previous_size (or null)}).
UNWIND $alerts AS row
CREATE (:Alert {
  alert_id: row.alert_id, run_id: $runId, kind: row.kind, campaign_id: row.campaign_id, account_id: row.account_id,
  detail: row.detail, size: row.size, previous_size: row.previous_size, created_at: datetime()
})
