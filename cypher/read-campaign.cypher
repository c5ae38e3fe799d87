// Purpose: one campaign with its explanation, evidence and history (GET /api/v1/campaigns/{id}):
// the current snapshot, or the latest one when the campaign left the current result (merged or
// dissolved), so links from older dashboards still explain what happened; with the campaign's
// latest verdict (null when it has none) and the operation it is part of (null for a snapshot
// written before operations).
// Parameters: $campaignId.
MATCH (c:Campaign {campaign_id: $campaignId})
WITH c
ORDER BY c:Current DESC, c.created_at DESC
LIMIT 1
CALL {
  OPTIONAL MATCH (v:Verdict {campaign_id: $campaignId})
  WHERE v.scope = 'campaign'
  WITH v
  ORDER BY v.seq DESC
  LIMIT 1
  RETURN CASE WHEN v IS NULL THEN null ELSE v {.verdict, .by, .at, .note, .automatic} END AS verdict
}
RETURN c.campaign_id AS campaign_id, c.run_id AS run_id, c.score AS score, c.size AS size, c.status AS status,
       c.first_activity_at AS first_activity_at, c.last_activity_at AS last_activity_at, c.top_signals AS top_signals,
       c.first_seen_run_id AS first_seen_run_id, c.explanation_json AS explanation_json, c.evidence_json AS evidence_json,
       c.history_json AS history_json, c.peripheral_accounts AS peripheral_accounts, c:Current AS current, verdict,
       c.operation_id AS operation_id
