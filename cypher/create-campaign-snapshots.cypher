// Purpose: write this run's campaign snapshots (not yet visible: they get :Current on promotion).
// Parameters: $campaigns (list of {campaign_id, score, size, status, first_activity_at,
// last_activity_at (epoch ms or null), top_signals, explanation_json, evidence_json,
// history_json, first_seen_run_id, peripheral_accounts, community, operation_id}), $runId.
UNWIND $campaigns AS row
CREATE (c:Campaign {
  campaign_id: row.campaign_id, run_id: $runId, score: row.score, size: row.size, status: row.status,
  first_activity_at: CASE WHEN row.first_activity_at IS NULL THEN null ELSE datetime({epochMillis: row.first_activity_at}) END,
  last_activity_at: CASE WHEN row.last_activity_at IS NULL THEN null ELSE datetime({epochMillis: row.last_activity_at}) END,
  top_signals: row.top_signals, explanation_json: row.explanation_json, evidence_json: row.evidence_json,
  history_json: row.history_json, first_seen_run_id: row.first_seen_run_id,
  peripheral_accounts: row.peripheral_accounts, community: row.community, operation_id: row.operation_id,
  created_at: datetime()
})
